package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The argument checks of the library functions scripts call, in the order Lua 5.1's C
 * functions make them, so that a refused argument is named as Lua names it: "bad argument #2
 * to 'sub' (number expected, got string)". LuaJ's checks say "bad argument: number expected,
 * got string" and lose the position.
 *
 * <p>A signature has a letter per argument: s a string (or number), n a number (or numeric
 * string), t a table, f a function, a any value but none, r a replacement (string, function
 * or table), m a metatable (nil or table); in capitals the argument may be nil or absent; '.'
 * is not checked here; '*' repeats the letter before it for every further argument.
 */
final class LuaSignatures {

    private static final Map<String, String> SIGNATURES = Map.ofEntries(
            Map.entry("assert", "aS"), Map.entry("getmetatable", "a"), Map.entry("ipairs", "t"), Map.entry("next", "t"),
            Map.entry("pairs", "t"), Map.entry("pcall", "a"), Map.entry("rawequal", "aa"), Map.entry("rawget", "ta"),
            Map.entry("rawset", "taa"), Map.entry("setmetatable", "tm"), Map.entry("select", "n"), Map.entry("tonumber", "aN"), Map.entry("tostring", "a"),
            Map.entry("type", "a"), Map.entry("unpack", "tNN"), Map.entry("xpcall", "aa"), Map.entry("loadstring", "sS"),
            Map.entry("string.byte", "sNN"), Map.entry("string.char", "n*"), Map.entry("string.find", "ssN"), Map.entry("string.format", "s"),
            Map.entry("string.gmatch", "ss"), Map.entry("string.gfind", "ss"), Map.entry("string.gsub", "ssrN"), Map.entry("string.len", "s"),
            Map.entry("string.lower", "s"), Map.entry("string.match", "ssN"), Map.entry("string.rep", "sn"), Map.entry("string.reverse", "s"),
            Map.entry("string.sub", "snN"), Map.entry("string.upper", "s"),
            Map.entry("table.insert", "t"), Map.entry("table.remove", "tN"), Map.entry("table.sort", "tF"),
            Map.entry("math.abs", "n"), Map.entry("math.acos", "n"), Map.entry("math.asin", "n"), Map.entry("math.atan", "n"),
            Map.entry("math.atan2", "nn"), Map.entry("math.ceil", "n"), Map.entry("math.cos", "n"), Map.entry("math.cosh", "n"),
            Map.entry("math.deg", "n"), Map.entry("math.exp", "n"), Map.entry("math.floor", "n"), Map.entry("math.fmod", "nn"),
            Map.entry("math.mod", "nn"), Map.entry("math.frexp", "n"), Map.entry("math.ldexp", "nn"), Map.entry("math.log", "n"),
            Map.entry("math.log10", "n"), Map.entry("math.max", "nn*"), Map.entry("math.min", "nn*"), Map.entry("math.modf", "n"),
            Map.entry("math.pow", "nn"), Map.entry("math.rad", "n"), Map.entry("math.random", "NN"), Map.entry("math.randomseed", "n"),
            Map.entry("math.sin", "n"), Map.entry("math.sinh", "n"), Map.entry("math.sqrt", "n"), Map.entry("math.tan", "n"),
            Map.entry("math.tanh", "n"), Map.entry("coroutine.create", "f"), Map.entry("coroutine.wrap", "f"),
            Map.entry("cmsgpack.unpack", "s"), Map.entry("cmsgpack.unpack_one", "sN"), Map.entry("cmsgpack.unpack_limit", "snN"),
            Map.entry("struct.pack", "s"), Map.entry("struct.unpack", "ssN"), Map.entry("struct.size", "s"),
            Map.entry("bit.tobit", "n"), Map.entry("bit.tohex", "nN"), Map.entry("bit.bnot", "n"), Map.entry("bit.bswap", "n"),
            Map.entry("bit.band", "n*"), Map.entry("bit.bor", "n*"), Map.entry("bit.bxor", "n*"), Map.entry("bit.lshift", "nn"),
            Map.entry("bit.rshift", "nn"), Map.entry("bit.arshift", "nn"), Map.entry("bit.rol", "nn"), Map.entry("bit.ror", "nn")
    );

    /** The library functions of one Lua world, by identity. */
    private final Map<LuaValue, String> byFunction = new IdentityHashMap<>();

    /** Indexes the functions of {@code globals} and of its library tables. */
    LuaSignatures(LuaTable globals) {
        for (LuaValue[] entry : LuaConversions.pairs(globals)) {
            String name = entry[0].tojstring();
            if (entry[1].isfunction()) {
                remember(entry[1], name);
            } else if (entry[1].istable()) {
                for (LuaValue[] member : LuaConversions.pairs((LuaTable) entry[1])) {
                    remember(member[1], name + "." + member[0].tojstring());
                }
            }
        }
    }

    private void remember(LuaValue function, String name) {
        String signature = SIGNATURES.get(name);
        if (signature != null && function.isfunction()) {
            byFunction.putIfAbsent(function, signature);
        }
    }

    /**
     * The error Lua 5.1 raises for the first argument of {@code arguments} the function refuses,
     * worded for a function called {@code name} ("bad argument #2 to 'sub' (number expected,
     * got string)"); null when the function is not known here or accepts every argument.
     */
    String refusal(LuaValue function, LuaValue[] arguments, String name, boolean method) {
        String signature = byFunction.get(function);
        if (signature == null) {
            return null;
        }
        int repeated = signature.indexOf('*') - 1; // from there on, only the arguments given are checked
        for (int i = 0; i < Math.max(arguments.length, signature.length()); i++) {
            if (repeated >= 0 && i >= repeated && i >= arguments.length) {
                break;
            }
            char check = checkAt(signature, i);
            LuaValue argument = i < arguments.length ? arguments[i] : LuaValue.NONE;
            String problem = refused(check, argument, i < arguments.length);
            if (problem != null) {
                return worded(method ? i : i + 1, name, problem, method);
            }
        }
        return null;
    }

    /**
     * For a call whose arguments are not all in the registers (its last argument is a call): the
     * refusal, from LuaJ's "bad argument: double expected, got string", when only one argument of
     * the function expects that type (so it must be the one); null otherwise.
     */
    String refusalOfOnlyArgument(LuaValue function, String raised, String name) {
        String signature = byFunction.get(function);
        java.util.regex.Matcher typed = TYPED.matcher(raised);
        if (signature == null || signature.indexOf('*') >= 0 || !typed.matches()) {
            return null;
        }
        String expected = switch (typed.group(1)) {
            case "double", "int", "long", "number" -> "number";
            case "String", "string" -> "string";
            case "table" -> "table";
            case "function" -> "function";
            default -> null;
        };
        if (expected == null) {
            return null;
        }
        int position = 0;
        for (int i = 0; i < signature.length(); i++) {
            if (Character.toLowerCase(signature.charAt(i)) == expected.charAt(0)) {
                if (position != 0) {
                    return null; // two arguments want that type: which one is not known
                }
                position = i + 1;
            }
        }
        return position == 0 ? null : worded(position, name, expected + " expected, got " + typed.group(2), false);
    }

    private static final java.util.regex.Pattern TYPED = java.util.regex.Pattern.compile("bad argument: (\\w+) expected, got (\\w+)");

    /**
     * An argument refused the way a library function refuses it, in LuaJ's words for a numbered
     * argument ("bad argument #2: number expected, got no value"): the error's positioning
     * ({@link LuaRuntimeErrors}) words it as Lua does, with the name the function was called by.
     */
    static LuaError refused(Varargs args, int index, String expected) {
        return refused(index, expected + " expected, got " + (index > args.narg() ? "no value" : args.arg(index).typename()));
    }

    /** Number argument {@code index} (a number or a numeric string), refused as Lua 5.1's luaL_checknumber refuses it. */
    static double number(Varargs args, int index) {
        LuaValue number = args.arg(index).tonumber();
        if (number.isnil()) {
            throw refused(args, index, "number");
        }
        return number.todouble();
    }

    static LuaError refused(int index, String problem) {
        return new LuaError("bad argument #" + index + ": " + problem);
    }

    /** Lua 5.1's luaL_argerror text for argument {@code position} of a function called {@code name}. */
    static String worded(int position, String name, String problem, boolean method) {
        return method && position == 0 ? "calling '" + name + "' on bad self (" + problem + ")"
                : "bad argument #" + position + " to '" + name + "' (" + problem + ")";
    }

    private static char checkAt(String signature, int index) {
        int repeat = signature.indexOf('*');
        if (repeat >= 0 && index >= repeat - 1) {
            return signature.charAt(repeat - 1);
        }
        return index < signature.length() ? signature.charAt(index) : '.';
    }

    /** What Lua 5.1 says when the check refuses the argument ("number expected, got string"), else null. */
    private static String refused(char check, LuaValue argument, boolean present) {
        boolean optional = Character.isUpperCase(check);
        if (optional && (!present || argument.isnil())) {
            return null;
        }
        String got = present ? argument.typename() : "no value";
        return switch (Character.toLowerCase(check)) {
            case 's' -> argument.isstring() ? null : "string expected, got " + got;
            case 'n' -> !argument.tonumber().isnil() ? null : "number expected, got " + got;
            case 't' -> argument.istable() ? null : "table expected, got " + got;
            case 'f' -> argument.isfunction() ? null : "function expected, got " + got;
            case 'a' -> present ? null : "value expected";
            case 'r' -> argument.isstring() || argument.isfunction() || argument.istable() ? null : "string/function/table expected";
            case 'm' -> argument.isnil() || argument.istable() ? null : "nil or table expected";
            default -> null;
        };
    }
}
