package io.runnel.broker.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * The Lua world scripts run in, one per thread (LuaJ's globals are not thread-safe; compiled
 * scripts are shared): the libraries Redis gives scripts, Lua 5.1's unpack, the redis table,
 * and Redis's protection of the globals: a script reads only globals that exist and creates or
 * changes none ("Script attempted to access nonexistent global variable", "Attempt to modify
 * a readonly table").
 */
final class LuaSandbox {

    static {
        // initialized here, not first when a script that recursed without end has no stack left
        // to initialize them with (a class that fails to initialize stays unusable)
        for (Class<?> helper : new Class<?>[] {LuaRuntimeErrors.class, LuaErrors.class, Lua51Tables.class, Lua51Nodes.class, Strtod.class}) {
            try {
                Class.forName(helper.getName(), true, helper.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private static final ThreadLocal<LuaSandbox> PER_THREAD = ThreadLocal.withInitial(LuaSandbox::new);

    /** The real globals: libraries, redis, KEYS and ARGV. */
    final Globals globals = new Globals();
    /**
     * What scripts see as their globals: a read-only view of {@link #globals}. A Globals of its
     * own (empty) so that the closures of scripts carry the watchdog as their debug library.
     */
    final Globals environment = new Globals();
    final ScriptWatchdog watchdog = new ScriptWatchdog();
    /** The argument checks of the library functions, for Lua 5.1's "bad argument" errors. */
    final LuaSignatures signatures;
    /** The script running on this thread, which redis.call serves. */
    ScriptRun current;

    static LuaSandbox current() {
        return PER_THREAD.get();
    }

    /**
     * An error's message as the running xpcall's handler turns it (unchanged outside xpcall).
     * LuaJ records the handler on the thread of the globals xpcall was loaded into, which
     * the closures of scripts do not see, so the error's positioning calls it from here.
     */
    static LuaValue handled(LuaValue message) {
        org.luaj.vm2.LuaThread running = current().globals.running;
        LuaValue handler = running.errorfunc;
        if (handler == null) {
            return message;
        }
        running.errorfunc = null; // an error in the handler is not handled again
        try {
            return handler.call(message);
        } catch (LuaError e) {
            return LuaValue.valueOf("error in error handling");
        } finally {
            running.errorfunc = handler;
        }
    }

    private LuaSandbox() {
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new Bit32Lib());
        globals.load(new TableLib());
        synchronized (LuaSandbox.class) {
            LuaValue shared = LuaString.s_metatable;
            globals.load(new StringLib()); // sets the JVM-wide string metatable: put back at once
            LuaString.s_metatable = shared;
        }
        globals.load(new JseMathLib());
        LoadState.install(globals);
        LuaC.install(globals);
        Lua51Library.adapt(globals); // Lua 5.1's names, which Redis's scripts use
        globals.get("string").set("format", new LuaFormat());
        globals.set("bit", bitLibrary());
        // what Redis takes away from scripts
        for (String name : new String[] {"dofile", "loadfile", "require", "module", "package", "bit32"}) {
            globals.set(name, LuaValue.NIL);
        }
        globals.set("loadstring", loadString());
        LuaValue setmetatable = globals.get("setmetatable");
        globals.set("setmetatable", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                // a library's metatable is part of it: read-only too
                if (args.arg1() instanceof LuaTable table && Lua51Tables.isReadonly(table) && (args.isnil(2) || args.arg(2).istable())) {
                    throw new LuaError("Attempt to modify a readonly table");
                }
                return setmetatable.invoke(args);
            }
        });
        globals.set("pcall", errorTextPcall(globals.get("pcall")));
        globals.get("table").set("concat", tableConcat());
        globals.set("redis", RedisLibrary.create(this));
        globals.set("cjson", LuaCjson.create());
        globals.set("cmsgpack", LuaMsgpack.create());
        globals.set("struct", LuaStruct.create());
        shareStringLibrary();
        signatures = new LuaSignatures(globals);
        LuaTable protection = new LuaTable();
        protection.set("__index", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue table, LuaValue name) {
                LuaValue value = globals.rawget(name);
                if (value.isnil()) {
                    throw new LuaError("Script attempted to access nonexistent global variable '" + name.tojstring() + "'");
                }
                return value;
            }
        });
        protection.set("__newindex", new org.luaj.vm2.lib.ThreeArgFunction() {
            @Override
            public LuaValue call(LuaValue table, LuaValue name, LuaValue value) {
                throw new LuaError("Attempt to modify a readonly table");
            }
        });
        environment.setmetatable(protection);
        environment.debuglib = watchdog;
        // _G (the real globals) and every library in it are read-only, as Redis makes them; KEYS
        // and ARGV are set past the protection (ScriptRun)
        globals.setmetatable(protection);
        Lua51Tables.protect(globals);
        Lua51Tables.protect(environment);
    }

    /** The string library all sandboxes share: strings have one metatable in the JVM, whose __index it is. */
    private static LuaTable sharedString;

    /**
     * Makes this sandbox's {@code string} the one the string metatable indexes ({@code ("x"):rep(2)}
     * and {@code string.rep} are one function, as Redis has them), protected as the other libraries.
     */
    private void shareStringLibrary() {
        synchronized (LuaSandbox.class) {
            if (sharedString == null) {
                sharedString = (LuaTable) globals.get("string");
                LuaTable metatable = new LuaTable();
                metatable.rawset(LuaValue.INDEX, sharedString);
                LuaString.s_metatable = metatable;
                Lua51Tables.protect(metatable);
            }
            globals.set("string", sharedString);
        }
    }

    /**
     * Redis's pcall: an error raised as a table with a text "err" (as redis.call raises its
     * errors) is returned as that text. xpcall's handler still receives the table.
     */
    private static LuaValue errorTextPcall(LuaValue pcall) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Varargs result = pcall.invoke(args);
                if (!result.arg1().toboolean() && result.arg(2).istable()) {
                    LuaValue text = result.arg(2).get("err");
                    if (text.isstring()) {
                        return LuaValue.varargsOf(LuaValue.FALSE, text);
                    }
                }
                if (!result.arg1().toboolean()) {
                    LuaValue message = LuaRuntimeErrors.refusedUnderPcall(args.arg1(), args.subargs(2), result.arg(2));
                    if (message != result.arg(2)) {
                        return LuaValue.varargsOf(LuaValue.FALSE, message);
                    }
                }
                return result;
            }
        };
    }

    /**
     * Lua 5.1's loadstring over source text only (Redis refuses precompiled chunks): the chunk
     * runs with the scripts' protected globals; a failure answers nil and the message.
     */
    private LuaValue loadString() {
        return new org.luaj.vm2.lib.VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                org.luaj.vm2.LuaString text = args.checkstring(1);
                String name = args.optjstring(2, "=(loadstring)");
                if (text.length() > 0 && text.luaByte(0) == 27) {
                    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("loadstring: binary chunks are not allowed"));
                }
                try {
                    org.luaj.vm2.Prototype chunk = globals.compilePrototype(new java.io.ByteArrayInputStream(LuaConversions.bytes(text)), name);
                    return new org.luaj.vm2.LuaClosure(chunk, environment);
                } catch (LuaError | java.io.IOException e) {
                    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
                }
            }
        };
    }

    /** table.concat refusing what it refuses in Redis's Lua's words (LuaJ's own words them otherwise). */
    private static LuaValue tableConcat() {
        return new org.luaj.vm2.lib.VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (!args.arg1().istable()) {
                    throw new LuaError("bad argument #1 to 'concat' (table expected, got " + typeName(args, 1) + ")");
                }
                LuaTable table = (LuaTable) args.arg1();
                LuaValue separator = args.arg(2);
                if (!separator.isnil() && !separator.isstring()) {
                    throw new LuaError("bad argument #2 to 'concat' (string expected, got " + typeName(args, 2) + ")");
                }
                byte[] between = separator.isnil() ? new byte[0] : text(separator);
                int first = args.arg(3).isnil() ? 1 : args.checkint(3);
                int last = args.arg(4).isnil() ? table.length() : args.checkint(4);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                for (int i = first; i <= last; i++) {
                    LuaValue value = table.get(i);
                    if (!value.isstring()) {
                        throw new LuaError("invalid value (" + value.typename() + ") at index " + i + " in table for 'concat'");
                    }
                    out.writeBytes(text(value));
                    if (i < last) {
                        out.writeBytes(between);
                    }
                }
                return org.luaj.vm2.LuaString.valueOf(out.toByteArray());
            }
        };
    }

    private static String typeName(Varargs args, int index) {
        return args.arg(index).isnil() && index > args.narg() ? "no value" : args.arg(index).typename();
    }

    /** A string, or a number as text (Lua 5.1's, see LuaJPatch). */
    private static byte[] text(LuaValue value) {
        return LuaConversions.bytes(value.checkstring());
    }

    /** LuaBitOp's functions (Redis's "bit") over LuaJ's bit32, with bit.tobit, bit.bswap and bit.tohex. */
    private LuaTable bitLibrary() {
        LuaTable bit32 = (LuaTable) globals.get("bit32");
        LuaTable bit = new LuaTable();
        String[][] names = {{"band", "band"}, {"bor", "bor"}, {"bxor", "bxor"}, {"bnot", "bnot"}, {"lshift", "lshift"},
            {"rshift", "rshift"}, {"arshift", "arshift"}, {"rol", "lrotate"}, {"ror", "rrotate"}};
        for (String[] name : names) {
            LuaValue function = bit32.get(name[1]);
            bit.set(name[0], new org.luaj.vm2.lib.VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    // bit32 answers unsigned; LuaBitOp answers signed 32-bit numbers
                    return LuaValue.valueOf((int) (long) function.invoke(args).arg1().todouble());
                }
            });
        }
        bit.set("tobit", new org.luaj.vm2.lib.OneArgFunction() {
            @Override
            public LuaValue call(LuaValue value) {
                return LuaValue.valueOf((int) (long) value.checkdouble());
            }
        });
        bit.set("bswap", new org.luaj.vm2.lib.OneArgFunction() {
            @Override
            public LuaValue call(LuaValue value) {
                return LuaValue.valueOf(Integer.reverseBytes((int) (long) value.checkdouble()));
            }
        });
        bit.set("tohex", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue value, LuaValue digits) {
                int count = digits.isnil() ? 8 : digits.checkint();
                String hex = String.format("%08x", (int) (long) value.checkdouble());
                boolean upper = count < 0;
                count = Math.min(8, Math.abs(count));
                hex = hex.substring(8 - count);
                return LuaValue.valueOf(upper ? hex.toUpperCase(java.util.Locale.ROOT) : hex);
            }
        });
        return bit;
    }
}
