package io.runnel.broker.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

import java.util.Map;

/**
 * The standard library as Lua 5.1 has it in Redis, from LuaJ's (Lua 5.2's): the names 5.2
 * added are taken away (print is not given to scripts either) and the ones it dropped are back:
 * table.getn, maxn, foreach, foreachi and setn ({@link Lua51TableLibrary}), math.log10 and
 * mod, string.gfind, gcinfo, unpack and the coroutine library; assert checks its arguments and
 * string.rep takes negative counts, as Lua 5.1's do.
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

        Lua51TableLibrary.adapt(table);

        globals.set("_VERSION", "Lua 5.1");
        for (String name : new String[] {"find", "match", "gsub", "gmatch", "gfind"}) {
            string.set(name, checkedPattern(string.get(name)));
        }
        LuaValue find = string.get("find");
        VarArgFunction gmatch = new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return gmatch(find, args.checkstring(1), args.checkstring(2));
            }
        };
        string.set("gmatch", gmatch);
        string.set("gfind", gmatch);
        LuaValue gsub = string.get("gsub");
        string.set("gsub", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                // a replacement ending in a lone '%' adds the C string's terminating NUL in Lua 5.1; LuaJ reads past the end
                LuaValue replacement = args.arg(3);
                if (replacement.type() == LuaValue.TSTRING && endsWithLoneEscape(LuaConversions.bytes(replacement.checkstring()))) {
                    byte[] bytes = LuaConversions.bytes(replacement.checkstring());
                    byte[] terminated = java.util.Arrays.copyOf(bytes, bytes.length + 1);
                    args = LuaValue.varargsOf(new LuaValue[] {args.arg1(), args.arg(2), LuaString.valueOf(terminated)}, args.subargs(4));
                }
                return gsub.invoke(args);
            }
        });
        LuaValue unpack = globals.get("unpack");
        globals.set("rawset", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                // a nil key is an argument (LuaJ refused it as one); the table refuses it: "table index is nil"
                LuaTable t = tableArgument(args, 1);
                for (int index = 2; index <= 3; index++) {
                    if (args.narg() < index) {
                        throw LuaSignatures.refused(index, "value expected");
                    }
                }
                t.rawset(args.arg(2), args.arg(3));
                return t;
            }
        });
        globals.set("unpack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = tableArgument(args, 1);
                long first = args.isnil(2) ? 1 : args.checklong(2);
                long last = args.isnil(3) ? t.rawlen() : args.checklong(3);
                // Lua 5.1's stack holds 8,000 values: more is an error, not (as in LuaJ) an allocation of any size
                if (last - first + 1 + args.narg() > 8000) {
                    throw new LuaError("too many results to unpack");
                }
                return unpack.invoke(args);
            }
        });
        LuaTable coroutine = (LuaTable) globals.get("coroutine");
        LuaValue yield = coroutine.get("yield");
        coroutine.set("yield", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (globals.running.isMainThread()) {
                    // a script runs under a C call in Redis: yielding from it crosses that boundary
                    throw new LuaError("attempt to yield across metamethod/C-call boundary");
                }
                return yield.invoke(args);
            }
        });
        for (boolean upper : new boolean[] {true, false}) {
            LuaValue luaj = string.get(upper ? "upper" : "lower");
            string.set(upper ? "upper" : "lower", new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    luaj.invoke(args); // LuaJ's argument check
                    return Lua51CType.changeCase(args.checkstring(1), upper);
                }
            });
        }
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
                    throw LuaSignatures.refused(1, "value expected");
                }
                if (!args.arg1().toboolean()) {
                    LuaValue message = args.arg(2);
                    if (!message.isnil() && !message.isstring()) {
                        throw LuaSignatures.refused(args, 2, "string");
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
        math.set("pow", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(Lua51Numbers.pow(LuaSignatures.number(args, 1), LuaSignatures.number(args, 2)));
            }
        });
        for (boolean max : new boolean[] {true, false}) {
            math.set(max ? "max" : "min", new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    // Lua 5.1 keeps the first argument unless a later one compares greater (less): a NaN never does
                    double best = LuaSignatures.number(args, 1);
                    for (int i = 2; i <= args.narg(); i++) {
                        double next = LuaSignatures.number(args, i);
                        if (max ? next > best : next < best) {
                            best = next;
                        }
                    }
                    return LuaValue.valueOf(best);
                }
            });
        }
        for (String name : new String[] {"sub", "byte", "find"}) {
            LuaValue luaj = string.get(name);
            int firstPosition = name.equals("find") ? 3 : 2; // find's second argument is its pattern
            string.set(name, new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    // positions are 64-bit in Lua 5.1 (luaL_checkinteger); LuaJ keeps a double's low
                    // 32 bits, so 2^53 became 0: beyond the int range, any position means the same
                    LuaValue[] values = new LuaValue[args.narg()];
                    for (int i = 1; i <= values.length; i++) {
                        LuaValue value = args.arg(i);
                        boolean position = i >= firstPosition && i <= 3 && value.type() == LuaValue.TNUMBER;
                        values[i - 1] = position ? LuaValue.valueOf(clamped(value.todouble())) : value;
                    }
                    return luaj.invoke(LuaValue.varargsOf(values));
                }
            });
        }
        string.set("gfind", string.get("gmatch"));
        globals.set("gcinfo", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                Runtime runtime = Runtime.getRuntime();
                return LuaValue.valueOf((int) ((runtime.totalMemory() - runtime.freeMemory()) / 1024)); // kilobytes in use
            }
        });
    }

    /**
     * A pattern function whose malformed patterns raise Lua 5.1's errors: LuaJ's matcher reads
     * past the end of "[a" or "a%" (an ArrayIndexOutOfBoundsException, a script's "vm error").
     * Like Lua's, the error comes only when matching reaches the malformed part; gmatch's
     * iterator is checked as it runs.
     */
    private static LuaValue checkedPattern(LuaValue function) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                try {
                    Varargs result = function.invoke(args);
                    return result.arg1().isfunction() && result.narg() == 1 ? checkedPattern(result.arg1(), args.arg(2)) : result;
                } catch (ArrayIndexOutOfBoundsException e) {
                    throw malformed(args.arg(2));
                } catch (LuaError e) {
                    throw reworded(e);
                }
            }
        };
    }

    /** LuaJ's pattern errors that Lua 5.1 words otherwise. */
    private static final Map<String, String> PATTERN_ERRORS = Map.of(
            "malformed pattern (missing ])", "malformed pattern (missing ']')",
            "malformed pattern (ends with %)", "malformed pattern (ends with '%')",
            "Missing [ after %f in pattern", "missing '[' after '%f' in pattern");

    private static LuaError reworded(LuaError error) {
        String lua51 = error.getMessage() == null ? null : PATTERN_ERRORS.get(error.getMessage());
        return lua51 == null ? error : new LuaError(lua51);
    }

    private static LuaValue checkedPattern(LuaValue iterator, LuaValue pattern) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                try {
                    return iterator.invoke(args);
                } catch (ArrayIndexOutOfBoundsException e) {
                    throw malformed(pattern);
                } catch (LuaError e) {
                    throw reworded(e);
                }
            }
        };
    }

    /** What is wrong with a pattern, in Lua 5.1's words: an unclosed set, a '%' at the end, a %f without its set. */
    private static LuaError malformed(LuaValue pattern) {
        byte[] p = pattern.isstring() ? LuaConversions.bytes(pattern.checkstring()) : new byte[0];
        int i = 0;
        while (i < p.length) {
            byte c = p[i++];
            if (c == '%') {
                if (i >= p.length) {
                    return new LuaError("malformed pattern (ends with '%')");
                }
                if (p[i] == 'f' && (i + 1 >= p.length || p[i + 1] != '[')) {
                    return new LuaError("missing '[' after '%f' in pattern");
                }
                i++;
            } else if (c == '[') {
                if (i < p.length && p[i] == '^') {
                    i++;
                }
                do {
                    if (i >= p.length) {
                        return new LuaError("malformed pattern (missing ']')");
                    }
                    if (p[i++] == '%' && i < p.length) {
                        i++;
                    }
                } while (i >= p.length || p[i] != ']');
                i++;
            }
        }
        return new LuaError("malformed pattern");
    }

    /**
     * string.gmatch as Lua 5.1 iterates: each call finds the next match from where the last one
     * ended, one position further after an empty match (LuaJ's iterator never moved past an
     * empty match: "for m in s:gmatch('%d?')" did not end). '^' anchors nothing in gmatch. A
     * pattern without special characters is text to find, where gmatch matches it as a pattern:
     * the same, but for a ')' (see {@link #closesCapture}).
     */
    private static LuaValue gmatch(LuaValue find, LuaString subject, LuaString pattern) {
        byte[] patternBytes = LuaConversions.bytes(pattern);
        LuaString findPattern;
        if (patternBytes.length > 0 && patternBytes[0] == '^') {
            findPattern = LuaString.valueOf(concat(new byte[] {'%'}, patternBytes)); // find would anchor it
        } else if (!hasSpecials(patternBytes) && closesCapture(patternBytes, LuaConversions.bytes(subject))) {
            return new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    throw new LuaError("invalid pattern capture");
                }
            };
        } else {
            findPattern = pattern;
        }
        int[] next = {1};
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (next[0] > subject.length() + 1) {
                    return NIL;
                }
                Varargs found = find.invoke(LuaValue.varargsOf(new LuaValue[] {subject, findPattern, LuaValue.valueOf(next[0])}));
                if (found.arg1().isnil()) {
                    next[0] = subject.length() + 2;
                    return NIL;
                }
                int start = found.arg1().toint();
                int end = found.arg(2).toint();
                next[0] = end >= start ? end + 1 : start + 1;
                return found.narg() > 2 ? found.subargs(3) : subject.substring(start - 1, end);
            }
        };
    }

    /**
     * Whether matching a pattern of plain characters with a ')' fails with "invalid pattern
     * capture" on this subject: it does at the first position where the characters before the
     * ')' match (at once when there are none), before any match could be complete.
     */
    private static boolean closesCapture(byte[] pattern, byte[] subject) {
        int close = 0;
        while (close < pattern.length && pattern[close] != ')') {
            close++;
        }
        if (close == pattern.length) {
            return false;
        }
        outer:
        for (int at = 0; at + close <= subject.length; at++) {
            for (int i = 0; i < close; i++) {
                if (subject[at + i] != pattern[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether find treats a pattern as one (Lua 5.1's SPECIALS, looked for as strpbrk does: up to a NUL). */
    private static boolean hasSpecials(byte[] pattern) {
        for (byte b : pattern) {
            if (b == 0) {
                return false;
            }
            if ("^$*+?.([%-".indexOf(b) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** A position beyond the int range as the nearest int: past either end of any string. */
    private static int clamped(double position) {
        // C's cast first: an infinity or NaN is -2^63 there, so before the string
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, LuaConversions.truncated(position)));
    }

    private static boolean endsWithLoneEscape(byte[] text) {
        int escapes = 0;
        for (int i = text.length - 1; i >= 0 && text[i] == '%'; i--) {
            escapes++;
        }
        return escapes % 2 == 1;
    }

    static LuaTable tableArgument(Varargs args, int index) {
        if (!args.arg(index).istable()) {
            throw LuaSignatures.refused(args, index, "table");
        }
        return (LuaTable) args.arg(index);
    }

    static LuaValue functionArgument(Varargs args, int index) {
        if (!args.arg(index).isfunction()) {
            throw LuaSignatures.refused(args, index, "function");
        }
        return args.arg(index);
    }

}
