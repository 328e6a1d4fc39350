package io.runnel.broker.keyspace;

import io.runnel.broker.util.ScanCursor;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * The members of a large collection (a hash's fields with their values, a set's members):
 * chained buckets in a power-of-two array, as the keyspace's own table, so that HSCAN and SSCAN
 * walk it with Redis's cursor and HRANDFIELD or SRANDMEMBER pick as Redis does.
 */
public final class FieldTable {

    private static final int MIN_BUCKETS = 4;

    private static final class Node {
        final byte[] field;
        final int hash;
        byte[] value;
        Node next;

        Node(byte[] field, int hash, byte[] value) {
            this.field = field;
            this.hash = hash;
            this.value = value;
        }
    }

    private Node[] buckets;
    private int size;

    public FieldTable(int expected) {
        buckets = new Node[Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(expected, 1)) * 2)];
    }

    public int size() {
        return size;
    }

    private Node find(byte[] field, int hash) {
        for (Node n = buckets[hash & (buckets.length - 1)]; n != null; n = n.next) {
            if (n.hash == hash && Arrays.equals(n.field, field)) {
                return n;
            }
        }
        return null;
    }

    public byte[] get(byte[] field) {
        Node node = find(field, KeyHash.of(field));
        return node == null ? null : node.value;
    }

    /** Sets a field; true when it is new. */
    public boolean put(byte[] field, byte[] value) {
        int hash = KeyHash.of(field);
        Node node = find(field, hash);
        if (node != null) {
            node.value = value;
            return false;
        }
        if (size >= buckets.length) {
            resize(buckets.length * 2);
        }
        node = new Node(field, hash, value);
        int index = hash & (buckets.length - 1);
        node.next = buckets[index];
        buckets[index] = node;
        size++;
        return true;
    }

    public boolean remove(byte[] field) {
        int hash = KeyHash.of(field);
        int index = hash & (buckets.length - 1);
        Node previous = null;
        for (Node n = buckets[index]; n != null; previous = n, n = n.next) {
            if (n.hash == hash && Arrays.equals(n.field, field)) {
                if (previous == null) {
                    buckets[index] = n.next;
                } else {
                    previous.next = n.next;
                }
                size--;
                if (buckets.length > MIN_BUCKETS && size * 10L < buckets.length) {
                    resize(Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(size, 1)) * 2));
                }
                return true;
            }
        }
        return false;
    }

    public void forEach(BiConsumer<byte[], byte[]> action) {
        for (Node head : buckets) {
            for (Node n = head; n != null; n = n.next) {
                action.accept(n.field, n.value);
            }
        }
    }

    /** Every field and value in table order while {@code action} answers true. */
    public void forEachUntil(java.util.function.BiPredicate<byte[], byte[]> action) {
        for (Node head : buckets) {
            for (Node n = head; n != null; n = n.next) {
                if (!action.test(n.field, n.value)) {
                    return;
                }
            }
        }
    }

    /** Visits the bucket at {@code cursor}; returns the next cursor, 0 when the walk is done. */
    public long scanStep(long cursor, BiConsumer<byte[], byte[]> action) {
        long mask = buckets.length - 1;
        for (Node n = buckets[(int) (cursor & mask)]; n != null; n = n.next) {
            action.accept(n.field, n.value);
        }
        return ScanCursor.next(cursor, mask);
    }

    /** A field at random (a random non-empty bucket, then a random node of its chain); null when empty. */
    public byte[][] random(RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        Node head;
        do {
            head = buckets[random.nextInt(buckets.length)];
        } while (head == null);
        int length = 0;
        for (Node n = head; n != null; n = n.next) {
            length++;
        }
        Node pick = head;
        for (int i = random.nextInt(length); i > 0; i--) {
            pick = pick.next;
        }
        return new byte[][] {pick.field, pick.value};
    }

    public FieldTable copy() {
        FieldTable copy = new FieldTable(size);
        forEach(copy::put);
        return copy;
    }

    private void resize(int capacity) {
        Node[] next = new Node[capacity];
        int mask = capacity - 1;
        for (Node head : buckets) {
            for (Node n = head; n != null; ) {
                Node following = n.next;
                int index = n.hash & mask;
                n.next = next[index];
                next[index] = n;
                n = following;
            }
        }
        buckets = next;
    }
}
