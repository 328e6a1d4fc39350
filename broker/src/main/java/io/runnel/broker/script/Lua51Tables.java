package io.runnel.broker.script;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Tables sized and measured as Lua 5.1 does (see {@link LuaJPatch}). The length of a table
 * (the # operator, and every library function that takes one) is a "border" (a present index
 * followed by an absent one), not unique when the table has holes: which one Lua 5.1 answers
 * depends on its search and on the size of the table's array part. LuaJ searched otherwise and
 * gave array parts to keys that are only half of the indexes below them, so
 * {@code #{10, 20, nil, 40}} was 2 where Redis answers 4.
 */
public final class Lua51Tables {

    private static final VarHandle ARRAY;
    private static final VarHandle HASH;
    private static final VarHandle HASH_ENTRIES;
    private static final Class<?> SLOT;
    /** LuaJPatch's field: the size Lua 5.1 would give the array part (LuaJ's is rounded up to a power of two). */
    private static final VarHandle LUA51_SIZE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(LuaTable.class, MethodHandles.lookup());
            ARRAY = lookup.findVarHandle(LuaTable.class, "array", LuaValue[].class);
            SLOT = Class.forName("org.luaj.vm2.LuaTable$Slot");
            HASH = lookup.findVarHandle(LuaTable.class, "hash", SLOT.arrayType());
            HASH_ENTRIES = lookup.findVarHandle(LuaTable.class, "hashEntries", int.class);
            LUA51_SIZE = lookup.findVarHandle(LuaTable.class, "lua51size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Lua51Tables() {
    }

    /** The table constructor's sizes are in Lua's "floating point byte" (eeeeexxx): its value. */
    public static int fb2int(int encoded) {
        int exponent = (encoded >> 3) & 31;
        return exponent == 0 ? encoded : ((encoded & 7) + 8) << (exponent - 1);
    }

    /**
     * LuaJ's {@code LuaTable.rehash(newKey)}, called when the hash part is full before a new key
     * goes in ({@code newKey}: an integer key, else -1), done again: LuaJ's own loses count in
     * some orders of sets and removals and fails with an ArrayIndexOutOfBoundsException (a
     * script's "vm error"). The array part gets Lua 5.1's size (computesizes); every other entry
     * goes to a hash part with room for all of them and the new key, through LuaJ's own
     * {@code hashset}.
     */
    public static void rehash(LuaTable table, int newKey) {
        java.util.List<LuaValue[]> entries = LuaConversions.pairs(table);
        int size = arraySize(entries, newKey);
        LuaValue[] array = new LuaValue[size];
        int inHash = newKey > 0 && newKey <= size ? 0 : 1; // the key about to go in
        for (LuaValue[] entry : entries) {
            if (!inArray(entry[0], size)) {
                inHash++;
            }
        }
        int capacity = Integer.highestOneBit(Math.max(1, inHash));
        capacity = capacity < inHash ? capacity * 2 : capacity;
        ARRAY.set(table, array);
        HASH.set(table, java.lang.reflect.Array.newInstance(SLOT, Math.max(2, capacity * 2)));
        HASH_ENTRIES.set(table, 0);
        LUA51_SIZE.set(table, size);
        for (LuaValue[] entry : entries) {
            if (inArray(entry[0], size)) {
                array[entry[0].toint() - 1] = entry[1];
            } else {
                table.hashset(entry[0], entry[1]);
            }
        }
    }

    private static boolean inArray(LuaValue key, int size) {
        return key.isinttype() && key.toint() > 0 && key.toint() <= size;
    }

    /**
     * The array part Lua 5.1 gives a table whose integer keys are those of {@code entries} plus
     * {@code newKey} (0: none), when it rehashes (computesizes): the largest power of two n such
     * that more than n/2 of the indexes 1..n are keys.
     */
    static int arraySize(java.util.List<LuaValue[]> entries, int newKey) {
        int[] slices = new int[32]; // slices[i]: keys k with 2^(i-1) < k <= 2^i
        int keys = 0;
        for (LuaValue[] entry : entries) {
            LuaValue key = entry[0];
            if (key.isinttype() && key.toint() > 0) {
                slices[ceilLog2(key.toint())]++;
                keys++;
            }
        }
        if (newKey > 0) {
            slices[ceilLog2(newKey)]++;
            keys++;
        }
        int size = 0;
        int below = 0;
        for (int i = 0, twoToI = 1; i < 31 && twoToI / 2 < keys; i++, twoToI *= 2) {
            below += slices[i];
            if (below > twoToI / 2) {
                size = twoToI;
            }
        }
        return size;
    }

    private static int ceilLog2(int x) {
        return x <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(x - 1);
    }

    /**
     * Lua 5.1's luaH_getn: when the array part's last slot is empty, a binary search in the
     * array part; else its size when there is no hash part, else a search from there.
     */
    public static int length(LuaTable table) {
        LuaValue[] array = (LuaValue[]) ARRAY.get(table);
        int j = (int) LUA51_SIZE.get(table);
        if (j > 0 && table.rawget(j).isnil()) {
            int i = 0; // a border lies in the array part: binary search
            while (j - i > 1) {
                int m = (i + j) >>> 1;
                if (table.rawget(m).isnil()) {
                    j = m;
                } else {
                    i = m;
                }
            }
            return i;
        }
        if (((Object[]) HASH.get(table)).length == 0 && !anyBeyond(array, j)) {
            return j; // no key outside Lua 5.1's array part (LuaJ's slack counts as its hash part)
        }
        return unboundSearch(table, j);
    }

    /** From the array part's end (present, or 0), doubling until an absent index, then binary search. */
    private static int unboundSearch(LuaTable table, int present) {
        long i = present;
        long j = present + 1L;
        while (!table.rawget((int) j).isnil()) {
            i = j;
            j *= 2;
            if (j > Integer.MAX_VALUE) { // built to defeat the search: count from 1
                int k = 1;
                while (!table.rawget(k).isnil()) {
                    k++;
                }
                return k - 1;
            }
        }
        while (j - i > 1) {
            long m = (i + j) / 2;
            if (table.rawget((int) m).isnil()) {
                j = m;
            } else {
                i = m;
            }
        }
        return (int) i;
    }

    private static boolean anyBeyond(LuaValue[] array, int size) {
        for (int i = size; i < array.length; i++) {
            if (!isNil(array[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNil(LuaValue value) {
        return value == null || value.isnil();
    }
}
