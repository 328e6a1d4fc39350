package io.runnel.broker.hash;

import io.runnel.broker.keyspace.AccessTrackedValue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

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
    private Map<ByteBuffer, byte[]> table;

    /** The limits under which a hash stays compact (hash-max-listpack-entries and -value). */
    public record Limits(int maxEntries, int maxValueLength) {
    }

    public int size() {
        return table == null ? size : table.size();
    }

    public byte[] get(byte[] field) {
        if (table != null) {
            return table.get(ByteBuffer.wrap(field));
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
            return table.put(ByteBuffer.wrap(field), value) == null;
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
            return table.remove(ByteBuffer.wrap(field)) != null;
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
            table.forEach((field, value) -> action.accept(field.array(), value));
            return;
        }
        for (int i = 0; i < size; i++) {
            action.accept(pairs[2 * i], pairs[2 * i + 1]);
        }
    }

    public boolean compact() {
        return table == null;
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
        Map<ByteBuffer, byte[]> converted = new HashMap<>(Math.max(16, size * 2));
        for (int i = 0; i < size; i++) {
            converted.put(ByteBuffer.wrap(pairs[2 * i]), pairs[2 * i + 1]);
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
            copy.toTable();
            table.forEach((field, value) -> copy.table.put(field, value));
        } else {
            copy.pairs = pairs.clone();
            copy.size = size;
        }
        return copy;
    }
}
