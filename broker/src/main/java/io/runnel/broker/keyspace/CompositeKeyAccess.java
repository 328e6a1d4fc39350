package io.runnel.broker.keyspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Key access over several slot ranges whose entities are all held for one command, so that
 * the command reads and writes them as if they were one: every key is routed to the slot range
 * that owns it, and the events land in that range's journal.
 */
public final class CompositeKeyAccess implements KeyAccess {

    private final SlotLayout layout;
    private final ShardState[] byEntity;
    private final List<ShardState> held;

    public CompositeKeyAccess(SlotLayout layout, List<ShardState> heldStates) {
        this.layout = layout;
        this.byEntity = new ShardState[layout.entities()];
        List<ShardState> ordered = new ArrayList<>(heldStates);
        for (ShardState state : heldStates) {
            byEntity[state.index()] = state;
        }
        ordered.sort((a, b) -> Integer.compare(a.index(), b.index()));
        this.held = Collections.unmodifiableList(ordered);
    }

    /** The last key looked up and its owner: a command reaches one key several times (write, emit, notify). */
    private byte[] lastKey;
    private ShardState lastOwner;

    private ShardState owner(byte[] key) {
        if (key == lastKey) {
            return lastOwner;
        }
        ShardState state = byEntity[layout.entityOf(key)];
        if (state == null) {
            throw new IllegalStateException("key routed outside the held slot ranges");
        }
        lastKey = key;
        lastOwner = state;
        return state;
    }

    @Override
    public Entry read(int db, byte[] key, long now) {
        return owner(key).read(db, key, now);
    }

    @Override
    public Entry readNoTouch(int db, byte[] key, long now) {
        return owner(key).readNoTouch(db, key, now);
    }

    @Override
    public Entry inspect(int db, byte[] key, long now) {
        return owner(key).inspect(db, key, now);
    }

    @Override
    public Entry write(int db, byte[] key, long now) {
        return owner(key).write(db, key, now);
    }

    @Override
    public Entry peek(int db, byte[] key, long now) {
        return owner(key).peek(db, key, now);
    }

    @Override
    public void emit(KeyspaceEvent event) {
        byte[] key = event.key();
        if (key == null) {
            for (ShardState state : held) {
                state.emit(event);
            }
        } else {
            owner(key).emit(event);
        }
    }

    @Override
    public void notify(KeyEvent event, int db, byte[] key) {
        owner(key).notify(event, db, key);
    }

    @Override
    public ShardState shardOf(byte[] key) {
        return owner(key);
    }

    @Override
    public List<ShardState> shards() {
        return held;
    }
}
