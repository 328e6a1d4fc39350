package io.runnel.persistence.journal;

import com.typesafe.config.Config;
import io.runnel.persistence.log.RecordLog;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runnel's embedded Pekko Persistence journal: every event of every persistence id goes, in the
 * order written, into one {@link RecordLog} under {@code dir}, and an index in memory (sequence
 * numbers and record positions per persistence id) serves replays. A batch of writes (Pekko
 * hands the journal every write waiting in its mailbox at once) is written with one system call
 * and, in {@code fsync = always}, forced to disk once before any of it is acknowledged: group
 * commit. {@code everysec} forces the log about once a second from a timer; {@code no} leaves it
 * to the operating system. The modes are Redis's appendfsync.
 *
 * <p>Configuration (the plugin's section): {@code dir}, {@code fsync}, {@code segment-size},
 * {@code truncate-corrupt} (start anyway when a record in the middle is damaged, dropping the log
 * from there on; off by default).
 */
public final class SegmentJournal extends AsyncWriteJournal {

    /** Reads the records at start, to index them. */
    private final JournalRecords.Reader indexReader = new JournalRecords.Reader();
    /** Reads the records of replays, on the replay thread (one at a time). */
    private final JournalRecords.Reader replayReader = new JournalRecords.Reader();

    /** The journal of one persistence id: its sequence numbers and where their records are. */
    private static final class Index {
        long[] sequenceNrs = new long[16];
        long[] positions = new long[16];
        int size;
        int first; // entries before it were deleted
        long deletedTo;
        long highest;

        void add(long sequenceNr, long position) {
            if (size == sequenceNrs.length) {
                sequenceNrs = Arrays.copyOf(sequenceNrs, size * 2);
                positions = Arrays.copyOf(positions, size * 2);
            }
            sequenceNrs[size] = sequenceNr;
            positions[size] = position;
            size++;
            highest = Math.max(highest, sequenceNr);
        }

        void deleteTo(long sequenceNr) {
            deletedTo = Math.max(deletedTo, sequenceNr);
            while (first < size && sequenceNrs[first] <= deletedTo) {
                first++;
            }
            if (first > 0 && first >= size / 2) {
                // what a snapshot replaced is forgotten, so the index stays as small as the journal
                int live = size - first;
                int capacity = Math.max(16, Integer.highestOneBit(Math.max(1, live)) * 2);
                sequenceNrs = Arrays.copyOf(Arrays.copyOfRange(sequenceNrs, first, size), capacity);
                positions = Arrays.copyOf(Arrays.copyOfRange(positions, first, size), capacity);
                size = live;
                first = 0;
            }
        }
    }

    private final RecordLog log;
    private final String fsync;
    private final Map<String, Index> indexes = new HashMap<>();
    private final Serialization serialization = SerializationExtension.get(context().system());
    private final ScheduledExecutorService syncer;
    /**
     * Replays read and decode records on a thread of their own (Pekko lets a replay hand events
     * over from any thread): while it reads, the recovering actors apply what it read, so a start
     * with a long journal uses two cores, whichever dispatcher the journal runs on.
     */
    private final java.util.concurrent.ExecutorService replayThread = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "journal-replay");
        thread.setDaemon(true);
        return thread;
    });
    private final scala.concurrent.ExecutionContext replays = scala.concurrent.ExecutionContext.fromExecutor(replayThread);
    private final IOException openFailure;
    private final Path faultFile;
    /** After a failed write, every write is refused until this time (ms). */
    private long refusingUntil;
    private String lastWriteFailure = "";

    public SegmentJournal(Config config) throws IOException {
        Path dir = Path.of(config.getString("dir"));
        this.fsync = config.getString("fsync");
        this.faultFile = config.hasPath("fault-file") && !config.getString("fault-file").isEmpty()
                ? Path.of(config.getString("fault-file")) : null;
        if (!fsync.equals("always") && !fsync.equals("everysec") && !fsync.equals("no")) {
            throw new IllegalArgumentException("fsync must be always, everysec or no: " + fsync);
        }
        RecordLog.Options options = new RecordLog.Options(config.getBytes("segment-size"), config.getBoolean("truncate-corrupt"));
        RecordLog opened = null;
        IOException failure = null;
        try {
            opened = RecordLog.open(dir, options, new RecordLog.RecordVisitor() {
                @Override
                public void record(long position, byte[] payload) {
                    index(position, payload, 0, payload.length);
                }

                @Override
                public void record(long position, byte[] segment, int offset, int length) {
                    index(position, segment, offset, length);
                }
            });
        } catch (IOException e) {
            // kept, not thrown: every replay then fails at once with it, naming the file and
            // offset, instead of the journal actor failing to start and recoveries timing out
            failure = e;
        }
        this.log = opened;
        this.openFailure = failure;
        if (log == null) {
            context().system().log().error(failure, "journal {} cannot be opened", dir);
            syncer = null;
            return;
        }
        RecordLog.Recovery recovery = log.recovery();
        if (recovery.truncated()) {
            context().system().log().warning(String.format("journal %s: %d bytes cut off at offset %d of %s (%s)", dir,
                    recovery.truncatedBytes(), recovery.truncatedAt(), recovery.truncatedFile(),
                    recovery.corruptionTruncated() ? "damaged record in the middle, truncate-corrupt is on"
                            : "the last record was incomplete, as a crash leaves it"));
        }
        if (fsync.equals("everysec")) {
            syncer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "journal-fsync");
                thread.setDaemon(true);
                return thread;
            });
            syncer.scheduleWithFixedDelay(this::syncQuietly, 1, 1, TimeUnit.SECONDS);
        } else {
            syncer = null;
        }
    }

    private void syncQuietly() {
        try {
            log.sync();
        } catch (IOException e) {
            context().system().log().error(e, "journal fsync failed");
        }
    }

    /** Indexes a record found at start: read in place, as the whole segment's bytes hold it. */
    private void index(long position, byte[] segment, int offset, int length) {
        try {
            int kind = indexReader.kind(segment, offset, length);
            Index index = indexes.computeIfAbsent(indexReader.persistenceId(segment, offset, length), id -> new Index());
            long sequenceNr = indexReader.sequenceNr(segment, offset, length);
            if (kind == JournalRecords.EVENT) {
                index.add(sequenceNr, position);
            } else if (kind == JournalRecords.DELETED_TO) {
                index.deleteTo(sequenceNr);
                index.highest = Math.max(index.highest, sequenceNr);
            } else {
                throw new IOException("unknown journal record kind " + kind);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a batch. When the disk refuses it (full, read-only, failing), the batch is undone in
     * the log and every write of it is rejected rather than failed: Pekko then keeps the writers
     * running, and they may write the same events again once the disk recovers, without a half
     * written batch to be read twice.
     */
    @Override
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        if (openFailure != null) {
            return Futures.failed(openFailure);
        }
        List<Optional<Exception>> results = new ArrayList<>();
        List<Object[]> indexed = new ArrayList<>();
        RecordLog.Mark mark = null;
        try {
            if (System.currentTimeMillis() < refusingUntil) {
                // a write failed moments ago: later writes must not overtake the refused ones,
                // which their writers send again once this second is over
                List<Optional<Exception>> rejected = new ArrayList<>();
                IOException refusal = new IOException(lastWriteFailure);
                messages.forEach(write -> rejected.add(Optional.of(refusal)));
                return Futures.successful(rejected);
            }
            checkFault();
            mark = log.mark();
            for (AtomicWrite write : messages) {
                for (PersistentRepr event : CollectionConverters.asJava(write.payload())) {
                    long position = log.append(encode(event));
                    indexed.add(new Object[] {event.persistenceId(), event.sequenceNr(), position});
                }
                results.add(Optional.empty());
            }
            if (fsync.equals("always")) {
                log.sync();
            } else {
                log.flush();
            }
        } catch (IOException e) {
            context().system().log().error("journal write failed: {}", e.getMessage());
            refusingUntil = System.currentTimeMillis() + 1000;
            lastWriteFailure = e.getMessage() == null ? e.toString() : e.getMessage();
            if (mark != null) {
                try {
                    log.rollback(mark);
                } catch (IOException ignored) {
                    // the disk refuses even that: the next mark writes out nothing new
                }
            }
            List<Optional<Exception>> rejected = new ArrayList<>();
            messages.forEach(write -> rejected.add(Optional.of(e)));
            return Futures.successful(rejected);
        } catch (RuntimeException e) {
            return Futures.failed(e);
        }
        for (Object[] entry : indexed) {
            indexes.computeIfAbsent((String) entry[0], id -> new Index()).add((Long) entry[1], (Long) entry[2]);
        }
        return Futures.successful(results);
    }

    /**
     * A fault for tests of full disks: while the file named by {@code fault-file} exists, writes
     * fail as a full disk makes them fail. Not set in production.
     */
    private void checkFault() throws IOException {
        if (faultFile != null && java.nio.file.Files.exists(faultFile)) {
            throw new IOException("No space left on device");
        }
    }

    /** The serializer of each payload class seen (the same few classes, every write). */
    private final Map<Class<?>, Serializer> serializers = new HashMap<>();

    /** One event record ({@link JournalRecords} gives its layout). */
    private byte[] encode(PersistentRepr event) {
        Object payload = event.payload();
        Serializer serializer = serializers.computeIfAbsent(payload.getClass(), c -> serialization.findSerializerFor(payload));
        return JournalRecords.event(event.persistenceId(), event.sequenceNr(), event.writerUuid(),
                serializer.identifier(), Serializers.manifestFor(serializer, payload), serializer.toBinary(payload));
    }

    private PersistentRepr decode(byte[] record) throws IOException {
        JournalRecords.Event event = replayReader.event(record);
        Object payload = serialization.deserialize(event.payload(), event.serializerId(), event.manifest()).get();
        return PersistentRepr.apply(payload, event.sequenceNr(), event.persistenceId(), event.manifest(), false, null,
                event.writerUuid());
    }

    @Override
    public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
        if (openFailure != null) {
            return Futures.failed(openFailure);
        }
        try {
            Index index = indexes.computeIfAbsent(persistenceId, id -> new Index());
            long upTo = Math.min(toSequenceNr, index.highest);
            log.append(JournalRecords.deletedTo(persistenceId, upTo));
            log.sync();
            index.deleteTo(upTo);
            compact();
        } catch (IOException e) {
            return Futures.failed(e);
        }
        return Futures.successful(null);
    }

    /**
     * Drops the segments that hold no event any persistence id still needs (every event in them
     * deleted after a snapshot). When nothing at all is needed any more, the segment being
     * written is closed first, so that it can go too.
     */
    private void compact() throws IOException {
        long oldestNeeded = Long.MAX_VALUE;
        for (Index index : indexes.values()) {
            if (index.first < index.size) {
                oldestNeeded = Math.min(oldestNeeded, index.positions[index.first]);
            }
        }
        java.util.List<Path> segments = log.segments();
        Path keep;
        if (oldestNeeded == Long.MAX_VALUE) {
            // only deletion marks are left; a small segment of them is not worth a new file
            keep = log.currentSegmentBytes() > 64 * 1024 ? log.roll() : segments.get(segments.size() - 1);
        } else {
            keep = RecordLog.segmentOf(log.directory(), oldestNeeded);
        }
        if (!segments.isEmpty() && !segments.get(0).equals(keep)) {
            log.deleteSegmentsBefore(keep);
        }
    }

    @Override
    public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
                                              Consumer<PersistentRepr> replayCallback) {
        if (openFailure != null) {
            return Futures.failed(openFailure);
        }
        Index index = indexes.get(persistenceId);
        if (index == null) {
            return Futures.successful(null);
        }
        // the entries as they stand now: no event of this persistence id is written while it
        // recovers, and entries of others added meanwhile go past `size` or into new arrays
        long[] sequenceNrs = index.sequenceNrs;
        long[] positions = index.positions;
        int first = index.first;
        int size = index.size;
        return Futures.future(() -> {
            long replayed = 0;
            for (int i = first; i < size && replayed < max; i++) {
                long sequenceNr = sequenceNrs[i];
                if (sequenceNr < fromSequenceNr) {
                    continue;
                }
                if (sequenceNr > toSequenceNr) {
                    break;
                }
                replayCallback.accept(decode(log.read(positions[i])));
                replayed++;
            }
            return null;
        }, replays);
    }

    @Override
    public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
        if (openFailure != null) {
            return Futures.failed(openFailure);
        }
        Index index = indexes.get(persistenceId);
        return Futures.successful(index == null ? 0L : index.highest);
    }

    @Override
    public void postStop() throws Exception {
        if (syncer != null) {
            syncer.shutdownNow();
        }
        replayThread.shutdownNow();
        if (log != null) {
            log.close();
        }
        super.postStop();
    }
}
