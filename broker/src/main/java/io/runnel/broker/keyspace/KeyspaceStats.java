package io.runnel.broker.keyspace;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the whole keyspace that sessions read without asking the entities: key and
 * expiry counts per database (published by each slot range after every change), hits, misses
 * and expirations. Reads are not a consistent snapshot across slot ranges, which no caller of
 * DBSIZE or INFO can tell from a concurrent write.
 */
public final class KeyspaceStats {

    private final int databases;
    private final AtomicIntegerArray keys;
    private final AtomicIntegerArray expires;
    private final AtomicLongArray expirySums;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder expired = new LongAdder();

    public KeyspaceStats(int entities, int databases) {
        this.databases = databases;
        this.keys = new AtomicIntegerArray(entities * databases);
        this.expires = new AtomicIntegerArray(entities * databases);
        this.expirySums = new AtomicLongArray(entities * databases);
    }

    /** Redis's LRU clock: seconds, in 24 bits. */
    static int lruClock(long nowMillis) {
        return (int) ((nowMillis / 1000) & ((1 << 24) - 1));
    }

    /** Seconds since {@code accessedAt}, with the LRU clock's wrap-around. */
    public static long idleSeconds(int accessedAt, long nowMillis) {
        int clock = lruClock(nowMillis);
        return clock >= accessedAt ? clock - accessedAt : (1 << 24) - accessedAt + clock;
    }

    void publish(int entity, int db, int keyCount, int expiringCount, long expirySum) {
        keys.lazySet(entity * databases + db, keyCount);
        expires.lazySet(entity * databases + db, expiringCount);
        expirySums.lazySet(entity * databases + db, expirySum);
    }

    public int databases() {
        return databases;
    }

    public long keys(int db) {
        long total = 0;
        for (int i = db; i < keys.length(); i += databases) {
            total += keys.get(i);
        }
        return total;
    }

    /** The keys of database {@code db} in one entity's slot range. */
    public int keys(int entity, int db) {
        return keys.get(entity * databases + db);
    }

    public long expires(int db) {
        long total = 0;
        for (int i = db; i < expires.length(); i += databases) {
            total += expires.get(i);
        }
        return total;
    }

    /** The mean time to live of the keys of {@code db} that have one, in ms; 0 when none has. */
    public long averageTtl(int db, long nowMillis) {
        long count = 0;
        long sum = 0;
        for (int i = db; i < expires.length(); i += databases) {
            count += expires.get(i);
            sum += expirySums.get(i);
        }
        if (count == 0) {
            return 0;
        }
        return Math.max(0, sum / count + Database.EXPIRY_BASE - nowMillis);
    }

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    void expired() {
        expired.increment();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long expiredKeys() {
        return expired.sum();
    }

    public void resetCounters() {
        hits.reset();
        misses.reset();
        expired.reset();
    }
}
