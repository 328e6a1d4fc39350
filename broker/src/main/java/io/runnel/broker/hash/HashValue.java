package io.runnel.broker.hash;

import io.runnel.broker.keyspace.AccessTrackedValue;
import io.runnel.broker.keyspace.FieldTable;

import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A hash: fields and their values. Small hashes are kept as Redis keeps them in a listpack: one
 * packed array of field, value, field, value... in insertion order ({@link Listpack}), searched
 * linearly: little memory, and HGETALL answers in the order Redis does. Once a hash holds more fields, or a longer field or
 * value, than the hash-max-listpack-* limits allow, it becomes a hash table, as in Redis, and
 * stays one (OBJECT ENCODING says which).
 */
public final class HashValue extends AccessTrackedValue {

    /** Compact form: the packed fields and values; null once the hash is a table. */
    private byte[] packed = Listpack.EMPTY;
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
        int at = Listpack.find(packed, field);
        return at < 0 ? null : Listpack.value(packed, at);
    }

    public boolean contains(byte[] field) {
        return table != null ? table.get(field) != null : Listpack.find(packed, field) >= 0;
    }

    /** Sets a field; returns true when it is new. The hash becomes a table once over {@code limits}. */
    public boolean put(byte[] field, byte[] value, Limits limits) {
        if (table == null && (field.length > limits.maxValueLength() || value.length > limits.maxValueLength())) {
            toTable();
        }
        if (table != null) {
            return table.put(field, value);
        }
        int at = Listpack.find(packed, field);
        if (at >= 0) {
            packed = Listpack.replaceValue(packed, at, value);
            return false;
        }
        packed = Listpack.append(packed, field, value);
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
        int at = Listpack.find(packed, field);
        if (at < 0) {
            return false;
        }
        packed = Listpack.remove(packed, at);
        size--;
        return true;
    }

    /** Every field and value: in insertion order while compact, in table order after. */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        if (table != null) {
            table.forEach(action);
        } else {
            Listpack.forEach(packed, action);
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
        return size == 0 ? null : Listpack.entry(packed, random.nextInt(size));
    }

    private void toTable() {
        FieldTable converted = new FieldTable(size);
        Listpack.forEach(packed, converted::put);
        table = converted;
        packed = null;
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
            copy.packed = null;
        } else {
            copy.packed = packed; // never changed in place: every change makes a new array
            copy.size = size;
        }
        return copy;
    }
}
