package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.WeakTable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Tables stored as Lua 5.1 stores them (see {@link LuaJPatch}, which sends LuaTable's hash
 * part, {@code next}, sizing and length here): an array part of exactly the size Lua 5.1
 * gives it and a hash part of Lua 5.1's nodes ({@link Lua51Nodes}), rebuilt when Lua 5.1
 * rebuilds it. Both decide what scripts see: the length of a table with holes (a "border",
 * which one depends on the array part's size: {@code #{10, 20, nil, 40}} is 4 in Redis) and
 * the order {@code next} visits keys (array part in index order, then the nodes in order).
 * Values go through the table's metatable as LuaJ's do, so weak values stay weak; weak keys
 * are held strongly.
 */
public final class Lua51Tables {

    /** Lua 5.1's MAXBITS: integer keys above 2^26 never go to the array part. */
    private static final int MAX_BITS = 26;

    private static final LuaValue[] NO_VALUES = {};

    private static final VarHandle ARRAY;
    private static final VarHandle METATABLE;
    /** LuaJPatch's field: the table's nodes, null for none (Lua 5.1's dummy node). */
    private static final VarHandle NODES;
    /** LuaJPatch's field: whether scripts may not change the table. */
    private static final VarHandle READONLY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(LuaTable.class, MethodHandles.lookup());
            ARRAY = lookup.findVarHandle(LuaTable.class, "array", LuaValue[].class);
            METATABLE = lookup.findVarHandle(LuaTable.class, "m_metatable", Class.forName("org.luaj.vm2.Metatable"));
            NODES = lookup.findVarHandle(LuaTable.class, LuaTablePatch.NODES, Lua51Nodes.class);
            READONLY = lookup.findVarHandle(LuaTable.class, LuaTablePatch.READONLY, boolean.class);
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
     * A string's hash as Redis's Lua 5.1 computes it when it interns the string (LuaJ's
     * {@code LuaString.hashCode(byte[], int, int)}, whose right shift was a signed one): seeded
     * with the length, every byte from the last to the first (stock Lua 5.1 skips bytes of
     * strings of 32 bytes and more; Redis's hashes them all, and so orders keys otherwise).
     */
    public static int stringHash(byte[] bytes, int offset, int length) {
        int hash = length;
        for (int i = length; i > 0; i--) {
            hash ^= (hash << 5) + (hash >>> 2) + (bytes[offset + i - 1] & 0xFF);
        }
        return hash;
    }

    /** {@code LuaTable.rawset(key, value)}: every write to a table ends here, refused on a read-only one. */
    public static void rawset(LuaTable table, LuaValue key, LuaValue value) {
        refuseIfReadonly(table);
        int index = arrayIndex(key);
        LuaValue[] array = (LuaValue[]) ARRAY.get(table);
        if (index > 0 && index <= array.length) {
            array[index - 1] = stored(table, value);
        } else {
            set(table, key, value);
        }
    }

    /** {@code LuaTable.rawset(index, value)}. */
    public static void rawset(LuaTable table, int index, LuaValue value) {
        refuseIfReadonly(table);
        LuaValue[] array = (LuaValue[]) ARRAY.get(table);
        if (index > 0 && index <= array.length) {
            array[index - 1] = stored(table, value);
        } else {
            set(table, LuaValue.valueOf(index), value);
        }
    }

    private static void refuseIfReadonly(LuaTable table) {
        if ((boolean) READONLY.get(table)) {
            throw new LuaError("Attempt to modify a readonly table");
        }
    }

    static boolean isReadonly(LuaTable table) {
        return (boolean) READONLY.get(table);
    }

    /**
     * Makes a table read-only for scripts, with every table it holds and their metatables, as
     * Redis protects the libraries it gives scripts (string, table, cjson, redis, ...).
     */
    static void protect(LuaTable table) {
        if ((boolean) READONLY.get(table)) {
            return; // seen already (tables may refer to each other)
        }
        READONLY.set(table, true);
        for (LuaValue[] entry : LuaConversions.pairs(table)) {
            if (entry[1].istable()) {
                protect((LuaTable) entry[1]);
            }
        }
        if (table.getmetatable() instanceof LuaTable metatable) {
            protect(metatable);
        }
    }

    /** {@code LuaTable.hashget}: the value of a key outside the array part. */
    public static LuaValue get(LuaTable table, LuaValue key) {
        Lua51Nodes nodes = (Lua51Nodes) NODES.get(table);
        if (nodes == null) {
            return LuaValue.NIL;
        }
        int node = nodes.find(normalized(key));
        return node < 0 ? LuaValue.NIL : value(weakValues(table), nodes.values, node);
    }

    /**
     * {@code LuaTable.hashset}: sets a key outside the array part. As in Lua 5.1, a key not in
     * the table gets a node even when the value is nil, and when no node is free the table is
     * rebuilt with the sizes its keys call for (which may move the key to the array part).
     */
    public static void set(LuaTable table, LuaValue key, LuaValue value) {
        key = normalized(key);
        LuaValue stored = stored(table, value);
        Lua51Nodes nodes = (Lua51Nodes) NODES.get(table);
        if (nodes != null) {
            int node = nodes.find(key);
            if (node < 0) {
                node = nodes.place(refusingInvalid(key));
            }
            if (node >= 0) {
                nodes.values[node] = stored;
                return;
            }
        }
        rehash(table, refusingInvalid(key));
        store(table, key, stored);
    }

    /**
     * The node Lua 5.1's luaH_set gives an absent key before __newindex is asked (a key set
     * through a metatable still takes its place in the table, with a nil value); refuses a nil
     * or NaN key. Answers the key as a value, for __newindex.
     */
    public static LuaValue claim(LuaTable table, LuaValue key) {
        int index = arrayIndex(key);
        if (index <= 0 || index > ((LuaValue[]) ARRAY.get(table)).length) {
            set(table, key, LuaValue.NIL);
        }
        return key;
    }

    public static LuaValue claim(LuaTable table, int key) {
        return claim(table, LuaValue.valueOf(key));
    }

    /**
     * {@code LuaTable.next}: the key after {@code key} and its value, array part first, then
     * the nodes in order; nil after the last. A key not in the table is "invalid key to 'next'".
     */
    public static Varargs next(LuaTable table, LuaValue key) {
        LuaValue[] array = (LuaValue[]) ARRAY.get(table);
        Lua51Nodes nodes = (Lua51Nodes) NODES.get(table);
        int from;
        if (key.isnil()) {
            from = 0;
        } else {
            int index = arrayIndex(key);
            if (index > 0 && index <= array.length) {
                from = index;
            } else {
                int node = nodes == null ? -1 : nodes.find(normalized(key));
                if (node < 0) {
                    throw new LuaError("invalid key to 'next'");
                }
                from = array.length + node + 1;
            }
        }
        WeakTable weak = weakValues(table); // looked up once, not for each empty slot passed
        for (; from < array.length; from++) {
            LuaValue value = value(weak, array, from);
            if (!value.isnil()) {
                return LuaValue.varargsOf(LuaValue.valueOf(from + 1), value);
            }
        }
        if (nodes != null) {
            for (int node = from - array.length; node < nodes.size(); node++) {
                LuaValue value = value(weak, nodes.values, node);
                if (!value.isnil()) {
                    return LuaValue.varargsOf(nodes.keys[node], value);
                }
            }
        }
        return LuaValue.NIL;
    }

    /** {@code LuaTable.presize(narray, nhash)}: a constructor's sizes, exact (Lua 5.1's luaH_new). */
    public static void presize(LuaTable table, int arraySize, int nodeCount) {
        resize(table, Math.max(0, arraySize), Math.max(0, nodeCount));
    }

    /** {@code LuaTable.presize(n)}: a constructor's list of n values needs an array part that large. */
    public static void presize(LuaTable table, int arraySize) {
        LuaValue[] array = (LuaValue[]) ARRAY.get(table);
        if (array == null || arraySize > array.length) {
            Lua51Nodes nodes = (Lua51Nodes) NODES.get(table);
            resize(table, arraySize, nodes == null ? 0 : nodes.size());
        }
    }

    /**
     * {@code LuaTable.rehash(int)}, which LuaJ still calls when a new metatable makes the
     * table's values weak or strong again: every value is wrapped again as the new metatable
     * wants it (a value already collected is nil).
     */
    public static void rewrap(LuaTable table, int unused) {
        LuaValue[] array = (LuaValue[]) ARRAY.get(table);
        if (array != null) {
            rewrap(table, array);
        }
        Lua51Nodes nodes = (Lua51Nodes) NODES.get(table);
        if (nodes != null) {
            rewrap(table, nodes.values);
        }
    }

    private static void rewrap(LuaTable table, LuaValue[] slots) {
        for (int i = 0; i < slots.length; i++) {
            LuaValue value = slots[i] == null ? null : slots[i].strongvalue();
            slots[i] = value == null ? null : stored(table, value);
        }
    }

    /** {@code LuaTable.getHashLength}: the number of nodes. */
    public static int hashLength(LuaTable table) {
        Lua51Nodes nodes = (Lua51Nodes) NODES.get(table);
        return nodes == null ? 0 : nodes.size();
    }

    /**
     * Rebuilds a table that has no free node for {@code newKey} (Lua 5.1's rehash): counts the
     * integer keys by powers of two, array part and nodes (non-nil values only) and the new key,
     * gives the array part the largest power of two n with more than n/2 of 1..n present, and
     * the nodes room for every other key.
     */
    private static void rehash(LuaTable table, LuaValue newKey) {
        int[] counts = new int[MAX_BITS + 1]; // counts[i]: integer keys k with 2^(i-1) < k <= 2^i
        LuaValue[] array = (LuaValue[]) ARRAY.get(table);
        int integerKeys = 0;
        for (int i = 0; i < array.length; i++) {
            if (array[i] != null && !array[i].isnil()) {
                counts[ceilLog2(i + 1)]++;
                integerKeys++;
            }
        }
        int total = integerKeys;
        Lua51Nodes nodes = (Lua51Nodes) NODES.get(table);
        if (nodes != null) {
            for (int node = nodes.size() - 1; node >= 0; node--) {
                if (nodes.values[node] != null) {
                    integerKeys += count(nodes.keys[node], counts);
                    total++;
                }
            }
        }
        integerKeys += count(newKey, counts);
        total++;
        int arraySize = 0;
        int inArray = 0;
        int below = 0;
        for (int i = 0, twoToI = 1; i <= MAX_BITS && twoToI / 2 < integerKeys; i++, twoToI *= 2) {
            if (counts[i] > 0) {
                below += counts[i];
                if (below > twoToI / 2) {
                    arraySize = twoToI;
                    inArray = below;
                }
            }
        }
        resize(table, arraySize, total - inArray);
    }

    private static int count(LuaValue key, int[] counts) {
        int index = arrayIndex(key);
        if (index > 0 && index <= 1 << MAX_BITS) {
            counts[ceilLog2(index)]++;
            return 1;
        }
        return 0;
    }

    /**
     * Gives a table an array part of {@code arraySize} and {@code nodeCount} nodes (rounded up to
     * a power of two; none for 0), then puts back what no longer fits the array part, in index
     * order, and every node's key, from the last node to the first (Lua 5.1's resize).
     */
    private static void resize(LuaTable table, int arraySize, int nodeCount) {
        LuaValue[] oldArray = (LuaValue[]) ARRAY.get(table);
        if (oldArray == null) { // LuaTable(narray, nhash) sizes a table before anything else
            oldArray = NO_VALUES;
        }
        Lua51Nodes oldNodes = (Lua51Nodes) NODES.get(table);
        ARRAY.set(table, arraySize == oldArray.length ? oldArray : Arrays.copyOf(oldArray, arraySize));
        NODES.set(table, nodeCount == 0 ? null : new Lua51Nodes(nodeCount == 1 ? 1 : Integer.highestOneBit(nodeCount - 1) << 1));
        for (int i = arraySize; i < oldArray.length; i++) {
            if (oldArray[i] != null && !oldArray[i].isnil()) {
                store(table, LuaValue.valueOf(i + 1), oldArray[i]);
            }
        }
        if (oldNodes != null) {
            for (int node = oldNodes.size() - 1; node >= 0; node--) {
                if (oldNodes.values[node] != null) {
                    store(table, oldNodes.keys[node], oldNodes.values[node]);
                }
            }
        }
    }

    /** Sets a (normalized) key in a table that has room for it: its array part, or a node. */
    private static void store(LuaTable table, LuaValue key, LuaValue stored) {
        LuaValue[] array = (LuaValue[]) ARRAY.get(table);
        int index = arrayIndex(key);
        if (index > 0 && index <= array.length) {
            array[index - 1] = stored;
            return;
        }
        Lua51Nodes nodes = (Lua51Nodes) NODES.get(table);
        int node = nodes.find(key);
        if (node < 0) {
            node = nodes.place(key);
        }
        if (node < 0) {
            throw new IllegalStateException("a rebuilt table has no node for " + key);
        }
        nodes.values[node] = stored;
    }

    /** A new key, unless nil or NaN, which no table holds. */
    private static LuaValue refusingInvalid(LuaValue key) {
        if (key.isnil()) {
            throw new LuaError("table index is nil");
        }
        if (key.type() == LuaValue.TNUMBER && Double.isNaN(key.todouble())) {
            throw new LuaError("table index is NaN");
        }
        return key;
    }

    /** The key as a table holds it: -0 is the key 0. */
    private static LuaValue normalized(LuaValue key) {
        return key.type() == LuaValue.TNUMBER && !key.isinttype() && key.todouble() == 0 ? LuaValue.ZERO : key;
    }

    /** The array index a key stands for (a number with an integer value), else -1. */
    private static int arrayIndex(LuaValue key) {
        if (key.isinttype()) {
            return key.toint();
        }
        if (key.type() == LuaValue.TNUMBER) {
            double number = key.todouble();
            int index = (int) number;
            return index == number ? index : -1;
        }
        return -1;
    }

    /** The table's metatable when it makes values weak (LuaJ's WeakTable), else null. */
    private static WeakTable weakValues(LuaTable table) {
        return METATABLE.get(table) instanceof WeakTable weak ? weak : null;
    }

    /** A slot's value, unwrapped when the table's values are weak (a weak value may be gone): never null. */
    private static LuaValue value(WeakTable weak, LuaValue[] slots, int index) {
        LuaValue value = weak != null ? weak.arrayget(slots, index) : slots[index];
        return value == null ? LuaValue.NIL : value;
    }

    /** What a slot holds for a value: null for nil, else the value, wrapped when the table's values are weak. */
    private static LuaValue stored(LuaTable table, LuaValue value) {
        if (value.isnil()) {
            return null;
        }
        WeakTable weak = weakValues(table);
        return weak != null ? weak.wrap(value) : value;
    }

    private static int ceilLog2(int x) {
        return x <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(x - 1);
    }

    /**
     * Lua 5.1's luaH_getn: when the array part's last slot is empty, a binary search in the
     * array part; else its size when there is no hash part, else a search from there.
     */
    public static int length(LuaTable table) {
        int j = ((LuaValue[]) ARRAY.get(table)).length;
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
        if (NODES.get(table) == null) {
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
}
