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
 * sized array parts otherwise (rounded to powers of two, and given to keys that are only half
 * of the indexes below them), so {@code #{10, 20, nil, 40}} was 2 where Redis answers 4.
 */
public final class Lua51Tables {

    private static final VarHandle ARRAY;
    private static final VarHandle HASH;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(LuaTable.class, MethodHandles.lookup());
            ARRAY = lookup.findVarHandle(LuaTable.class, "array", LuaValue[].class);
            HASH = lookup.findVarHandle(LuaTable.class, "hash", Class.forName("org.luaj.vm2.LuaTable$Slot").arrayType());
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
     * Lua 5.1's luaH_getn: when the array part's last slot is empty, a binary search in the
     * array part; else its size when there is no hash part, else a search from there.
     */
    public static int length(LuaTable table) {
        LuaValue[] array = (LuaValue[]) ARRAY.get(table);
        int j = array.length;
        if (j > 0 && isNil(array[j - 1])) {
            int i = 0; // a border lies in the array part: binary search
            while (j - i > 1) {
                int m = (i + j) >>> 1;
                if (isNil(array[m - 1])) {
                    j = m;
                } else {
                    i = m;
                }
            }
            return i;
        }
        if (((Object[]) HASH.get(table)).length == 0) {
            return j;
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

    private static boolean isNil(LuaValue value) {
        return value == null || value.isnil();
    }
}
