package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * table.sort as Lua 5.1 sorts: its quicksort (median of three, the pivot kept at u - 1, the
 * smaller part recursed into), which is not stable, so elements the order function calls equal
 * end where Redis puts them only if the same comparisons and swaps are made. LuaJ's heapsort
 * orders ties differently. Comparing without an order function is Lua's "<": numbers, strings
 * byte by byte, else a shared __lt, else "attempt to compare ...".
 */
final class LuaSort extends VarArgFunction {

    @Override
    public Varargs invoke(Varargs args) {
        if (!args.arg1().istable()) {
            throw LuaSignatures.refused(args, 1, "table");
        }
        LuaTable table = (LuaTable) args.arg1();
        LuaValue order = args.arg(2);
        if (!order.isnil() && !order.isfunction()) {
            throw LuaSignatures.refused(args, 2, "function");
        }
        new Run(table, order.isnil() ? null : order).sort(1, table.rawlen());
        return NONE;
    }

    /** One sort: the table and the order function (null: Lua's "<"). */
    private record Run(LuaTable t, LuaValue order) {

        void sort(int l, int u) {
            while (l < u) {
                if (less(t.rawget(u), t.rawget(l))) {
                    swap(l, u);
                }
                if (u - l == 1) {
                    return;
                }
                int i = (l + u) / 2;
                if (less(t.rawget(i), t.rawget(l))) {
                    swap(i, l);
                } else if (less(t.rawget(u), t.rawget(i))) {
                    swap(i, u);
                }
                if (u - l == 2) {
                    return;
                }
                LuaValue pivot = t.rawget(i);
                swap(i, u - 1);
                i = l;
                int j = u - 1;
                while (true) {
                    while (less(t.rawget(++i), pivot)) {
                        if (i > u) {
                            throw new LuaError("invalid order function for sorting");
                        }
                    }
                    while (less(pivot, t.rawget(--j))) {
                        if (j < l) {
                            throw new LuaError("invalid order function for sorting");
                        }
                    }
                    if (j < i) {
                        break;
                    }
                    swap(i, j);
                }
                swap(u - 1, i);
                // recurse into the smaller part, loop on the larger
                if (i - l < u - i) {
                    sort(l, i - 1);
                    l = i + 1;
                } else {
                    sort(i + 1, u);
                    u = i - 1;
                }
            }
        }

        private void swap(int i, int j) {
            LuaValue at = t.rawget(i);
            t.rawset(i, t.rawget(j));
            t.rawset(j, at);
        }

        private boolean less(LuaValue a, LuaValue b) {
            return order != null ? order.call(a, b).toboolean() : lessThan(a, b);
        }
    }

    /** Lua 5.1's "<" (luaV_lessthan). */
    static boolean lessThan(LuaValue a, LuaValue b) {
        if (a.type() == b.type()) {
            if (a.type() == LuaValue.TNUMBER) {
                return a.todouble() < b.todouble();
            }
            if (a.type() == LuaValue.TSTRING) {
                return compare(a.checkstring(), b.checkstring()) < 0;
            }
            LuaValue handler = metamethod(a);
            if (!handler.isnil() && handler.raweq(metamethod(b))) {
                return handler.call(a, b).toboolean();
            }
        }
        throw new LuaError(LuaRuntimeErrors.orderError(a, b));
    }

    private static LuaValue metamethod(LuaValue value) {
        LuaValue metatable = value.getmetatable();
        return metatable == null ? LuaValue.NIL : metatable.rawget("__lt");
    }

    /** C's strcmp in the C locale: unsigned bytes, then length. */
    private static int compare(LuaString a, LuaString b) {
        byte[] x = LuaConversions.bytes(a);
        byte[] y = LuaConversions.bytes(b);
        return java.util.Arrays.compareUnsigned(x, y);
    }
}
