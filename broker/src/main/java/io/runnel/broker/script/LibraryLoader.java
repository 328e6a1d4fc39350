package io.runnel.broker.script;

import io.runnel.broker.command.CommandError;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.ThreeArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns FUNCTION LOAD's code into a library, as Redis does: the "#!lua name=<library>" line,
 * then the code run once in a world that offers only redis.register_function, redis.log and the
 * version fields (within 500 ms). Each library gets globals of its own, read-only like scripts':
 * while it loads they show that small world; afterwards, when FCALL calls its functions, they show
 * the scripts' world of the thread the call runs on (redis.call and the libraries), without KEYS
 * and ARGV, which functions receive as their parameters instead.
 */
final class LibraryLoader {

    private static final long LOAD_TIMEOUT_MILLIS = 500;

    private LibraryLoader() {
    }

    /**
     * The library the code defines, or a CommandError in Redis's words. {@code nameCheck} sees
     * the library's name before the code runs (and refuses one that is taken).
     */
    static FunctionLibrary load(byte[] code, java.util.function.Consumer<String> nameCheck) {
        Metadata metadata = metadata(code);
        if (!metadata.engine().equalsIgnoreCase("lua")) {
            throw new CommandError("ERR Engine '" + metadata.engine() + "' not found");
        }
        checkName(metadata.name(), "ERR ");
        nameCheck.accept(metadata.name());
        Prototype prototype = ScriptCache.compile(metadata.source(), "user_function", "ERR Error compiling function: ");
        FunctionLibrary library = new FunctionLibrary(metadata.name(), code.clone(), new LinkedHashMap<>(),
                new java.util.concurrent.locks.ReentrantLock());
        LibraryGlobals globals = new LibraryGlobals(library);
        try {
            new LuaClosure(prototype, globals).call();
        } catch (LuaError e) {
            throw new CommandError("ERR Error registering functions: " + LuaErrors.text(e));
        } catch (StackOverflowError e) {
            throw new CommandError("ERR Error registering functions: stack overflow");
        } finally {
            globals.loading = false;
        }
        if (library.functions().isEmpty()) {
            throw new CommandError("ERR No functions registered");
        }
        return library;
    }

    /** The metadata line's engine and library name, and the code with that line blanked (line numbers stay). */
    private record Metadata(String engine, String name, byte[] source) {
    }

    private static Metadata metadata(byte[] code) {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') {
            throw new CommandError("ERR Missing library metadata");
        }
        int end = 0;
        while (end < code.length && code[end] != '\n') {
            end++;
        }
        if (end == code.length) {
            throw new CommandError("ERR Invalid library metadata");
        }
        String[] parts = new String(code, 2, end - 2, StandardCharsets.UTF_8).split(" ");
        String engine = null;
        String name = null;
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (engine == null) {
                engine = part;
            } else if (part.startsWith("name=")) {
                if (name != null) {
                    throw new CommandError("ERR Invalid metadata value, name argument was given multiple times");
                }
                name = part.substring("name=".length());
            } else {
                throw new CommandError("ERR Invalid metadata value given: " + part);
            }
        }
        if (engine == null) {
            throw new CommandError("ERR Invalid library metadata");
        }
        if (name == null) {
            throw new CommandError("ERR Library name was not given");
        }
        return new Metadata(engine, name, java.util.Arrays.copyOfRange(code, end, code.length));
    }

    /** Library and function names: letters, digits and underscores (Redis 7.0 words both refusals the same). */
    private static void checkName(String name, String prefix) {
        boolean valid = !name.isEmpty();
        for (int i = 0; i < name.length() && valid; i++) {
            char c = name.charAt(i);
            valid = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
        }
        if (!valid) {
            throw new CommandError(prefix + "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
        }
    }

    /** A library's globals: what its code sees while loading, then what its functions see. */
    private static final class LibraryGlobals extends Globals {

        private final LuaTable loadWorld;
        volatile boolean loading = true;
        private final long loadDeadline = System.currentTimeMillis() + LOAD_TIMEOUT_MILLIS;

        LibraryGlobals(FunctionLibrary library) {
            loadWorld = new LuaTable();
            loadWorld.rawset("redis", loadRedisTable(library));
            LuaTable protection = new LuaTable();
            protection.rawset("__index", new TwoArgFunction() {
                @Override
                public LuaValue call(LuaValue table, LuaValue name) {
                    LuaValue value = loading ? loadWorld.rawget(name) : callWorld(name);
                    if (value.isnil()) {
                        throw nonexistent(name);
                    }
                    return value;
                }
            });
            protection.rawset("__newindex", READ_ONLY);
            setmetatable(protection);
            debuglib = new Watchdog(this);
        }

        /** In a call: the thread's script globals, except KEYS and ARGV. */
        private static LuaValue callWorld(LuaValue name) {
            if (name.isstring()) {
                String text = name.tojstring();
                if (text.equals("KEYS") || text.equals("ARGV")) {
                    return LuaValue.NIL;
                }
            }
            return LuaSandbox.current().globals.rawget(name);
        }
    }

    private static LuaError nonexistent(LuaValue name) {
        return new LuaError("Script attempted to access nonexistent global variable '" + name.tojstring() + "'");
    }

    private static final ThreeArgFunction READ_ONLY = new ThreeArgFunction() {
        @Override
        public LuaValue call(LuaValue table, LuaValue name, LuaValue value) {
            throw new LuaError("Attempt to modify a readonly table");
        }
    };

    /**
     * Stops a load that runs past 500 ms ("FUNCTION LOAD timeout"); during calls, lets the
     * running function be killed as the thread's script watchdog does.
     */
    private static final class Watchdog extends ScriptWatchdog {
        private final LibraryGlobals globals;

        Watchdog(LibraryGlobals globals) {
            this.globals = globals;
        }

        @Override
        void look() {
            if (globals.loading) {
                if (System.currentTimeMillis() > globals.loadDeadline) {
                    throw RedisLibrary.failure("FUNCTION LOAD timeout");
                }
                return;
            }
            ScriptRun running = LuaSandbox.current().current;
            if (running != null) {
                running.checkKilled();
            }
        }
    }

    /** The redis table of a loading library: register_function, log and the version and log level fields. */
    private static LuaTable loadRedisTable(FunctionLibrary library) {
        LuaTable redis = new LuaTable();
        redis.rawset("register_function", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                register(library, args);
                return LuaValue.NONE;
            }
        });
        LuaTable scripts = RedisLibrary.create(null);
        for (String name : new String[] {"log", "REDIS_VERSION", "REDIS_VERSION_NUM", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE",
                "LOG_WARNING"}) {
            redis.rawset(name, scripts.rawget(name));
        }
        LuaTable protection = new LuaTable();
        protection.rawset("__index", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue table, LuaValue name) {
                throw nonexistent(name);
            }
        });
        protection.rawset("__newindex", READ_ONLY);
        redis.setmetatable(protection);
        return redis;
    }

    /** redis.register_function(name, callback) or redis.register_function{function_name=..., callback=..., flags=..., description=...}. */
    private static void register(FunctionLibrary library, Varargs args) {
        if (args.narg() < 1 || args.narg() > 2) {
            throw RedisLibrary.failure("wrong number of arguments to redis.register_function");
        }
        String name;
        String description = null;
        java.util.Set<String> flags = java.util.Set.of();
        LuaValue callback;
        if (args.narg() == 2) {
            if (!args.arg1().isstring()) {
                throw RedisLibrary.failure("first argument to redis.register_function must be a string");
            }
            if (!args.arg(2).isfunction()) {
                throw RedisLibrary.failure("second argument to redis.register_function must be a function");
            }
            name = args.arg1().tojstring();
            callback = args.arg(2);
        } else {
            if (!args.arg1().istable()) {
                throw RedisLibrary.failure("calling redis.register_function with a single argument is only applicable to Lua table "
                        + "(representing named arguments).");
            }
            LuaTable named = (LuaTable) args.arg1();
            name = null;
            callback = null;
            LuaValue key = LuaValue.NIL;
            while (true) {
                Varargs next = named.next(key);
                key = next.arg1();
                if (key.isnil()) {
                    break;
                }
                LuaValue value = next.arg(2);
                if (!key.isstring()) {
                    throw RedisLibrary.failure("named argument key given to redis.register_function is not a string");
                }
                switch (key.tojstring().toLowerCase(java.util.Locale.ROOT)) {
                    case "function_name" -> {
                        if (!value.isstring()) {
                            throw RedisLibrary.failure("function_name argument given to redis.register_function must be a string");
                        }
                        name = value.tojstring();
                    }
                    case "description" -> {
                        if (!value.isstring()) {
                            throw RedisLibrary.failure("description argument given to redis.register_function must be a string");
                        }
                        description = value.tojstring();
                    }
                    case "callback" -> {
                        if (!value.isfunction()) {
                            throw RedisLibrary.failure("callback argument given to redis.register_function must be a function");
                        }
                        callback = value;
                    }
                    case "flags" -> {
                        if (!value.istable()) {
                            throw RedisLibrary.failure("flags argument to redis.register_function must be a table representing function flags");
                        }
                        flags = flags((LuaTable) value);
                    }
                    default -> throw RedisLibrary.failure("unknown argument given to redis.register_function");
                }
            }
            if (name == null) {
                throw RedisLibrary.failure("redis.register_function must get a function name argument");
            }
            if (callback == null) {
                throw RedisLibrary.failure("redis.register_function must get a callback argument");
            }
        }
        try {
            checkName(name, "");
        } catch (CommandError e) {
            throw RedisLibrary.failure(e.getMessage());
        }
        Map<String, LibraryFunction> functions = library.functions();
        if (functions.containsKey(name)) { // within a library, names differing in case are two functions
            throw RedisLibrary.failure("Function already exists in the library");
        }
        functions.put(name, new LibraryFunction(name, description, flags, callback, library, new ScriptProfile()));
    }

    /** The flags of a flags table (its array part), in FUNCTION LIST's order; unknown ones refused. */
    private static java.util.Set<String> flags(LuaTable table) {
        java.util.Set<String> given = new java.util.HashSet<>();
        for (int i = 1; ; i++) {
            LuaValue flag = table.get(i);
            if (flag.isnil()) {
                break;
            }
            String text = flag.isstring() ? flag.tojstring().toLowerCase(java.util.Locale.ROOT) : null;
            if (text == null || !LibraryFunction.KNOWN_FLAGS.contains(text)) {
                throw RedisLibrary.failure("unknown flag given");
            }
            given.add(text);
        }
        java.util.Set<String> ordered = new java.util.LinkedHashSet<>();
        for (String known : LibraryFunction.KNOWN_FLAGS) {
            if (given.contains(known)) {
                ordered.add(known);
            }
        }
        return java.util.Collections.unmodifiableSet(ordered);
    }
}
