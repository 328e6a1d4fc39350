package io.runnel.broker.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

/**
 * The standard library as Lua 5.1 has it in Redis, from LuaJ's (Lua 5.2's): the names 5.2
 * added are taken away (print is not given to scripts either) and the ones it dropped are back:
 * table.getn, maxn, foreach, foreachi and setn, math.log10 and mod, string.gfind, gcinfo,
 * unpack and the coroutine library; assert checks its arguments, string.rep takes negative
 * counts and table.sort orders ties, as Lua 5.1's do.
 */
final class Lua51Library {

    private Lua51Library() {
    }

    static void adapt(Globals globals) {
        globals.load(new CoroutineLib());
        LuaTable table = (LuaTable) globals.get("table");
        LuaTable math = (LuaTable) globals.get("math");
        LuaTable string = (LuaTable) globals.get("string");
        globals.set("unpack", table.get("unpack"));
        for (String name : new String[] {"print", "rawlen"}) {
            globals.set(name, LuaValue.NIL);
        }
        table.set("pack", LuaValue.NIL);
        table.set("unpack", LuaValue.NIL);

        table.set("getn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(tableArgument(args, 1).rawlen());
            }
        });
        table.set("maxn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = tableArgument(args, 1);
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
                LuaTable t = tableArgument(args, 1);
                LuaValue function = functionArgument(args, 2);
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
                LuaTable t = tableArgument(args, 1);
                LuaValue function = functionArgument(args, 2);
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
                tableArgument(args, 1);
                throw new LuaError("'setn' is obsolete");
            }
        });

        LuaValue rep = string.get("rep");
        string.set("rep", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                args.checkstring(1);
                // LuaJ allocates count times the length, and fails for a negative count: Lua answers ""
                return args.checkint(2) <= 0 ? LuaValue.EMPTYSTRING : rep.invoke(args);
            }
        });
        globals.set("assert", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() == 0) {
                    throw new LuaError("bad argument #1: value expected");
                }
                if (!args.arg1().toboolean()) {
                    LuaValue message = args.arg(2);
                    if (!message.isnil() && !message.isstring()) {
                        throw badArgument(args, 2, "string");
                    }
                    throw new LuaError(message.isnil() ? "assertion failed!" : message.tojstring());
                }
                return args;
            }
        });
        math.set("log10", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue x) {
                return LuaValue.valueOf(Math.log10(x.checkdouble()));
            }
        });
        math.set("mod", math.get("fmod"));
        string.set("gfind", string.get("gmatch"));
        globals.set("gcinfo", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                Runtime runtime = Runtime.getRuntime();
                return LuaValue.valueOf((int) ((runtime.totalMemory() - runtime.freeMemory()) / 1024)); // kilobytes in use
            }
        });
    }

    private static LuaTable tableArgument(Varargs args, int index) {
        if (!args.arg(index).istable()) {
            throw badArgument(args, index, "table");
        }
        return (LuaTable) args.arg(index);
    }

    private static LuaValue functionArgument(Varargs args, int index) {
        if (!args.arg(index).isfunction()) {
            throw badArgument(args, index, "function");
        }
        return args.arg(index);
    }

    /**
     * Lua 5.1's luaL_typerror, in LuaJ's words for a numbered argument ("bad argument #2:
     * function expected, got no value"), which the error's positioning words as Lua does, with
     * the name the function was called by ({@link LuaRuntimeErrors}).
     */
    private static LuaError badArgument(Varargs args, int index, String expected) {
        String got = index > args.narg() ? "no value" : args.arg(index).typename();
        return new LuaError("bad argument #" + index + ": " + expected + " expected, got " + got);
    }
}
