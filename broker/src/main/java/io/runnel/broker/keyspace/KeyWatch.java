package io.runnel.broker.keyspace;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's WATCH: the keys it watches are registered with the entities that own them
 * ({@link WatchedKeys}), which mark the watch dirty when any of those keys changes; EXEC then
 * aborts. Shared between the client's session and the entities, hence thread-safe.
 */
public final class KeyWatch {

    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile boolean released;

    /** A watched key changed. */
    void touch() {
        dirty.set(true);
    }

    public boolean dirty() {
        return dirty.get();
    }

    /** The client no longer watches (UNWATCH, EXEC, DISCARD, disconnect): entities drop its registrations. */
    public void release() {
        released = true;
    }

    /** Whether its registrations serve no purpose any more. */
    boolean finished() {
        return released || dirty.get();
    }
}
