package io.runnel.broker.session;

import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.keyspace.KeyWatch;

import java.util.ArrayList;
import java.util.List;

/**
 * One client's MULTI state: whether a transaction is open, the commands queued in it, whether
 * one was refused while queuing (EXEC then aborts), and the keys the client watches. Used on the
 * client's event loop, and by its WATCH command in the entity that owns the keys while the
 * client waits for that command's reply.
 */
public final class Transaction {

    public record Queued(CommandSpec spec, byte[][] argv) {
    }

    public record WatchedKey(int db, byte[] key) {
    }

    private boolean active;
    private boolean aborted;
    private final List<Queued> queued = new ArrayList<>();
    /** For CLIENT LIST, read from other clients' threads. */
    private volatile int queuedCount = -1;
    private KeyWatch watch;
    private final List<WatchedKey> watchedKeys = new ArrayList<>();

    public boolean active() {
        return active;
    }

    /** MULTI. */
    public void begin() {
        active = true;
        queuedCount = 0;
    }

    /** Queues a command; once the transaction is bound to fail (refused command, dirty watch) nothing is kept, as in Redis. */
    public void queue(CommandSpec spec, byte[][] argv) {
        if (aborted || dirty()) {
            return;
        }
        queued.add(new Queued(spec, argv));
        queuedCount = queued.size();
    }

    /** A command was refused while queuing: EXEC will answer EXECABORT. */
    public void abort() {
        aborted = true;
    }

    public boolean aborted() {
        return aborted;
    }

    public List<Queued> queued() {
        return queued;
    }

    /** The commands queued, -1 outside MULTI (CLIENT LIST's multi field). */
    public int queuedCount() {
        return queuedCount;
    }

    /** Closes the transaction (EXEC, DISCARD, RESET); the watches stay for EXEC to end. */
    public void close() {
        active = false;
        aborted = false;
        queued.clear();
        queuedCount = -1;
    }

    /** Registers interest in a key: the watch to register with the key's entity. */
    public KeyWatch watch(int db, byte[] key) {
        if (watch == null) {
            watch = new KeyWatch();
        }
        watchedKeys.add(new WatchedKey(db, key));
        return watch;
    }

    /** The current watch, null when no key is watched. */
    public KeyWatch currentWatch() {
        return watch;
    }

    public List<WatchedKey> watchedKeys() {
        return watchedKeys;
    }

    /** Whether a watched key has changed (CLIENT LIST's d flag). */
    public boolean dirty() {
        KeyWatch current = watch;
        return current != null && current.dirty();
    }

    /**
     * Hands the watch over to EXEC, which releases it once it has checked it: the client watches
     * nothing any more, but the entities keep its registrations (and mark it dirty) until then.
     */
    public KeyWatch detachWatch() {
        KeyWatch detached = watch;
        watch = null;
        watchedKeys.clear();
        return detached;
    }

    /** Ends MULTI and forgets every watched key (DISCARD, RESET, an EXEC refused, a client gone). */
    public void discard() {
        close();
        unwatch();
    }

    /** UNWATCH: forgets every watched key. */
    public void unwatch() {
        if (watch != null) {
            watch.release();
            watch = null;
        }
        watchedKeys.clear();
    }
}
