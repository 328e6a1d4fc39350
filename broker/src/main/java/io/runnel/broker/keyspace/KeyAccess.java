package io.runnel.broker.keyspace;

import java.util.List;

/**
 * What a command handler may do to the keys it was routed with. Implemented by one slot range
 * ({@link ShardState}, the fast path, inside its entity) and by a view over several slot ranges
 * held exclusively for one command ({@link CompositeKeyAccess}), so a handler is written once
 * and runs the same way whether its keys share an entity or not.
 */
public interface KeyAccess {

    /** Looks a key up for reading: expires it if due, counts a hit or miss, marks it accessed. */
    Entry read(int db, byte[] key, long now);

    /**
     * Looks a key up for reading without marking it accessed, as Redis's NOTOUCH lookups
     * (EXISTS, TYPE, TTL, OBJECT): expires it if due, counts a hit or miss.
     */
    Entry readNoTouch(int db, byte[] key, long now);

    /**
     * Looks a key up as OBJECT does: like {@link #readNoTouch} but a miss raises no keymiss
     * notification.
     */
    Entry inspect(int db, byte[] key, long now);

    /** Looks a key up for modification: expires it if due, marks it accessed, no statistics. */
    Entry write(int db, byte[] key, long now);

    /** Looks a key up without touching its access time (OBJECT, TTL, TYPE). */
    Entry peek(int db, byte[] key, long now);

    /** Applies an event to the slot range that owns it and records it for the journal. */
    void emit(KeyspaceEvent event);

    /**
     * Raises a keyspace notification about a key this access covers, after the change it
     * reports (see {@link KeyEvent} for the events and their names).
     */
    void notify(KeyEvent event, int db, byte[] key);

    /** The slot range that owns {@code key} (where a client blocked on it waits). */
    ShardState shardOf(byte[] key);

    /** The slot ranges this access covers, for commands over the whole keyspace. */
    List<ShardState> shards();
}
