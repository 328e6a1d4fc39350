package io.runnel.broker.set;

import io.runnel.broker.keyspace.AccessTrackedValue;
import io.runnel.broker.keyspace.FieldTable;
import io.runnel.broker.keyspace.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A set. While every member is an integer in its canonical form and there are at most
 * set-max-intset-entries of them, it is a sorted array of longs, as Redis's intset (SMEMBERS then
 * answers in ascending order, as Redis does); otherwise a hash table of members, one way, as in
 * Redis 7.0. OBJECT ENCODING says which.
 */
public final class SetValue extends AccessTrackedValue {

    private static final byte[] PRESENT = new byte[0];

    private long[] ints = new long[4];
    private int size;
    /** Table form; null while the set is an intset. */
    private FieldTable table;

    public int size() {
        return table == null ? size : table.size();
    }

    /** The member as an intset holds it: its canonical integer, or null. */
    private static Long integer(byte[] member) {
        return member.length > 20 ? null : Numbers.parseLongStrict(member);
    }

    public boolean contains(byte[] member) {
        if (table != null) {
            return table.get(member) != null;
        }
        Long value = integer(member);
        return value != null && Arrays.binarySearch(ints, 0, size, value) >= 0;
    }

    /** Adds a member; true when it is new. Beyond {@code maxIntsetEntries}, or for a non-integer, the set becomes a table. */
    public boolean add(byte[] member, int maxIntsetEntries) {
        if (table == null) {
            Long value = integer(member);
            if (value != null) {
                int at = Arrays.binarySearch(ints, 0, size, value);
                if (at >= 0) {
                    return false;
                }
                if (size + 1 <= maxIntsetEntries) {
                    int insert = -at - 1;
                    if (size == ints.length) {
                        ints = Arrays.copyOf(ints, size * 2);
                    }
                    System.arraycopy(ints, insert, ints, insert + 1, size - insert);
                    ints[insert] = value;
                    size++;
                    return true;
                }
            }
            toTable();
        }
        return table.put(member, PRESENT);
    }

    public boolean remove(byte[] member) {
        if (table != null) {
            return table.remove(member);
        }
        Long value = integer(member);
        int at = value == null ? -1 : Arrays.binarySearch(ints, 0, size, value);
        if (at < 0) {
            return false;
        }
        System.arraycopy(ints, at + 1, ints, at, size - at - 1);
        size--;
        return true;
    }

    /** Every member: ascending while an intset, in table order after. */
    public void forEach(Consumer<byte[]> action) {
        if (table != null) {
            table.forEach((member, ignored) -> action.accept(member));
            return;
        }
        for (int i = 0; i < size; i++) {
            action.accept(Long.toString(ints[i]).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Every member in {@link #forEach} order while {@code action} answers true. */
    public void forEachUntil(java.util.function.Predicate<byte[]> action) {
        if (table != null) {
            table.forEachUntil((member, ignored) -> action.test(member));
            return;
        }
        for (int i = 0; i < size; i++) {
            if (!action.test(Long.toString(ints[i]).getBytes(StandardCharsets.US_ASCII))) {
                return;
            }
        }
    }

    /** One step of SSCAN: an intset is returned whole (cursor 0 next), a table one bucket. */
    public long scanStep(long cursor, java.util.function.BiConsumer<byte[], byte[]> visit) {
        if (table != null) {
            return table.scanStep(cursor, (member, ignored) -> visit.accept(member, null));
        }
        forEach(member -> visit.accept(member, null));
        return 0;
    }

    /** A member at random (Redis's pick for a table: a random bucket, then a random chain node); null when empty. */
    public byte[] random(java.util.random.RandomGenerator random) {
        if (table != null) {
            byte[][] pick = table.random(random);
            return pick == null ? null : pick[0];
        }
        return size == 0 ? null : Long.toString(ints[random.nextInt(size)]).getBytes(StandardCharsets.US_ASCII);
    }

    private void toTable() {
        FieldTable converted = new FieldTable(size);
        for (int i = 0; i < size; i++) {
            converted.put(Long.toString(ints[i]).getBytes(StandardCharsets.US_ASCII), PRESENT);
        }
        table = converted;
        ints = null;
        size = 0;
    }

    public boolean intset() {
        return table == null;
    }

    /** A set in table form from the start (a snapshot of one). */
    public static SetValue table() {
        SetValue set = new SetValue();
        set.toTable();
        return set;
    }

    @Override
    public String typeName() {
        return "set";
    }

    @Override
    public String encoding() {
        return table == null ? "intset" : "hashtable";
    }

    @Override
    public SetValue copy() {
        SetValue copy = new SetValue();
        if (table != null) {
            copy.table = table.copy();
            copy.ints = null;
        } else {
            copy.ints = Arrays.copyOf(ints, Math.max(4, size));
            copy.size = size;
        }
        return copy;
    }
}
