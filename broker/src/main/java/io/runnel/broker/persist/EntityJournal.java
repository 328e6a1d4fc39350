package io.runnel.broker.persist;

import io.runnel.broker.keyspace.ShardState;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.AbstractPersistentActor;
import org.apache.pekko.persistence.RecoveryCompleted;

/**
 * The Pekko Persistence side of one keyspace entity (a classic persistent actor, for
 * persistAsync: the entity goes on executing while its records are being written). On start it
 * replays the entity's journal into the entity's state, applying each event with the same code
 * that applied it live, then reports that it is done. Afterwards it writes each record the
 * entity sends and runs the record's callback once the journal has it (on disk, with
 * appendfsync always). The journal plugin is whatever the configuration names.
 */
public final class EntityJournal extends AbstractPersistentActor {

    /** A record of events already applied; {@code written} runs when the journal has it (may be null). */
    public record Append(byte[] record, Runnable written) {
    }

    /**
     * The entity's whole state as of the last record sent, to be saved as a snapshot; the
     * journal's events up to it are deleted once it is safe. {@code done} completes then.
     */
    public record TakeSnapshot(byte[] state, java.util.concurrent.CompletableFuture<Void> done) {
    }

    /** Snapshots being saved, by the sequence number they stand at. */
    private final java.util.List<java.util.Map.Entry<Long, java.util.concurrent.CompletableFuture<Void>>> saving = new java.util.ArrayList<>();

    private final String persistenceId;
    private final ShardState state;
    private final EventCodecs codecs;
    private final Runnable recovered;
    /** The transactions the transaction log holds commit records of (recovered before this). */
    private final java.util.Set<Long> committed;
    private final java.util.function.Consumer<Throwable> failed;
    private final java.util.function.Consumer<String> health;
    private long replayedEvents;

    /**
     * @param recovered runs once the entity's journal is replayed
     * @param failed    receives why it could not be (a record that does not read, a journal that
     *                  does not open)
     * @param health    receives why the journal refuses writes, and null once it takes them again
     */
    public EntityJournal(String persistenceId, ShardState state, EventCodecs codecs, java.util.Set<Long> committed,
                         Runnable recovered, java.util.function.Consumer<Throwable> failed,
                         java.util.function.Consumer<String> health) {
        this.persistenceId = persistenceId;
        this.committed = committed;
        this.state = state;
        this.codecs = codecs;
        this.recovered = recovered;
        this.failed = failed;
        this.health = health;
    }

    private static final String RETRY = "retry";
    private static final String FLUSH = "flush";
    /** Whether a FLUSH is on its way through the mailbox. */
    private boolean flushQueued;
    /**
     * Groups of records sent to the journal, each as one journal record, not yet confirmed or
     * refused, in order. Normally one at most: records arriving meanwhile wait in
     * {@link #pending} and follow together, so a busy entity pays the journal's cost per group,
     * not per record, and its group commit still covers every writer.
     */
    private final java.util.ArrayDeque<List<Append>> inFlight = new java.util.ArrayDeque<>();
    /** Records that arrived while a group was in flight: the next group. */
    private List<Append> pending = new ArrayList<>();
    /** Records the journal refused (and all after them), waiting to be written again. */
    private final List<Append> waiting = new ArrayList<>();
    private boolean retryScheduled;
    /** How many of the waiting records are refused ones (they lead, in the order they were sent). */
    private int refusedWaiting;
    /** Whether the entity was told that the journal refuses writes. */
    private boolean refusing;

    /** Writes {@code group} as one journal record: the journal takes all of it or none. */
    private void write(List<Append> group) {
        inFlight.add(group);
        List<byte[]> records = new ArrayList<>(group.size());
        group.forEach(append -> records.add(append.record()));
        persistAsync(EventCodecs.join(records), record -> confirmed());
    }

    private void writePending() {
        if (!pending.isEmpty()) {
            List<Append> group = pending;
            pending = new ArrayList<>();
            write(group);
        }
    }

    /** The oldest group in flight is written: its replies go out; the journal may be healthy again. */
    private void confirmed() {
        List<Append> group = inFlight.poll();
        if (group != null) {
            for (Append append : group) {
                if (append.written() != null) {
                    append.written().run();
                }
            }
        }
        if (inFlight.isEmpty()) {
            writePending();
        }
        if (refusing && inFlight.isEmpty() && waiting.isEmpty()) {
            refusing = false;
            health.accept(null);
        }
    }

    /**
     * Writes every waiting record again as one group, so the journal takes them all or none,
     * never a later one without an earlier one.
     */
    private void writeWaiting() {
        List<Append> again = new ArrayList<>(waiting);
        waiting.clear();
        refusedWaiting = 0;
        if (!again.isEmpty()) {
            write(again);
        }
    }

    private void scheduleRetry() {
        if (!retryScheduled) {
            retryScheduled = true;
            getContext().getSystem().scheduler().scheduleOnce(java.time.Duration.ofSeconds(1), getSelf(), RETRY,
                    getContext().getDispatcher(), getSelf());
        }
    }

    /**
     * The journal could not write a record (a full or failing disk; the embedded journal then
     * refuses every write for a second, so none overtakes it). The record waits, with every later
     * one, and all are written again, together, each second until the disk takes them; meanwhile
     * writes are refused with MISCONF. Replies of the waiting records are sent when written.
     */
    @Override
    public void onPersistRejected(Throwable cause, Object event, long sequenceNr) {
        List<Append> refused = inFlight.poll();
        if (refused != null) {
            // refused groups come back in the order they were sent, before the records sent later
            waiting.addAll(refusedWaiting, refused);
            refusedWaiting += refused.size();
        }
        waiting.addAll(pending); // sent after every group in flight: behind them all
        pending = new ArrayList<>();
        if (!refusing) {
            refusing = true;
            health.accept(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }
        scheduleRetry();
    }

    private void finishSaving(long sequenceNr, Throwable failure) {
        saving.removeIf(entry -> {
            if (entry.getKey() > sequenceNr) {
                return false;
            }
            if (failure == null) {
                entry.getValue().complete(null);
            } else {
                entry.getValue().completeExceptionally(failure);
            }
            return true;
        });
    }

    @Override
    public void onRecoveryFailure(Throwable cause, scala.Option<Object> event) {
        getContext().getSystem().log().error("{}: the journal cannot be replayed: {}", persistenceId, cause.getMessage());
        // once the journal has failed often enough, Pekko's circuit breaker answers for it: the
        // reason worth reporting is the failure that came before
        if (!(cause instanceof org.apache.pekko.pattern.CircuitBreakerOpenException)) {
            failed.accept(cause);
        }
    }

    @Override
    public String persistenceId() {
        return persistenceId;
    }

    private void replay(EventCodecs.Batch batch) {
        if (batch.transactionId() != 0 && !committed.contains(batch.transactionId())) {
            // a part of a command spanning entities whose commit never reached the journal: the
            // other parts are skipped too, so none is applied
            getContext().getSystem().log().warning("{}: part of an uncommitted transaction {} skipped",
                    persistenceId, batch.transactionId());
            return;
        }
        for (var event : batch.events()) {
            event.applyTo(state);
            if (++replayedEvents % 1_000_000 == 0) {
                getContext().getSystem().log().info("{}: {} events replayed so far", persistenceId, replayedEvents);
            }
        }
    }

    @Override
    public Receive createReceiveRecover() {
        return receiveBuilder()
                .match(org.apache.pekko.persistence.SnapshotOffer.class, offer -> ShardSnapshot.read((byte[]) offer.snapshot(), state))
                .match(byte[].class, record -> {
                    for (EventCodecs.Batch batch : codecs.decodeRecord(record)) {
                        replay(batch);
                    }
                })
                .match(RecoveryCompleted.class, done -> {
                    if (replayedEvents > 0) {
                        getContext().getSystem().log().info("{}: {} events replayed", persistenceId, replayedEvents);
                    }
                    recovered.run();
                })
                .build();
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(Append.class, append -> {
                    if (refusing) {
                        waiting.add(append); // behind the records the disk refused: order is kept
                    } else {
                        pending.add(append);
                        if (inFlight.isEmpty() && !flushQueued) {
                            // written once the records already in the mailbox have joined it:
                            // the writes of one round of the event loop share one record (and,
                            // with appendfsync always, one fsync), as Redis writes its AOF
                            // buffer once per round
                            flushQueued = true;
                            getSelf().tell(FLUSH, getSelf());
                        }
                    }
                })
                .matchEquals(FLUSH, flush -> {
                    flushQueued = false;
                    if (inFlight.isEmpty() && !refusing) {
                        writePending();
                    }
                })
                .matchEquals(RETRY, retry -> {
                    retryScheduled = false;
                    if (inFlight.isEmpty()) {
                        writeWaiting();
                    } else {
                        scheduleRetry(); // refusals of earlier records are still to come back
                    }
                })
                .match(TakeSnapshot.class, take -> {
                    if (refusing) {
                        // records refused by the disk wait to be written after the snapshot's
                        // sequence number while their events are in it: replay would apply them twice
                        take.done().completeExceptionally(new java.io.IOException("the journal refuses writes"));
                        return;
                    }
                    // the snapshot holds the events of every record sent before it: those
                    // records must have sequence numbers before the snapshot's
                    writePending();
                    saving.add(java.util.Map.entry(lastSequenceNr(), take.done()));
                    saveSnapshot(take.state());
                })
                .match(org.apache.pekko.persistence.SaveSnapshotSuccess.class, saved -> {
                    long at = saved.metadata().sequenceNr();
                    // the snapshot stands for every event up to it: the journal and older snapshots may go
                    deleteMessages(at);
                    deleteSnapshots(org.apache.pekko.persistence.SnapshotSelectionCriteria.create(at, saved.metadata().timestamp() - 1));
                    finishSaving(at, null);
                })
                .match(org.apache.pekko.persistence.SaveSnapshotFailure.class, failed -> {
                    getContext().getSystem().log().error(failed.cause(), "{}: snapshot not saved", persistenceId);
                    finishSaving(failed.metadata().sequenceNr(), failed.cause());
                })
                .match(org.apache.pekko.persistence.DeleteMessagesSuccess.class, deleted -> { })
                .match(org.apache.pekko.persistence.DeleteSnapshotsSuccess.class, deleted -> { })
                .match(org.apache.pekko.persistence.DeleteMessagesFailure.class, failed -> getContext().getSystem().log()
                        .warning("{}: journal not compacted: {}", persistenceId, failed.cause().getMessage()))
                .match(org.apache.pekko.persistence.DeleteSnapshotsFailure.class, failed -> getContext().getSystem().log()
                        .warning("{}: old snapshots not deleted: {}", persistenceId, failed.cause().getMessage()))
                .build();
    }
}
