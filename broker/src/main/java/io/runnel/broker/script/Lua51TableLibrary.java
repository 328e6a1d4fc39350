package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The table library as Lua 5.1 has it: getn, maxn, foreach, foreachi and setn, which Lua 5.2
 * dropped, its quicksort ({@link LuaSort}), and insert and remove as 5.1 moves elements: by
 * raw reads and writes from the length's end, through holes (LuaJ's stop at the first nil,
 * so {@code table.remove(t, 1)} on a table whose first element is nil removed nothing), each
 * write in 5.1's order, which decides where keys land in the table and so pairs' order.
 */
final class Lua51TableLibrary {

    private Lua51TableLibrary() {
    }

    static void adapt(LuaTable table) {
        table.set("getn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(Lua51Library.tableArgument(args, 1).rawlen());
            }
        });
        table.set("maxn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = Lua51Library.tableArgument(args, 1);
                double max = 0;
                LuaValue key = LuaValue.NIL;
                while (!(key = t.next(key).arg1()).isnil()) {
                    if (key.type() == LuaValue.TNUMBER && key.todouble() > max) {
                        max = key.todouble();
                    }
                }
                return LuaValue.valueOf(max);
            }
        });
        table.set("foreach", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = Lua51Library.tableArgument(args, 1);
                LuaValue function = Lua51Library.functionArgument(args, 2);
                LuaValue key = LuaValue.NIL;
                while (true) {
                    Varargs entry = t.next(key);
                    if ((key = entry.arg1()).isnil()) {
                        return LuaValue.NONE;
                    }
                    LuaValue result = function.call(key, entry.arg(2));
                    if (!result.isnil()) {
                        return result;
                    }
                }
            }
        });
        table.set("foreachi", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = Lua51Library.tableArgument(args, 1);
                LuaValue function = Lua51Library.functionArgument(args, 2);
                int length = t.rawlen();
                for (int i = 1; i <= length; i++) {
                    LuaValue result = function.call(LuaValue.valueOf(i), t.get(i));
                    if (!result.isnil()) {
                        return result;
                    }
                }
                return LuaValue.NONE;
            }
        });
        table.set("sort", new LuaSort());
        table.set("setn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Lua51Library.tableArgument(args, 1);
                throw new LuaError("'setn' is obsolete");
            }
        });
        table.set("insert", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = Lua51Library.tableArgument(args, 1);
                int end = t.rawlen() + 1; // the first empty element
                int position;
                LuaValue value;
                switch (args.narg()) {
                    case 2 -> {
                        position = end;
                        value = args.arg(2);
                    }
                    case 3 -> {
                        position = (int) LuaSignatures.number(args, 2);
                        value = args.arg(3);
                        end = Math.max(end, position);
                        for (int i = end; i > position; i--) {
                            t.rawset(i, t.rawget(i - 1));
                        }
                    }
                    default -> throw new LuaError("wrong number of arguments to 'insert'");
                }
                t.rawset(position, value);
                return LuaValue.NONE;
            }
        });
        table.set("remove", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = Lua51Library.tableArgument(args, 1);
                int end = t.rawlen();
                int position = args.isnil(2) ? end : (int) LuaSignatures.number(args, 2);
                if (position < 1 || position > end) {
                    return LuaValue.NONE;
                }
                LuaValue removed = t.rawget(position);
                for (; position < end; position++) {
                    t.rawset(position, t.rawget(position + 1));
                }
                t.rawset(end, LuaValue.NIL);
                return removed;
            }
        });
    }
}
