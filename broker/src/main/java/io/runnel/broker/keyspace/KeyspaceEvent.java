package io.runnel.broker.keyspace;

/**
 * A deterministic change to the keyspace. Every write command is reduced to events (a SET with
 * a relative expiry becomes a value with an absolute expiry time, an INCR records its result),
 * and {@link #applyTo} is the only code that changes stored data: it runs when a command emits
 * the event and, later, when a journal is replayed.
 */
public interface KeyspaceEvent {

    /** The database index the event changes, or -1 for events about every database. */
    int db();

    /** The key whose slot owns the event, or null when the event concerns every slot range. */
    byte[] key();

    void applyTo(ShardState state);

    /**
     * Whether the change makes a watched key dirty (WATCH). Most do; the consumer-group
     * bookkeeping of streams does not, as in Redis, unless it creates or removes the key.
     */
    default boolean touchesWatchedKey() {
        return true;
    }
}
