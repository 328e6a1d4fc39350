package io.runnel.broker.keyspace;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The hash table of one database's keys. Chained buckets in a power-of-two array, so that SCAN
 * can walk it with Redis's reverse-binary cursor: a key present for the whole iteration is
 * returned at least once even if the table grows or shrinks between calls.
 */
final class KeyTable {

    private static final int MIN_BUCKETS = 4;

    private Entry[] buckets = new Entry[MIN_BUCKETS];
    private int size;

    int size() {
        return size;
    }

    Entry get(byte[] key, int hash) {
        for (Entry e = buckets[hash & (buckets.length - 1)]; e != null; e = e.next) {
            if (e.hash == hash && Arrays.equals(e.key, key)) {
                return e;
            }
        }
        return null;
    }

    /** Adds an entry whose key is known to be absent. */
    void add(Entry entry) {
        if (size >= buckets.length) {
            resize(buckets.length * 2);
        }
        int index = entry.hash & (buckets.length - 1);
        entry.next = buckets[index];
        buckets[index] = entry;
        size++;
    }

    Entry remove(byte[] key, int hash) {
        int index = hash & (buckets.length - 1);
        Entry previous = null;
        for (Entry e = buckets[index]; e != null; previous = e, e = e.next) {
            if (e.hash == hash && Arrays.equals(e.key, key)) {
                if (previous == null) {
                    buckets[index] = e.next;
                } else {
                    previous.next = e.next;
                }
                e.next = null;
                size--;
                if (buckets.length > MIN_BUCKETS && size * 10L < buckets.length) {
                    resize(Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(size, 1)) * 2));
                }
                return e;
            }
        }
        return null;
    }

    void clear() {
        buckets = new Entry[MIN_BUCKETS];
        size = 0;
    }

    void forEach(Consumer<Entry> action) {
        for (Entry head : buckets) {
            for (Entry e = head; e != null; ) {
                Entry next = e.next; // the action may remove e
                action.accept(e);
                e = next;
            }
        }
    }

    /**
     * Visits the bucket at {@code cursor} and returns the next cursor, 0 when the walk is done.
     * The cursor's bits are incremented from the most significant masked bit down, as Redis's
     * dictScan does, which keeps the guarantee across resizes.
     */
    long scanStep(long cursor, Consumer<Entry> action) {
        long mask = buckets.length - 1;
        for (Entry e = buckets[(int) (cursor & mask)]; e != null; ) {
            Entry next = e.next;
            action.accept(e);
            e = next;
        }
        return io.runnel.broker.util.ScanCursor.next(cursor, mask);
    }

    /** A key chosen at random, with Redis's bias: a random non-empty bucket, then a random chain entry. */
    Entry random(RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        Entry head;
        do {
            head = buckets[random.nextInt(buckets.length)];
        } while (head == null);
        int length = 0;
        for (Entry e = head; e != null; e = e.next) {
            length++;
        }
        int pick = random.nextInt(length);
        Entry e = head;
        while (pick-- > 0) {
            e = e.next;
        }
        return e;
    }

    private void resize(int capacity) {
        Entry[] old = buckets;
        Entry[] next = new Entry[capacity];
        int mask = capacity - 1;
        for (Entry head : old) {
            for (Entry e = head; e != null; ) {
                Entry following = e.next;
                int index = e.hash & mask;
                e.next = next[index];
                next[index] = e;
                e = following;
            }
        }
        buckets = next;
    }
}
