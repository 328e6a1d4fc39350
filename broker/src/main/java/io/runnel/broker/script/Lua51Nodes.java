package io.runnel.broker.script;

import org.luaj.vm2.LuaValue;

import java.util.Arrays;

/**
 * The hash part of a table laid out node for node as Lua 5.1 lays it out, so that {@code next}
 * (hence {@code pairs}, and the key order of {@code cjson.encode} and {@code cmsgpack.pack})
 * visits keys in the order Redis's Lua visits them. A key sits at its main position (its hash
 * modulo the size) or, when another key holds that node, at the highest free node below the
 * last one taken, chained from its main position. A key whose value is cleared keeps its node
 * (its value is null) until the table is rebuilt, as in Lua 5.1. {@link Lua51Tables} decides
 * sizes and rebuilds; this class only places and finds keys.
 */
final class Lua51Nodes {

    final LuaValue[] keys;
    /** Null: nil (a cleared key, or a key set to nil, keeps its node). */
    final LuaValue[] values;
    /** The next node of a chain, or -1. */
    private final int[] next;
    /** Free nodes are searched for downwards from here; nodes freed above it are not reused. */
    private int lastFree;

    /** {@code size}: a power of two. */
    Lua51Nodes(int size) {
        keys = new LuaValue[size];
        values = new LuaValue[size];
        next = new int[size];
        Arrays.fill(next, -1);
        lastFree = size;
    }

    int size() {
        return keys.length;
    }

    /**
     * The node a key hashes to. Strings use their hash (LuaJPatch makes LuaString's hash Lua
     * 5.1's), masked; numbers add the two 32-bit halves of the double and take them modulo an
     * odd number (0 and -0 at node 0); booleans are 0 or 1. Other values hash by identity, where
     * Lua uses their address (so their order is no more predictable in Redis).
     */
    int mainPosition(LuaValue key) {
        int mask = keys.length - 1;
        switch (key.type()) {
            case LuaValue.TSTRING:
                return key.hashCode() & mask;
            case LuaValue.TNUMBER: {
                double number = key.todouble();
                if (number == 0) {
                    return 0;
                }
                long bits = Double.doubleToRawLongBits(number);
                return Integer.remainderUnsigned((int) bits + (int) (bits >>> 32), mask | 1);
            }
            case LuaValue.TBOOLEAN:
                return key.toboolean() ? 1 & mask : 0;
            default:
                return Integer.remainderUnsigned(System.identityHashCode(key), mask | 1);
        }
    }

    /** The node holding {@code key} (its value perhaps nil), or -1. */
    int find(LuaValue key) {
        int node = mainPosition(key);
        do {
            LuaValue held = keys[node];
            if (held == key || held != null && held.raweq(key)) {
                return node;
            }
            node = next[node];
        } while (node >= 0);
        return -1;
    }

    /**
     * Gives a key that is not in the table a node and answers it, or -1 when no free node is
     * left (the table must be rebuilt larger first). When the main position is taken by a key
     * that is not in its own main position, that key moves to the free node and the new key
     * takes its place; else the new key goes to the free node, chained after the main position.
     */
    int place(LuaValue key) {
        int main = mainPosition(key);
        if (values[main] == null) {
            keys[main] = key; // an empty node, or one whose key was cleared: the chain through it stays
            return main;
        }
        int free = freeNode();
        if (free < 0) {
            return -1;
        }
        int colliding = mainPosition(keys[main]);
        if (colliding != main) {
            while (next[colliding] != main) {
                colliding = next[colliding];
            }
            next[colliding] = free;
            keys[free] = keys[main];
            values[free] = values[main];
            next[free] = next[main];
            next[main] = -1;
            values[main] = null;
            keys[main] = key;
            return main;
        }
        next[free] = next[main];
        next[main] = free;
        keys[free] = key;
        return free;
    }

    private int freeNode() {
        while (lastFree > 0) {
            lastFree--;
            if (keys[lastFree] == null) {
                return lastFree;
            }
        }
        return -1;
    }
}
