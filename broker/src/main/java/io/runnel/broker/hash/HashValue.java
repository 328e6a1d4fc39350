package io.runnel.broker.hash;

import io.runnel.broker.keyspace.AccessTrackedValue;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A hash: fields and their values. Small hashes are kept as Redis keeps them in a listpack, one
 * flat array of field, value, field, value... in insertion order, searched linearly: little memory,
 * and HGETALL answers in the order Redis does. Once a hash holds more fields, or a longer field or
 * value, than the hash-max-listpack-* limits allow, it becomes a hash table, as in Redis, and
 * stays one (OBJECT ENCODING says which).
 */
public final class HashValue extends AccessTrackedValue {

    /** Listpack form: fields and values alternating; null once the hash is a table. */
    private byte[][] pairs = new byte[8][];
    private int size;
    /** Table form. */
    private FieldTable table;

    /** The limits under which a hash stays compact (hash-max-listpack-entries and -value). */
    public record Limits(int maxEntries, int maxValueLength) {
    }

    public int size() {
        return table == null ? size : table.size();
    }

    public byte[] get(byte[] field) {
        if (table != null) {
            return table.get(field);
        }
        int at = indexOf(field);
        return at < 0 ? null : pairs[at + 1];
    }

    public boolean contains(byte[] field) {
        return get(field) != null;
    }

    /** Sets a field; returns true when it is new. The hash becomes a table once over {@code limits}. */
    public boolean put(byte[] field, byte[] value, Limits limits) {
        if (table == null && (field.length > limits.maxValueLength() || value.length > limits.maxValueLength())) {
            toTable();
        }
        if (table != null) {
            return table.put(field, value);
        }
        int at = indexOf(field);
        if (at >= 0) {
            pairs[at + 1] = value;
            return false;
        }
        if (2 * size + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[2 * size] = field;
        pairs[2 * size + 1] = value;
        size++;
        if (size > limits.maxEntries()) {
            toTable();
        }
        return true;
    }

    /** Removes a field; returns whether it was there. */
    public boolean remove(byte[] field) {
        if (table != null) {
            return table.remove(field);
        }
        int at = indexOf(field);
        if (at < 0) {
            return false;
        }
        System.arraycopy(pairs, at + 2, pairs, at, 2 * size - at - 2);
        size--;
        pairs[2 * size] = null;
        pairs[2 * size + 1] = null;
        return true;
    }

    /** Every field and value: in insertion order while compact, in table order after. */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        if (table != null) {
            table.forEach(action);
            return;
        }
        for (int i = 0; i < size; i++) {
            action.accept(pairs[2 * i], pairs[2 * i + 1]);
        }
    }

    public boolean compact() {
        return table == null;
    }

    /**
     * One step of HSCAN: a compact hash is returned whole (cursor 0 next), as Redis returns a
     * listpack; a table is walked bucket by bucket with Redis's cursor. Returns the next cursor.
     */
    public long scanStep(long cursor, BiConsumer<byte[], byte[]> action) {
        if (table == null) {
            forEach(action);
            return 0;
        }
        return table.scanStep(cursor, action);
    }

    /** A field and its value at random; null when empty. */
    public byte[][] random(RandomGenerator random) {
        if (table != null) {
            return table.random(random);
        }
        if (size == 0) {
            return null;
        }
        int at = 2 * random.nextInt(size);
        return new byte[][] {pairs[at], pairs[at + 1]};
    }

    private int indexOf(byte[] field) {
        for (int i = 0; i < 2 * size; i += 2) {
            if (Arrays.equals(pairs[i], field)) {
                return i;
            }
        }
        return -1;
    }

    private void toTable() {
        FieldTable converted = new FieldTable(size);
        for (int i = 0; i < size; i++) {
            converted.put(pairs[2 * i], pairs[2 * i + 1]);
        }
        table = converted;
        pairs = null;
        size = 0;
    }

    /** A hash in table form from the start (a snapshot of one). */
    public static HashValue table() {
        HashValue hash = new HashValue();
        hash.toTable();
        return hash;
    }

    @Override
    public String typeName() {
        return "hash";
    }

    @Override
    public String encoding() {
        return table == null ? "listpack" : "hashtable";
    }

    @Override
    public HashValue copy() {
        HashValue copy = new HashValue();
        if (table != null) {
            copy.table = table.copy();
            copy.pairs = null;
        } else {
            copy.pairs = pairs.clone();
            copy.size = size;
        }
        return copy;
    }
}
