package io.runnel.broker.keyspace;

import io.runnel.broker.keyspace.KeyspaceEvents.KeyRemoved;
import io.runnel.broker.keyspace.KeyspaceEvents.RemovalCause;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The data of one slot range: its databases, the events emitted since the journal last took
 * them, and the clients blocked on its keys. Owned by one {@link KeyspaceEntity}; touched by
 * another thread only while that entity is held for an exclusive multi-entity command.
 */
public final class ShardState implements KeyAccess {

    private final int index;
    private final Database[] databases;
    private final KeyspaceStats stats;
    private final AccessClock clock;
    private final List<ShardState> self = List.of(this);
    private final SplittableRandom random = new SplittableRandom();

    private final List<KeyspaceEvent> unjournaled = new ArrayList<>();
    /** Whether emitted events are kept for a journal; off until one consumes them. */
    private boolean recording;
    private final Map<WaitKey, ArrayDeque<KeyWaiter>> waiters = new HashMap<>();
    private final List<WaitKey> readyKeys = new ArrayList<>();
    /** Keys whose values have periodic work (TimedValue), ticked by the entity's cycle. */
    private final java.util.Set<WaitKey> timedKeys = new java.util.LinkedHashSet<>();

    private KeyNotifications notifications = KeyNotifications.NONE;
    /** Receives every event right after it is applied (the journal encodes it at once). */
    private java.util.function.Consumer<KeyspaceEvent> journal;

    /** A slot range with access data of its own, outside a server (tools, tests). */
    public ShardState(int index, int databaseCount, KeyspaceStats stats) {
        this(index, databaseCount, stats, new AccessClock(System.currentTimeMillis(), "noeviction"));
    }

    public ShardState(int index, int databaseCount, KeyspaceStats stats, AccessClock clock) {
        this.index = index;
        this.stats = stats;
        this.clock = clock;
        this.databases = new Database[databaseCount];
        for (int i = 0; i < databaseCount; i++) {
            databases[i] = new Database();
        }
    }

    public int index() {
        return index;
    }

    /** Where this slot range reports its changes; none until a server connects it. */
    public ShardState notifications(KeyNotifications value) {
        this.notifications = value;
        return this;
    }

    @Override
    public void notify(KeyEvent event, int db, byte[] key) {
        notifications.notify(event, db, key);
    }

    public int databaseCount() {
        return databases.length;
    }

    public Database database(int db) {
        return databases[db];
    }

    public SplittableRandom random() {
        return random;
    }

    // ---- for the events of the data types (they live in their own packages) ----------------

    /** The value stored at a key, as events see it (no expiry check: they apply as recorded). */
    public Value valueAt(int db, byte[] key) {
        Entry entry = databases[db].get(key);
        return entry == null ? null : entry.value;
    }

    /** Stores a new value under a key that has none. */
    public void createKey(int db, byte[] key, Value value) {
        databases[db].put(key, value, Entry.NO_EXPIRY);
        notify(KeyEvent.NEW, db, key);
        keyChanged(db, key);
    }

    // ---- snapshots -----------------------------------------------------------------------------

    /** Empties every database: a snapshot is about to be loaded. */
    public void clearForSnapshot() {
        for (Database database : databases) {
            database.clear();
        }
        timedKeys.clear();
        databaseChanged(-1);
    }

    /** Stores a key as a snapshot held it (no event, no notification). */
    public void restoreKey(int db, byte[] key, Value value, long expireAt) {
        databases[db].put(key, value, expireAt);
        if (value instanceof TimedValue) {
            registerTimed(db, key);
        }
    }

    /** After keys were restored: the sizes INFO and DBSIZE read are brought up to date. */
    public void restored() {
        databaseChanged(-1);
    }

    /** Registers a key whose value has periodic work (see TimedValue). */
    public void registerTimed(int db, byte[] key) {
        timedKeys.add(new WaitKey(db, ByteBuffer.wrap(key)));
    }

    /** Runs the periodic work of every registered key; keys that no longer need it are dropped. */
    public void tickTimedValues(long now) {
        if (timedKeys.isEmpty()) {
            return;
        }
        for (WaitKey timed : new ArrayList<>(timedKeys)) {
            byte[] key = timed.key().array();
            Entry entry = live(timed.db(), key, now);
            if (!(entry != null && entry.value instanceof TimedValue value && value.tick(this, timed.db(), key, now))) {
                timedKeys.remove(timed);
            }
        }
    }

    /**
     * After members were removed from a collection in place: an emptied collection's key goes,
     * as Redis deletes it; otherwise the change is reported (wakes its waiters).
     */
    public void shrunk(int db, byte[] key, int sizeLeft) {
        if (sizeLeft == 0) {
            new KeyspaceEvents.KeyRemoved(db, key, KeyspaceEvents.RemovalCause.DELETED).applyTo(this);
        } else {
            changedInPlace(db, key);
        }
    }

    /** Reports that an event changed the value at a key in place (wakes its waiters). */
    public void changedInPlace(int db, byte[] key) {
        keyChanged(db, key);
    }

    /** A random key of database {@code db} (possibly logically expired), or null. */
    public Entry randomKey(int db) {
        return databases[db].random(random);
    }

    /** One step of a SCAN over database {@code db}; returns the next bucket cursor, 0 at the end. */
    public long scanStep(int db, long cursor, java.util.function.Consumer<Entry> action) {
        return databases[db].scanStep(cursor, action);
    }

    @Override
    public Entry read(int db, byte[] key, long now) {
        Entry entry = readNoTouch(db, key, now);
        if (entry != null) {
            clock.touch(entry.value, now, random);
        }
        return entry;
    }

    @Override
    public Entry readNoTouch(int db, byte[] key, long now) {
        Entry entry = inspect(db, key, now);
        if (entry == null) {
            notify(KeyEvent.KEYMISS, db, key);
        }
        return entry;
    }

    @Override
    public Entry inspect(int db, byte[] key, long now) {
        Entry entry = live(db, key, now);
        if (entry == null) {
            stats.miss();
        } else {
            stats.hit();
        }
        return entry;
    }

    @Override
    public Entry write(int db, byte[] key, long now) {
        Entry entry = live(db, key, now);
        if (entry != null) {
            clock.touch(entry.value, now, random);
        }
        return entry;
    }

    /** The server's access data of values (OBJECT IDLETIME and FREQ). */
    AccessClock accessClock() {
        return clock;
    }


    @Override
    public Entry peek(int db, byte[] key, long now) {
        return live(db, key, now);
    }

    private Entry live(int db, byte[] key, long now) {
        Entry entry = databases[db].get(key);
        if (entry != null && entry.expireAt != Entry.NO_EXPIRY && entry.expireAt <= now) {
            expire(db, entry);
            return null;
        }
        return entry;
    }

    private void expire(int db, Entry entry) {
        emit(new KeyRemoved(db, entry.key, RemovalCause.EXPIRED));
        stats.expired();
        notify(KeyEvent.EXPIRED, db, entry.key);
    }

    /** Changes made since {@link #takeChanges()} last ran: Redis's dirty count, for the save rules. */
    private int changes;

    /** The changes made since the last call (events emitted), counted once. */
    public int takeChanges() {
        int taken = changes;
        changes = 0;
        return taken;
    }

    @Override
    public void emit(KeyspaceEvent event) {
        changes++;
        if (!watchedKeys.isEmpty()) {
            if (event instanceof KeyspaceEvents.DatabaseFlushed flushed) {
                watchedKeys.flushing(flushed.db(), this);
            } else if (event instanceof KeyspaceEvents.DatabasesSwapped swapped) {
                watchedKeys.swapping(swapped.first(), swapped.second(), this);
            }
        }
        boolean watching = !watchedKeys.isEmpty() && event.key() != null && event.db() >= 0;
        boolean existed = watching && databases[event.db()].get(event.key()) != null;
        keyChangedByEvent = false;
        event.applyTo(this);
        if (watching) {
            boolean exists = databases[event.db()].get(event.key()) != null;
            if ((event.touchesWatchedKey() && keyChangedByEvent) || exists != existed) {
                watchedKeys.touched(event.db(), event.key(), exists);
            }
        }
        if (journal != null) {
            journal.accept(event);
        }
        if (recording) {
            unjournaled.add(event);
        }
    }

    /** Replies of blocked clients served here, to be sent once the events that served them are journaled. */
    private final List<Runnable> afterJournal = new ArrayList<>();

    /**
     * Runs {@code reply} once the events emitted so far are in the journal (at once without a
     * journal): a blocked client served by a write hears of it no earlier than the writer would.
     */
    public void afterJournal(Runnable reply) {
        if (journal == null) {
            reply.run();
        } else {
            afterJournal.add(reply);
        }
    }

    /** Takes the replies waiting for the journal (see {@link #afterJournal}). */
    public List<Runnable> takeAfterJournal() {
        if (afterJournal.isEmpty()) {
            return List.of();
        }
        List<Runnable> taken = new ArrayList<>(afterJournal);
        afterJournal.clear();
        return taken;
    }

    /**
     * Hands every event to {@code sink} right after it is applied. The sink must take what it
     * needs at once: a value an event carries may change in place with a later event.
     */
    public ShardState journalTo(java.util.function.Consumer<KeyspaceEvent> sink) {
        this.journal = sink;
        return this;
    }

    @Override
    public ShardState shardOf(byte[] key) {
        return this;
    }

    @Override
    public List<ShardState> shards() {
        return self;
    }

    /** Starts keeping emitted events for {@link #drainEvents()} (the journal, tests). */
    public ShardState recordEvents() {
        recording = true;
        return this;
    }

    /** Takes the events emitted since the last call, in the order they were applied. */
    public List<KeyspaceEvent> drainEvents() {
        if (unjournaled.isEmpty()) {
            return List.of();
        }
        List<KeyspaceEvent> events = new ArrayList<>(unjournaled);
        unjournaled.clear();
        return events;
    }

    void swap(int first, int second) {
        Database a = databases[first];
        databases[first] = databases[second];
        databases[second] = a;
    }

    /** Set when the event being applied reports a change to its key (see {@link #emit}). */
    private boolean keyChangedByEvent;

    void keyChanged(int db, byte[] key) {
        keyChangedByEvent = true;
        publishSizes(db);
        if (!waiters.isEmpty()) {
            WaitKey waitKey = new WaitKey(db, ByteBuffer.wrap(key));
            if (waiters.containsKey(waitKey) && !readyKeys.contains(waitKey)) {
                readyKeys.add(waitKey);
            }
        }
    }

    void databaseChanged(int db) {
        if (db < 0) {
            for (int i = 0; i < databases.length; i++) {
                publishSizes(i);
            }
        } else {
            publishSizes(db);
        }
        if (!waiters.isEmpty()) {
            for (WaitKey waitKey : waiters.keySet()) {
                if ((db < 0 || waitKey.db() == db) && !readyKeys.contains(waitKey)) {
                    readyKeys.add(waitKey);
                }
            }
        }
    }

    private void publishSizes(int db) {
        Database database = databases[db];
        stats.publish(index, db, database.size(), database.expiringCount(), database.expirySum());
    }

    // ---- watched keys (WATCH) ----------------------------------------------------------------

    /** Keys clients watch, and who watches them; every event emitted here touches its key. */
    private final WatchedKeys watchedKeys = new WatchedKeys();

    /** WATCH: registers {@code watch} on a key of this slot range. */
    public void watch(int db, byte[] key, KeyWatch watch, long now) {
        watchedKeys.watch(db, key, watch, storedButExpired(db, key, now));
    }

    /** EXEC's check: whether a key was live when {@code watch} watched it and has expired since. */
    public boolean watchedKeyExpired(int db, byte[] key, KeyWatch watch, long now) {
        return watchedKeys.expiredSince(db, key, watch, storedButExpired(db, key, now));
    }

    /** Whether the key is stored past its time (not removed here: looking must not change it). */
    private boolean storedButExpired(int db, byte[] key, long now) {
        Entry entry = databases[db].get(key);
        return entry != null && entry.expireAt != Entry.NO_EXPIRY && entry.expireAt <= now;
    }

    /** Drops the registrations of watches that have ended (run by the periodic cycle). */
    public void pruneWatches() {
        watchedKeys.prune();
    }

    // ---- blocked clients -------------------------------------------------------------------

    /** Parks a waiter on a key of this slot range; it is offered the key after each change. */
    public void block(int db, byte[] key, KeyWaiter waiter) {
        waiters.computeIfAbsent(new WaitKey(db, ByteBuffer.wrap(key)), k -> new ArrayDeque<>()).add(waiter);
    }

    public int blockedOn(int db, byte[] key) {
        ArrayDeque<KeyWaiter> queue = waiters.get(new WaitKey(db, ByteBuffer.wrap(key)));
        return queue == null ? 0 : queue.size();
    }

    /**
     * Offers every key changed since the last call to its waiters, first come first served, as
     * long as they accept. Runs after each command so that a waiter sees the complete effect of
     * the write that woke it.
     */
    public void serveReadyKeys() {
        while (!readyKeys.isEmpty()) {
            WaitKey waitKey = readyKeys.remove(0);
            ArrayDeque<KeyWaiter> queue = waiters.get(waitKey);
            if (queue == null) {
                continue;
            }
            byte[] key = waitKey.key().array();
            for (Iterator<KeyWaiter> it = queue.iterator(); it.hasNext(); ) {
                KeyWaiter waiter = it.next();
                // oldest first; a waiter that cannot use the change (its ID is further on, the
                // list was emptied by an earlier one) stays and the next one gets its chance
                if (waiter.finished() || waiter.keyReady(this, waitKey.db(), key)) {
                    it.remove();
                }
            }
            if (queue.isEmpty()) {
                waiters.remove(waitKey);
            }
        }
    }

    /** Drops waiters that finished elsewhere (timed out, served by another entity, disconnected). */
    public void pruneWaiters() {
        waiters.values().removeIf(queue -> {
            queue.removeIf(KeyWaiter::finished);
            return queue.isEmpty();
        });
    }

    // ---- active expiry -----------------------------------------------------------------------

    /**
     * One run of the active expiry cycle, as Redis's: per database, sample keys that have an
     * expiry and delete those that are due; go on while more than a quarter of a sample was due
     * and the time budget lasts.
     *
     * @return the number of keys expired
     */
    public int activeExpire(long now, long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        int expired = 0;
        for (int db = 0; db < databases.length; db++) {
            Database database = databases[db];
            while (database.expiringCount() > 0) {
                int sampled = Math.min(20, database.expiringCount());
                int due = 0;
                for (int i = 0; i < sampled; i++) {
                    Entry entry = database.randomExpiring(random);
                    if (entry != null && entry.expireAt <= now) {
                        expire(db, entry);
                        due++;
                    }
                }
                expired += due;
                if (due * 4 <= sampled || System.nanoTime() > deadline) {
                    break;
                }
            }
        }
        return expired;
    }

    private record WaitKey(int db, ByteBuffer key) {
    }
}
