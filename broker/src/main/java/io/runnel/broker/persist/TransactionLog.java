package io.runnel.broker.persist;

import org.apache.pekko.persistence.AbstractPersistentActor;
import org.apache.pekko.persistence.RecoveryCompleted;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The commit records of commands that changed several entities (MSET across slots, FLUSHALL,
 * later MULTI/EXEC and scripts). Each entity journals its own part, marked with the command's
 * transaction id; once every part is written, the transaction's id is written here, and only then
 * does the client hear the reply. At start-up this log is recovered first: an entity's part of a
 * transaction that never got its commit record (a crash between the parts) is skipped, so no
 * recovery shows half of such a command.
 */
public final class TransactionLog extends AbstractPersistentActor {

    /** Writes the commit record of {@code transactionId}; {@code done} runs when it is written. */
    public record Commit(long transactionId, Runnable done) {
    }

    /** Asks how far the log is: its commit records up to here cover parts written before now. */
    public record Mark(CompletableFuture<Long> sequenceNr) {
    }

    /**
     * Every entity has been snapshotted since {@code sequenceNr} was the log's mark: the parts
     * those commit records vouched for are inside the snapshots, so the records may go.
     */
    public record Forget(long sequenceNr) {
    }

    private final Set<Long> committed = new HashSet<>();
    private final CompletableFuture<Set<Long>> recovered;

    /** @param recovered completes with the committed transactions once the log is replayed */
    public TransactionLog(CompletableFuture<Set<Long>> recovered) {
        this.recovered = recovered;
    }

    @Override
    public String persistenceId() {
        return "transactions";
    }

    @Override
    public Receive createReceiveRecover() {
        return receiveBuilder()
                .match(Long.class, committed::add)
                .match(RecoveryCompleted.class, done -> recovered.complete(Set.copyOf(committed)))
                .build();
    }

    @Override
    public void onRecoveryFailure(Throwable cause, scala.Option<Object> event) {
        recovered.completeExceptionally(cause);
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(Commit.class, commit -> persistAsync(commit.transactionId(), id -> commit.done().run()))
                .match(Mark.class, mark -> mark.sequenceNr().complete(lastSequenceNr()))
                .match(Forget.class, forget -> {
                    if (forget.sequenceNr() > 0) {
                        deleteMessages(forget.sequenceNr());
                    }
                })
                .match(org.apache.pekko.persistence.DeleteMessagesSuccess.class, deleted -> { })
                .match(org.apache.pekko.persistence.DeleteMessagesFailure.class, failed -> getContext().getSystem().log()
                        .warning("transaction log not compacted: {}", failed.cause().getMessage()))
                .build();
    }
}
