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
    /** Set for work run as one command (a transaction in one entity): it replaces the commands. */
    final Whole whole;

    /** Work that writes its own replies, run in the entity as one step. */
    @FunctionalInterface
    public interface Whole {
        void run(ShardState state, io.runnel.protocol.RespWriter out);
    }

    /** A batch of one {@link Whole}: nothing else runs in the entity until it has finished. */
    public static Batch whole(int protocol, Whole whole, Completion completion) {
        return new Batch(0, 0, protocol, null, null, 0, completion, null, whole);
    }

    public Batch(int db, long clientId, int protocol, CommandSpec[] specs, byte[][][] argvs, int count, Completion completion) {
        this(db, clientId, protocol, specs, argvs, count, completion, null);
    }

    public Batch(int db, long clientId, int protocol, CommandSpec[] specs, byte[][][] argvs, int count, Completion completion,
                 io.runnel.broker.command.Suspension suspension) {
        this(db, clientId, protocol, specs, argvs, count, completion, suspension, null);
    }

    private Batch(int db, long clientId, int protocol, CommandSpec[] specs, byte[][][] argvs, int count, Completion completion,
                  io.runnel.broker.command.Suspension suspension, Whole whole) {
        this.whole = whole;
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
