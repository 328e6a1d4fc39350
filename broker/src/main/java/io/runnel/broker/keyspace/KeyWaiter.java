package io.runnel.broker.keyspace;

/**
 * A client waiting in the entity that owns a key (BLPOP, XREAD BLOCK, ...). When a write
 * changes the key, the entity offers it to its waiters in the order they arrived; a waiter that
 * watches keys in several entities guards itself so that only one of them serves it.
 */
public interface KeyWaiter {

    /**
     * Called in the owning entity after {@code key} changed.
     *
     * @return true when the waiter was served (or is gone) and must be forgotten by every key
     */
    boolean keyReady(ShardState state, int db, byte[] key);

    /** True once the waiter was served elsewhere, timed out or its client left. */
    boolean finished();
}
