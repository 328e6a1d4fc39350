package io.runnel.broker.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * Where LuaJ's lexer, a port of Lua 5.2's, reads a script differently from Lua 5.1's:
 * <ul>
 *   <li>numerals: Lua 5.1 reads digits and dots, an optional exponent, then every letter, digit
 *   and underscore that follows, and converts the text with C's strtod, so "1e", "0x", "3rd" and
 *   "1..2" are "malformed number" errors and "0x1p4" is 16. LuaJ stops at the first character
 *   that cannot continue a 5.2 numeral and let Java's parser fail on the rest (an internal
 *   error). {@link #readNumeral} replaces LuaJ's (see {@link LuaJPatch});</li>
 *   <li>strings: 5.1 knows fewer escapes and keeps the character after an unknown one
 *   ({@link #readString});</li>
 *   <li>{@code goto} is a keyword since 5.2; in 5.1 it is a name scripts may use
 *   ({@link #useLua51Keywords}).</li>
 * </ul>
 */
public final class LuaLexer {

    private static final VarHandle CURRENT;
    private static final VarHandle BUFFER;
    private static final VarHandle BUFFERED;
    private static final VarHandle NUMBER;
    private static final VarHandle STRING;
    private static final MethodHandle SAVE_AND_NEXT;
    private static final MethodHandle SAVE;
    private static final MethodHandle NEXT_CHARACTER;
    private static final MethodHandle NEW_LINE;
    private static final MethodHandle NEW_STRING;
    private static final int TK_EOS;
    private static final int TK_STRING;
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
            STRING = MethodHandles.privateLookupIn(semInfo, MethodHandles.lookup()).findVarHandle(semInfo, "ts", LuaString.class);
            NEXT_CHARACTER = lookup.findVirtual(lexer, "nextChar", MethodType.methodType(void.class));
            NEW_LINE = lookup.findVirtual(lexer, "inclinenumber", MethodType.methodType(void.class));
            Class<?> compileState = Class.forName("org.luaj.vm2.compiler.LuaC$CompileState");
            MethodHandle state = lookup.findGetter(lexer, "L", compileState);
            MethodHandle intern = MethodHandles.privateLookupIn(compileState, MethodHandles.lookup())
                    .findVirtual(compileState, "newTString", MethodType.methodType(LuaString.class, LuaString.class));
            // (lexer, string) -> lexer.L.newTString(string): the compile's shared copy of the string
            NEW_STRING = MethodHandles.filterArguments(intern, 0, state);
            TK_EOS = (int) lookup.findStaticVarHandle(lexer, "TK_EOS", int.class).get();
            TK_STRING = (int) lookup.findStaticVarHandle(lexer, "TK_STRING", int.class).get();
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

    /**
     * LuaJ's {@code LexState.read_string(int, SemInfo)}, done as Lua 5.1 does: the escapes are
     * \a \b \f \n \r \t \v, a backslash before a line break, and up to three decimal digits;
     * a backslash before any other character keeps that character (5.2 added \x, \z and
     * refuses the rest). The lexer stands on the opening delimiter.
     */
    public static void readString(Object lexer, int delimiter, Object semInfo) {
        try {
            SAVE_AND_NEXT.invoke(lexer);
            while (current(lexer) != delimiter) {
                int c = current(lexer);
                if (c == EOZ) {
                    throw LuaSyntaxErrors.raise(lexer, "unfinished string", TK_EOS);
                }
                if (c == '\n' || c == '\r') {
                    throw LuaSyntaxErrors.raise(lexer, "unfinished string", TK_STRING);
                }
                if (c != '\\') {
                    SAVE_AND_NEXT.invoke(lexer);
                    continue;
                }
                NEXT_CHARACTER.invoke(lexer); // the backslash is not kept
                c = current(lexer);
                int escaped = switch (c) {
                    case 'a' -> 7;
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'v' -> 11;
                    default -> -1;
                };
                if (escaped >= 0) {
                    SAVE.invoke(lexer, escaped);
                    NEXT_CHARACTER.invoke(lexer);
                } else if (c == '\n' || c == '\r') {
                    SAVE.invoke(lexer, (int) '\n');
                    NEW_LINE.invoke(lexer);
                } else if (c == EOZ) {
                    continue; // "unfinished string" next round
                } else if (!isDigit(c)) {
                    SAVE_AND_NEXT.invoke(lexer); // \\, \", \' and any other character stand for themselves
                } else {
                    int value = 0;
                    int digits = 0;
                    do {
                        value = 10 * value + (current(lexer) - '0');
                        NEXT_CHARACTER.invoke(lexer);
                    } while (++digits < 3 && isDigit(current(lexer)));
                    if (value > 255) {
                        throw LuaSyntaxErrors.raise(lexer, "escape sequence too large", TK_STRING);
                    }
                    SAVE.invoke(lexer, value);
                }
            }
            SAVE_AND_NEXT.invoke(lexer); // the closing delimiter
            // the buffer holds the source's bytes (and escapes' values) one per char, as LuaJ's lexer reads them
            LuaString text = LuaString.valueOf((char[]) BUFFER.get(lexer), 1, (int) BUFFERED.get(lexer) - 2);
            STRING.set(semInfo, (LuaString) NEW_STRING.invoke(lexer, text));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** LuaJ's end-of-input character. */
    private static final int EOZ = -1;

    /** The value of a numeral as Lua 5.1 converts it (strtod, which must read it all), or null when malformed. */
    static LuaValue number(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Strtod.Parsed parsed = Strtod.parse(bytes, 0);
        return parsed == null || parsed.end() != bytes.length ? null : LuaValue.valueOf(parsed.value());
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
