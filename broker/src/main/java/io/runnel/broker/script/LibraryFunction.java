package io.runnel.broker.script;

import org.luaj.vm2.LuaValue;

import java.util.Set;

/**
 * A function a library registered with redis.register_function: its name, its description
 * (null without one), its flags (the script flags: no-writes, allow-oom, ...) and the Lua
 * function FCALL calls with its keys and arguments.
 */
public record LibraryFunction(String name, String description, Set<String> flags, LuaValue callback, FunctionLibrary library,
                              ScriptProfile profile) {

    /** The flags a function may be given, in the order FUNCTION LIST shows them. */
    static final java.util.List<String> KNOWN_FLAGS = java.util.List.of("no-writes", "allow-oom", "allow-stale", "no-cluster",
            "allow-cross-slot-keys");

    /** Function names are case-insensitive (FCALL of "F" finds "f"): the key a name is kept under. */
    static String key(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    public boolean noWrites() {
        return flags.contains("no-writes");
    }
}
