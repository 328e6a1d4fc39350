package io.runnel.broker.script;

import java.util.Hashtable;

import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * Numbers as Lua 5.1 keeps them, where LuaJ keeps integral values as integers: -0 is a number
 * of its own ("-0", 1/-0 is -inf), so it stays a double (see {@link LuaJPatch}).
 */
public final class Lua51Numbers {

    private Lua51Numbers() {
    }

    /**
     * A string read as a number, as Lua 5.1's luaO_str2d reads it (LuaJ's
     * {@code LuaString.scannumber}): C's strtod after any white space ("inf", "nan", hexadecimal
     * with a binary exponent included), then only white space; {@link #NO_NUMBER} when it is not
     * a number. LuaJ's callers took any NaN for "no number"; LuaJPatch makes them ask
     * {@link #isNoNumber}, so "nan" is a number, as in Lua 5.1 ("nan" + 1 is nan).
     */
    public static double scan(LuaString text) {
        LuaValue number = tonumber(text);
        return number.isnil() ? NO_NUMBER : number.todouble();
    }

    /** A NaN no text reads as (strtod's NaN is the plain one, or its negation): "not a number" to scan's callers. */
    static final double NO_NUMBER = Double.longBitsToDouble(0x7ffc_0de1_0000_0001L);

    /** Whether what {@link #scan} answered means the text is no number. */
    public static boolean isNoNumber(double scanned) {
        return Double.doubleToRawLongBits(scanned) == Double.doubleToRawLongBits(NO_NUMBER);
    }

    /** {@code LuaString.tonumber()}: the number a string holds, or nil. */
    public static LuaValue tonumber(LuaString text) {
        byte[] bytes = LuaConversions.bytes(text);
        int at = skipSpace(bytes, 0);
        Strtod.Parsed parsed = Strtod.parse(bytes, at);
        if (parsed == null) {
            return LuaValue.NIL;
        }
        int end = parsed.end();
        if (end < bytes.length && bytes[end] != 0) { // C stops at a NUL
            end = skipSpace(bytes, end);
            if (end < bytes.length && bytes[end] != 0) {
                return LuaValue.NIL;
            }
        }
        return LuaValue.valueOf(parsed.value());
    }

    private static int skipSpace(byte[] bytes, int from) {
        int at = from;
        while (at < bytes.length && (bytes[at] == ' ' || bytes[at] >= 9 && bytes[at] <= 13)) {
            at++;
        }
        return at;
    }

    /** C99's pow where Java's Math.pow differs: 1 to any power, and -1 to an infinite one, are 1 (Java: NaN). */
    public static double pow(double x, double y) {
        if (x == 1 || x == -1 && Double.isInfinite(y)) {
            return 1;
        }
        return Math.pow(x, y);
    }

    /**
     * A numeric constant of a compiled chunk (LuaJ's {@code FuncState.numberK}): an integral
     * double becomes an integer, except -0; {@code constants} is the chunk's constant index so far
     * (LuaJ's {@code FuncState.h}, null before the first constant).
     */
    public static LuaValue constant(Hashtable<?, ?> constants, LuaValue number) {
        LuaValue value = number instanceof LuaDouble ? LuaValue.valueOf(number.todouble()) : number;
        if (constants != null && value.todouble() == 0) {
            // 5.1 finds constants through a Lua table, where 0 and -0 are one key: the first of
            // them compiled stands for both ("-0 .. 1/0" divides by -0)
            for (LuaValue zero : ZEROS) {
                if (constants.containsKey(zero)) {
                    return zero;
                }
            }
        }
        return value;
    }

    private static final LuaValue[] ZEROS = {LuaValue.ZERO, LuaValue.valueOf(-0.0)};
}
