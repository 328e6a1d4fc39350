package io.runnel.broker.keyspace;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The keys of one logical database (SELECT index) within one slot range. Pure storage: no
 * expiry decisions, no events; {@link ShardState} applies those rules on top.
 */
public final class Database {

    private final KeyTable table = new KeyTable();
    /** Entries that have an expiry, for the active expiry cycle to sample from. */
    private Entry[] expiring = new Entry[8];
    private int expiringCount;
    /**
     * The sum of the expiry times of those entries, each less {@link #EXPIRY_BASE}, for INFO's
     * avg_ttl. Wrapping additions and subtractions cancel exactly, so the sum stays exact.
     */
    private long expirySum;

    static final long EXPIRY_BASE = 1_700_000_000_000L;

    public int size() {
        return table.size();
    }

    public int expiringCount() {
        return expiringCount;
    }

    long expirySum() {
        return expirySum;
    }

    public Entry get(byte[] key) {
        return table.get(key, KeyHash.of(key));
    }

    Entry get(byte[] key, int hash) {
        return table.get(key, hash);
    }

    /** Stores {@code value} under {@code key}, replacing any previous value and expiry. */
    Entry put(byte[] key, Value value, long expireAt) {
        int hash = KeyHash.of(key);
        Entry entry = table.get(key, hash);
        if (entry == null) {
            entry = new Entry(key, hash, value);
            table.add(entry);
        } else {
            entry.value = value;
        }
        setExpiry(entry, expireAt);
        return entry;
    }

    Entry remove(byte[] key) {
        Entry entry = table.remove(key, KeyHash.of(key));
        if (entry != null) {
            setExpiry(entry, Entry.NO_EXPIRY);
        }
        return entry;
    }

    void setExpiry(Entry entry, long expireAt) {
        if (entry.expiringIndex >= 0) {
            expirySum -= entry.expireAt - EXPIRY_BASE;
        }
        if (expireAt != Entry.NO_EXPIRY) {
            expirySum += expireAt - EXPIRY_BASE;
        }
        entry.expireAt = expireAt;
        if (expireAt == Entry.NO_EXPIRY) {
            if (entry.expiringIndex >= 0) {
                int index = entry.expiringIndex;
                Entry last = expiring[--expiringCount];
                expiring[index] = last;
                last.expiringIndex = index;
                expiring[expiringCount] = null;
                entry.expiringIndex = -1;
            }
        } else if (entry.expiringIndex < 0) {
            if (expiringCount == expiring.length) {
                expiring = Arrays.copyOf(expiring, expiring.length * 2);
            }
            expiring[expiringCount] = entry;
            entry.expiringIndex = expiringCount++;
        }
    }

    void clear() {
        table.clear();
        expiring = new Entry[8];
        expiringCount = 0;
        expirySum = 0;
    }

    /** A random entry that has an expiry, or null when none has. */
    Entry randomExpiring(RandomGenerator random) {
        return expiringCount == 0 ? null : expiring[random.nextInt(expiringCount)];
    }

    Entry random(RandomGenerator random) {
        return table.random(random);
    }

    long scanStep(long cursor, Consumer<Entry> action) {
        return table.scanStep(cursor, action);
    }

    public void forEach(Consumer<Entry> action) {
        table.forEach(action);
    }
}
