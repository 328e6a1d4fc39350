package io.runnel.broker.keyspace;

import io.runnel.broker.command.CommandSpec;

/**
 * Consecutive commands of one client that all belong to one entity, sent as one message and
 * answered as one message: the unit of work on the hot path.
 */
public final class Batch {

    /** Receives the encoded replies of every command of the batch, in order. */
    @FunctionalInterface
    public interface Completion {
        /** Called on the entity's thread; must not block. */
        void done(byte[] replies);

        /**
         * The batch stopped at command {@code executed}, which must run elsewhere (see
         * {@link io.runnel.broker.command.RunElsewhere}): the replies of the commands before it.
         * Only a client's session sends batches whose commands may stop so.
         */
        default void rerouted(byte[] replies, int executed) {
            throw new IllegalStateException("a batch that cannot be rerouted stopped at command " + executed);
        }
    }

    final int db;
    final long clientId;
    final int protocol;
    final CommandSpec[] specs;
    final byte[][][] argvs;
    final int count;
    final Completion completion;
    /** Set for a lone blocking command: how it may answer later. */
    final io.runnel.broker.command.Suspension suspension;

    public Batch(int db, long clientId, int protocol, CommandSpec[] specs, byte[][][] argvs, int count, Completion completion) {
        this(db, clientId, protocol, specs, argvs, count, completion, null);
    }

    public Batch(int db, long clientId, int protocol, CommandSpec[] specs, byte[][][] argvs, int count, Completion completion,
                 io.runnel.broker.command.Suspension suspension) {
        this.suspension = suspension;
        this.db = db;
        this.clientId = clientId;
        this.protocol = protocol;
        this.specs = specs;
        this.argvs = argvs;
        this.count = count;
        this.completion = completion;
    }
}
