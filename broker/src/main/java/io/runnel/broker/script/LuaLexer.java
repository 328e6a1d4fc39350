package io.runnel.broker.script;

import org.luaj.vm2.LuaValue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where LuaJ's lexer, a port of Lua 5.2's, reads a script differently from Lua 5.1's:
 * <ul>
 *   <li>numerals: Lua 5.1 reads digits and dots, an optional exponent, then every letter, digit
 *   and underscore that follows, and converts the text with C's strtod, so "1e", "0x", "3rd" and
 *   "1..2" are "malformed number" errors and "0x1p4" is 16. LuaJ stops at the first character
 *   that cannot continue a 5.2 numeral and let Java's parser fail on the rest (an internal
 *   error). {@link #readNumeral} replaces LuaJ's (see {@link LuaJPatch});</li>
 *   <li>{@code goto} is a keyword since 5.2; in 5.1 it is a name scripts may use
 *   ({@link #useLua51Keywords}).</li>
 * </ul>
 */
public final class LuaLexer {

    private static final VarHandle CURRENT;
    private static final VarHandle BUFFER;
    private static final VarHandle BUFFERED;
    private static final VarHandle NUMBER;
    private static final MethodHandle SAVE_AND_NEXT;
    private static final MethodHandle SAVE;
    private static final Map<Object, Object> RESERVED;
    private static final int TK_NUMBER;

    static {
        try {
            Class<?> lexer = Class.forName("org.luaj.vm2.compiler.LexState");
            Class<?> semInfo = Class.forName("org.luaj.vm2.compiler.LexState$SemInfo");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(lexer, MethodHandles.lookup());
            CURRENT = lookup.findVarHandle(lexer, "current", int.class);
            BUFFER = lookup.findVarHandle(lexer, "buff", char[].class);
            BUFFERED = lookup.findVarHandle(lexer, "nbuff", int.class);
            NUMBER = MethodHandles.privateLookupIn(semInfo, MethodHandles.lookup()).findVarHandle(semInfo, "r", LuaValue.class);
            SAVE_AND_NEXT = lookup.findVirtual(lexer, "save_and_next", MethodType.methodType(void.class));
            SAVE = lookup.findVirtual(lexer, "save", MethodType.methodType(void.class, int.class));
            @SuppressWarnings("unchecked")
            Map<Object, Object> reserved = (Map<Object, Object>) lookup.findStaticVarHandle(lexer, "RESERVED", java.util.Hashtable.class).get();
            RESERVED = reserved;
            TK_NUMBER = (int) lookup.findStaticVarHandle(lexer, "TK_NUMBER", int.class).get();
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What C's strtod reads in full from a numeral: a decimal or a hexadecimal (with optional binary exponent) number. */
    private static final Pattern DECIMAL = Pattern.compile("(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern HEXADECIMAL = Pattern.compile("0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?");

    private LuaLexer() {
    }

    /** Makes {@code goto} a name again, as in Lua 5.1 (LuaJ's keyword table is shared by every compile). */
    static void useLua51Keywords() {
        RESERVED.remove(LuaValue.valueOf("goto"));
    }

    /** LuaJ's {@code LexState.read_numeral(SemInfo)}, done as Lua 5.1 does: the lexer stands on the numeral's first digit. */
    public static void readNumeral(Object lexer, Object semInfo) {
        try {
            do {
                SAVE_AND_NEXT.invoke(lexer);
            } while (isDigit(current(lexer)) || current(lexer) == '.');
            if (current(lexer) == 'e' || current(lexer) == 'E') {
                SAVE_AND_NEXT.invoke(lexer);
                if (current(lexer) == '+' || current(lexer) == '-') {
                    SAVE_AND_NEXT.invoke(lexer);
                }
            }
            while (isAlphanumeric(current(lexer)) || current(lexer) == '_') {
                SAVE_AND_NEXT.invoke(lexer);
            }
            SAVE.invoke(lexer, (int) '\0'); // the token's text, for an error, ends where C's string would
            String text = new String((char[]) BUFFER.get(lexer), 0, (int) BUFFERED.get(lexer) - 1);
            LuaValue number = number(text);
            if (number == null) {
                throw LuaSyntaxErrors.raise(lexer, "malformed number", TK_NUMBER);
            }
            NUMBER.set(semInfo, number);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of a numeral as Lua 5.1 converts it (strtod, which must read it all), or null when malformed. */
    static LuaValue number(String text) {
        if (DECIMAL.matcher(text).matches()) {
            return LuaValue.valueOf(Double.parseDouble(text));
        }
        var hex = HEXADECIMAL.matcher(text);
        if (hex.matches()) {
            return LuaValue.valueOf(Double.parseDouble(hex.group(1) == null ? text + "p0" : text)); // Java needs the exponent
        }
        return null;
    }

    private static int current(Object lexer) {
        return (int) CURRENT.get(lexer);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlphanumeric(int c) {
        return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
