package io.runnel.broker.hash;

import io.runnel.broker.keyspace.AccessTrackedValue;
import io.runnel.broker.keyspace.FieldTable;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.ShardState;
import io.runnel.broker.keyspace.TimedValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A hash: fields and their values. Small hashes are kept as Redis keeps them in a listpack: one
 * packed array of field, value, field, value... in insertion order ({@link Listpack}), searched
 * linearly: little memory, and HGETALL answers in the order Redis does. Once a hash holds more
 * fields, or a longer field or value, than the hash-max-listpack-* limits allow, it becomes a
 * hash table, as in Redis, and stays one (OBJECT ENCODING says which).
 *
 * <p>Fields may expire (HEXPIRE and its kin). Once a field-expiry command has reached a compact
 * hash it keeps one expiry time per entry and, as Redis's "listpackex", orders its entries by
 * that time, earliest first and fields without one last: HGETALL then answers in Redis's order.
 * A table keeps the times beside it ({@link FieldDeadlines}). An expired field stays until a
 * command reaches it or the entity's periodic cycle removes it (see {@link #tick}).
 */
public final class HashValue extends AccessTrackedValue implements TimedValue {

    /** The most fields one periodic cycle expires in one hash, so that one event stays small. */
    private static final int EXPIRED_PER_TICK = 1000;

    /** Compact form: the packed fields and values; null once the hash is a table. */
    private byte[] packed = Listpack.EMPTY;
    private int size;
    /** Compact form once fields may expire: each entry's expiry time in entry order, 0 for none. */
    private long[] packedDeadlines;
    /** Table form. */
    private FieldTable table;
    /** Table form once fields may expire. */
    private FieldDeadlines tableDeadlines;

    /** The limits under which a hash stays compact (hash-max-listpack-entries and -value). */
    public record Limits(int maxEntries, int maxValueLength) {
    }

    /** Receives a field, its value and its expiry time (0 for none). */
    public interface EntryVisitor {
        void accept(byte[] field, byte[] value, long deadline);
    }

    public int size() {
        return table == null ? size : table.size();
    }

    /** The value of a field, expired or not; null when absent. */
    public byte[] get(byte[] field) {
        if (table != null) {
            return table.get(field);
        }
        int at = Listpack.find(packed, field);
        return at < 0 ? null : Listpack.value(packed, at);
    }

    /** Whether the field is present, expired or not. */
    public boolean contains(byte[] field) {
        return table != null ? table.get(field) != null : Listpack.find(packed, field) >= 0;
    }

    /**
     * Sets a field; returns true when it is new. Overwriting a field drops its expiry time (it
     * then moves after the fields that have one) unless {@code keepDeadline}, as HINCRBY keeps
     * it. The hash becomes a table once over {@code limits}.
     */
    public boolean put(byte[] field, byte[] value, Limits limits, boolean keepDeadline) {
        if (table == null && (field.length > limits.maxValueLength() || value.length > limits.maxValueLength())) {
            toTable();
        }
        if (table != null) {
            boolean added = table.put(field, value);
            if (!keepDeadline && tableDeadlines != null) {
                tableDeadlines.remove(field);
            }
            return added;
        }
        if (packedDeadlines == null) {
            int at = Listpack.find(packed, field);
            if (at >= 0) {
                packed = Listpack.replaceValue(packed, at, value);
                return false;
            }
        } else {
            int index = Listpack.indexOf(packed, field);
            if (index >= 0) {
                if (packedDeadlines[index] != 0 && !keepDeadline) {
                    removePacked(index);
                    appendPacked(field, value, 0);
                } else {
                    packed = Listpack.replaceValue(packed, Listpack.offsetOf(packed, index), value);
                }
                return false;
            }
        }
        appendPacked(field, value, 0);
        if (size > limits.maxEntries()) {
            toTable();
        }
        return true;
    }

    /** Sets a field, dropping any expiry time it had. */
    public boolean put(byte[] field, byte[] value, Limits limits) {
        return put(field, value, limits, false);
    }

    /** Removes a field; returns whether it was there. */
    public boolean remove(byte[] field) {
        if (table != null) {
            if (tableDeadlines != null) {
                tableDeadlines.remove(field);
            }
            return table.remove(field);
        }
        int index = Listpack.indexOf(packed, field);
        if (index < 0) {
            return false;
        }
        removePacked(index);
        return true;
    }

    // ---- field expiry ---------------------------------------------------------------------------

    /** Whether a field-expiry command has reached this hash (its times are kept from then on). */
    public boolean expiryEnabled() {
        return packedDeadlines != null || tableDeadlines != null;
    }

    /** Prepares the hash to keep expiry times: a compact hash becomes Redis's "listpackex". */
    public void enableExpiry() {
        if (table != null) {
            if (tableDeadlines == null) {
                tableDeadlines = new FieldDeadlines();
            }
        } else if (packedDeadlines == null) {
            packedDeadlines = new long[size];
        }
    }

    /** The field's expiry time in unix milliseconds, 0 when it has none (or is absent). */
    public long deadline(byte[] field) {
        if (!expiryEnabled()) {
            return 0;
        }
        if (table != null) {
            return tableDeadlines.get(field);
        }
        int index = Listpack.indexOf(packed, field);
        return index < 0 ? 0 : packedDeadlines[index];
    }

    /** Whether the field has an expiry time that has come by {@code now}. */
    public boolean expired(byte[] field, long now) {
        return isDue(deadline(field), now);
    }

    static boolean isDue(long deadline, long now) {
        return deadline != 0 && deadline <= now;
    }

    /**
     * Gives a present field an expiry time (the hash must keep times, see {@link #enableExpiry});
     * a compact hash moves the field before the first entry whose time is not earlier, or that
     * has none, as Redis orders a listpackex.
     */
    public void expireAt(byte[] field, long at) {
        enableExpiry();
        if (table != null) {
            if (table.get(field) != null) {
                tableDeadlines.set(field, at);
            }
            return;
        }
        int index = Listpack.indexOf(packed, field);
        if (index < 0) {
            return;
        }
        byte[] value = Listpack.value(packed, Listpack.offsetOf(packed, index));
        removePacked(index);
        int position = 0;
        while (position < size && packedDeadlines[position] != 0 && packedDeadlines[position] < at) {
            position++;
        }
        insertPacked(position, field, value, at);
    }

    /** Drops a field's expiry time; a compact hash moves the field to the end. Whether it had one. */
    public boolean persist(byte[] field) {
        if (table != null) {
            return tableDeadlines != null && tableDeadlines.remove(field);
        }
        int index = packedDeadlines == null ? -1 : Listpack.indexOf(packed, field);
        if (index < 0 || packedDeadlines[index] == 0) {
            return false;
        }
        byte[] value = Listpack.value(packed, Listpack.offsetOf(packed, index));
        removePacked(index);
        appendPacked(field, value, 0);
        return true;
    }

    /** The earliest expiry time of any field, 0 when none has one. */
    public long earliestDeadline() {
        if (table != null) {
            return tableDeadlines == null ? 0 : tableDeadlines.earliest();
        }
        // entries are ordered by time, those without one last
        return packedDeadlines == null || size == 0 ? 0 : packedDeadlines[0];
    }

    /** Up to {@code limit} fields whose expiry time has come by {@code now}, earliest first. */
    public List<byte[]> dueFields(long now, int limit) {
        if (!isDue(earliestDeadline(), now)) {
            return List.of();
        }
        if (table != null) {
            return tableDeadlines.due(now, limit);
        }
        List<byte[]> due = new ArrayList<>();
        forEachEntry((field, value, deadline) -> {
            if (isDue(deadline, now) && due.size() < limit) {
                due.add(field);
            }
        });
        return due;
    }

    /** The number of fields not expired by {@code now}. */
    public int liveSize(long now) {
        if (!isDue(earliestDeadline(), now)) {
            return size();
        }
        int[] live = {0};
        forEachEntry((field, value, deadline) -> {
            if (!isDue(deadline, now)) {
                live[0]++;
            }
        });
        return live[0];
    }

    /**
     * The periodic cycle's part in field expiry: removes the fields whose time has come (journaled
     * as their deletion), raising hexpired, and del when the hash goes with them.
     */
    @Override
    public boolean tick(ShardState state, int db, byte[] key, long now) {
        List<byte[]> due = dueFields(now, EXPIRED_PER_TICK);
        if (due.isEmpty()) {
            return earliestDeadline() != 0;
        }
        boolean emptied = due.size() == size();
        state.emit(new HashEvents.FieldsDeleted(db, key, due.toArray(new byte[0][])));
        state.notify(KeyEvent.HEXPIRED, db, key);
        if (emptied) {
            state.notify(KeyEvent.DEL, db, key);
            return false;
        }
        return earliestDeadline() != 0;
    }

    // ---- walking ----------------------------------------------------------------------------------

    /** Every field and value, expired or not: in entry order while compact, in table order after. */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        if (table != null) {
            table.forEach(action);
        } else {
            Listpack.forEach(packed, action);
        }
    }

    /** Every field with its value and expiry time (0 for none), in the order of {@link #forEach}. */
    public void forEachEntry(EntryVisitor visitor) {
        if (table != null) {
            table.forEach((field, value) -> visitor.accept(field, value, tableDeadlines == null ? 0 : tableDeadlines.get(field)));
        } else {
            int[] index = {0};
            Listpack.forEach(packed, (field, value) ->
                    visitor.accept(field, value, packedDeadlines == null ? 0 : packedDeadlines[index[0]++]));
        }
    }

    /** Every field and value not expired by {@code now}. */
    public void forEachLive(long now, BiConsumer<byte[], byte[]> action) {
        if (!isDue(earliestDeadline(), now)) {
            forEach(action);
            return;
        }
        forEachEntry((field, value, deadline) -> {
            if (!isDue(deadline, now)) {
                action.accept(field, value);
            }
        });
    }

    public boolean compact() {
        return table == null;
    }

    /**
     * One step of HSCAN: a compact hash is returned whole (cursor 0 next), as Redis returns a
     * listpack; a table is walked bucket by bucket with Redis's cursor. Fields expired by
     * {@code now} are left out. Returns the next cursor.
     */
    public long scanStep(long cursor, long now, BiConsumer<byte[], byte[]> action) {
        if (table == null) {
            forEachLive(now, action);
            return 0;
        }
        if (!isDue(earliestDeadline(), now)) {
            return table.scanStep(cursor, action);
        }
        return table.scanStep(cursor, (field, value) -> {
            if (!isDue(tableDeadlines.get(field), now)) {
                action.accept(field, value);
            }
        });
    }

    /** A field and its value at random; null when empty. */
    public byte[][] random(RandomGenerator random) {
        if (table != null) {
            return table.random(random);
        }
        return size == 0 ? null : Listpack.entry(packed, random.nextInt(size));
    }

    // ---- the compact form's entries ---------------------------------------------------------------

    private void appendPacked(byte[] field, byte[] value, long deadline) {
        packed = Listpack.append(packed, field, value);
        if (packedDeadlines != null) {
            packedDeadlines = Arrays.copyOf(packedDeadlines, size + 1);
            packedDeadlines[size] = deadline;
        }
        size++;
    }

    private void insertPacked(int index, byte[] field, byte[] value, long deadline) {
        packed = Listpack.insert(packed, Listpack.offsetOf(packed, index), field, value);
        long[] deadlines = new long[size + 1];
        System.arraycopy(packedDeadlines, 0, deadlines, 0, index);
        deadlines[index] = deadline;
        System.arraycopy(packedDeadlines, index, deadlines, index + 1, size - index);
        packedDeadlines = deadlines;
        size++;
    }

    private void removePacked(int index) {
        packed = Listpack.remove(packed, Listpack.offsetOf(packed, index));
        if (packedDeadlines != null) {
            long[] deadlines = new long[size - 1];
            System.arraycopy(packedDeadlines, 0, deadlines, 0, index);
            System.arraycopy(packedDeadlines, index + 1, deadlines, index, size - index - 1);
            packedDeadlines = deadlines;
        }
        size--;
    }

    private void toTable() {
        FieldTable converted = new FieldTable(size);
        FieldDeadlines deadlines = packedDeadlines == null ? null : new FieldDeadlines();
        forEachEntry((field, value, deadline) -> {
            converted.put(field, value);
            if (deadline != 0) {
                deadlines.set(field, deadline);
            }
        });
        table = converted;
        tableDeadlines = deadlines;
        packed = null;
        packedDeadlines = null;
        size = 0;
    }

    // ---- restoring ----------------------------------------------------------------------------------

    /** An empty hash in the given form, to be filled by {@link #restoreEntry} (a snapshot of one). */
    public static HashValue restoring(boolean compact, boolean expiryEnabled) {
        HashValue hash = new HashValue();
        if (!compact) {
            hash.toTable();
        }
        if (expiryEnabled) {
            hash.enableExpiry();
        }
        return hash;
    }

    /** Adds an entry as a snapshot held it: at the end, with its time, in the form chosen. */
    public void restoreEntry(byte[] field, byte[] value, long deadline) {
        if (table != null) {
            table.put(field, value);
            if (deadline != 0) {
                tableDeadlines.set(field, deadline);
            }
        } else {
            appendPacked(field, value, deadline);
        }
    }

    /** A hash in table form from the start. */
    public static HashValue table() {
        return restoring(false, false);
    }

    @Override
    public String typeName() {
        return "hash";
    }

    @Override
    public String encoding() {
        return table != null ? "hashtable" : packedDeadlines != null ? "listpackex" : "listpack";
    }

    @Override
    public HashValue copy() {
        HashValue copy = new HashValue();
        if (table != null) {
            copy.table = table.copy();
            copy.tableDeadlines = tableDeadlines == null ? null : tableDeadlines.copy();
            copy.packed = null;
        } else {
            copy.packed = packed; // never changed in place: every change makes a new array
            copy.packedDeadlines = packedDeadlines == null ? null : packedDeadlines.clone();
            copy.size = size;
        }
        return copy;
    }
}
