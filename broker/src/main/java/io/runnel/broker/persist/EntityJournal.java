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
    /** Records sent to the journal and not yet confirmed or refused, in order. */
    private final java.util.ArrayDeque<Append> inFlight = new java.util.ArrayDeque<>();
    /** Records the journal refused (and all after them), waiting to be written again. */
    private final List<Append> waiting = new ArrayList<>();
    private boolean retryScheduled;
    /** How many of the waiting records are refused ones (they lead, in the order they were sent). */
    private int refusedWaiting;
    /** Whether the entity was told that the journal refuses writes. */
    private boolean refusing;

    private void write(Append append) {
        inFlight.add(append);
        persistAsync(append.record(), record -> confirmed());
    }

    /** The oldest record in flight is written: its reply goes out; the journal may be healthy again. */
    private void confirmed() {
        Append append = inFlight.poll();
        if (append != null && append.written() != null) {
            append.written().run();
        }
        if (refusing && inFlight.isEmpty() && waiting.isEmpty()) {
            refusing = false;
            health.accept(null);
        }
    }

    /**
     * Writes every waiting record again in one call, so the journal takes them in one batch: all
     * of them or none, never a later one without an earlier one.
     */
    private void writeWaiting() {
        List<Append> again = new ArrayList<>(waiting);
        waiting.clear();
        refusedWaiting = 0;
        if (again.isEmpty()) {
            return;
        }
        inFlight.addAll(again);
        List<byte[]> records = new ArrayList<>(again.size());
        again.forEach(append -> records.add(append.record()));
        persistAllAsync(records, record -> confirmed());
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
        Append refused = inFlight.poll();
        if (refused != null) {
            // refused records come back in the order they were sent, before the records sent later
            waiting.add(refusedWaiting++, refused);
        }
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

    @Override
    public Receive createReceiveRecover() {
        return receiveBuilder()
                .match(org.apache.pekko.persistence.SnapshotOffer.class, offer -> ShardSnapshot.read((byte[]) offer.snapshot(), state))
                .match(byte[].class, record -> {
                    EventCodecs.Batch batch = codecs.decodeBatch(record);
                    if (batch.transactionId() != 0 && !committed.contains(batch.transactionId())) {
                        // a part of a command spanning entities whose commit never reached the
                        // journal: the other parts are skipped too, so none is applied
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
                        write(append);
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
