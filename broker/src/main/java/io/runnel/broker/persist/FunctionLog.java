package io.runnel.broker.persist;

import org.apache.pekko.persistence.AbstractPersistentActor;
import org.apache.pekko.persistence.RecoveryCompleted;

import java.util.concurrent.CompletableFuture;

/**
 * The function libraries' journal (with appendonly yes): each change to the libraries is
 * written as the whole set after it (FUNCTION DUMP's payload; libraries are few and small), and
 * the records before it are then deleted, so a start replays one record. Without a journal the
 * libraries go into the dump file instead.
 */
public final class FunctionLog extends AbstractPersistentActor {

    /**
     * Writes the libraries after a change; {@code done} runs once they are written, or
     * {@code failed} with why when the journal refuses the record (a full or failing disk).
     */
    public record Save(byte[] libraries, Runnable done, java.util.function.Consumer<String> failed) {
    }

    /** The save being written (persist handles one at a time, holding later messages back). */
    private Save writing;

    private final CompletableFuture<byte[]> recovered;
    private byte[] latest;

    /** @param recovered completes with the libraries last written (null when none ever were) */
    public FunctionLog(CompletableFuture<byte[]> recovered) {
        this.recovered = recovered;
    }

    @Override
    public String persistenceId() {
        return "functions";
    }

    @Override
    public Receive createReceiveRecover() {
        return receiveBuilder()
                .match(byte[].class, libraries -> latest = libraries)
                .match(RecoveryCompleted.class, done -> recovered.complete(latest))
                .build();
    }

    @Override
    public void onRecoveryFailure(Throwable cause, scala.Option<Object> event) {
        recovered.completeExceptionally(cause);
    }

    /** The journal refused the record (it stays unwritten; the actor goes on): the command hears why. */
    @Override
    public void onPersistRejected(Throwable cause, Object event, long seqNr) {
        Save rejected = writing;
        writing = null;
        if (rejected != null) {
            rejected.failed().accept(cause.getMessage());
        }
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(Save.class, save -> {
                    writing = save;
                    persist(save.libraries(), written -> {
                    writing = null;
                    save.done().run();
                    if (lastSequenceNr() > 1) {
                        deleteMessages(lastSequenceNr() - 1);
                    }
                    });
                })
                .match(org.apache.pekko.persistence.DeleteMessagesSuccess.class, deleted -> { })
                .match(org.apache.pekko.persistence.DeleteMessagesFailure.class, failed -> getContext().getSystem().log()
                        .warning("function journal not compacted: {}", failed.cause().getMessage()))
                .build();
    }
}
