package io.runnel.broker.list;

import io.runnel.broker.keyspace.AccessTrackedValue;

import java.util.Arrays;

/**
 * A list: elements in a ring buffer, so that pushes and pops at either end are constant time and
 * an index reaches its element at once. OBJECT ENCODING answers quicklist, as Redis 7.0 does for
 * every list.
 */
public final class ListValue extends AccessTrackedValue {

    private byte[][] items = new byte[4][];
    private int head;
    private int size;

    public int size() {
        return size;
    }

    private int slot(long index) {
        return (int) ((head + index) % items.length);
    }

    /** The element at {@code index} (0 to size - 1). */
    public byte[] get(long index) {
        return items[slot(index)];
    }

    public void set(long index, byte[] element) {
        items[slot(index)] = element;
    }

    private void grow() {
        if (size == items.length) {
            byte[][] larger = new byte[items.length * 2][];
            for (int i = 0; i < size; i++) {
                larger[i] = items[slot(i)];
            }
            items = larger;
            head = 0;
        }
    }

    public void addFirst(byte[] element) {
        grow();
        head = (head - 1 + items.length) % items.length;
        items[head] = element;
        size++;
    }

    public void addLast(byte[] element) {
        grow();
        items[slot(size)] = element;
        size++;
    }

    public byte[] removeFirst() {
        byte[] element = items[head];
        items[head] = null;
        head = (head + 1) % items.length;
        size--;
        shrink();
        return element;
    }

    public byte[] removeLast() {
        int at = slot(size - 1);
        byte[] element = items[at];
        items[at] = null;
        size--;
        shrink();
        return element;
    }

    /** Inserts at {@code index} (0 to size), moving the later elements up. */
    public void insert(long index, byte[] element) {
        grow();
        for (long i = size; i > index; i--) {
            items[slot(i)] = items[slot(i - 1)];
        }
        items[slot(index)] = element;
        size++;
    }

    /** Removes the element at {@code index}, moving the later elements down. */
    public void remove(long index) {
        for (long i = index; i < size - 1; i++) {
            items[slot(i)] = items[slot(i + 1)];
        }
        items[slot(size - 1)] = null;
        size--;
        shrink();
    }

    /** Keeps the elements from {@code start} to {@code end} inclusive (0 <= start <= end < size). */
    public void keep(long start, long end) {
        byte[][] kept = new byte[Math.max(4, Integer.highestOneBit((int) (end - start + 1)) * 2)][];
        for (long i = start; i <= end; i++) {
            kept[(int) (i - start)] = items[slot(i)];
        }
        items = kept;
        head = 0;
        size = (int) (end - start + 1);
    }

    private void shrink() {
        if (items.length > 16 && size * 4 < items.length) {
            byte[][] smaller = new byte[items.length / 2][];
            for (int i = 0; i < size; i++) {
                smaller[i] = items[slot(i)];
            }
            items = smaller;
            head = 0;
        }
    }

    @Override
    public String typeName() {
        return "list";
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public ListValue copy() {
        ListValue copy = new ListValue();
        copy.items = new byte[items.length][];
        for (int i = 0; i < size; i++) {
            copy.items[i] = items[slot(i)];
        }
        copy.size = size;
        return copy;
    }

    /** Every element in order (for snapshots and tests). */
    public byte[][] toArray() {
        byte[][] out = new byte[size][];
        for (int i = 0; i < size; i++) {
            out[i] = items[slot(i)];
        }
        return out;
    }

    public static ListValue of(byte[][] elements) {
        ListValue list = new ListValue();
        list.items = Arrays.copyOf(elements, Math.max(4, Integer.highestOneBit(Math.max(1, elements.length)) * 2));
        list.size = elements.length;
        return list;
    }
}
