package io.runnel.broker.script;

import org.luaj.vm2.LuaString;

/**
 * Characters as Lua 5.1 in Redis sees them: bytes, classified by C's ctype in the C locale
 * (only ASCII letters are letters) and compared as unsigned bytes (strcmp). LuaJ treats bytes
 * from 0x80 as Latin-1 characters (Character.isLetter, toUpperCase) and compares them signed,
 * so "é" held letters for %a and "\255" sorted before "a". Used by LuaJPatch's copies of
 * LuaJ's pattern matcher and string comparison, and by string.upper and string.lower.
 */
public final class Lua51CType {

    private Lua51CType() {
    }

    /** Whether byte {@code c} is in the class of pattern item %{@code cl} (an upper-case class is the complement). */
    public static boolean matchClass(int c, int cl) {
        boolean in;
        switch (Character.toLowerCase(cl)) {
            case 'a' -> in = isAlpha(c);
            case 'c' -> in = c < 32 || c == 127;
            case 'd' -> in = isDigit(c);
            case 'l' -> in = c >= 'a' && c <= 'z';
            case 'p' -> in = c >= 33 && c <= 47 || c >= 58 && c <= 64 || c >= 91 && c <= 96 || c >= 123 && c <= 126;
            case 's' -> in = c == ' ' || c >= 9 && c <= 13;
            case 'u' -> in = c >= 'A' && c <= 'Z';
            case 'w' -> in = isAlpha(c) || isDigit(c);
            case 'x' -> in = isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            case 'z' -> in = c == 0;
            default -> {
                return cl == c;
            }
        }
        return Character.isLowerCase(cl) == in;
    }

    /** The byte at {@code index} of a subject, 0 past its end (where C finds the string's NUL). */
    public static int byteAt(LuaString text, int index) {
        return index >= 0 && index < text.m_length ? text.m_bytes[text.m_offset + index] & 0xff : 0;
    }

    /** C's strcmp over the bytes: unsigned, then the shorter first. */
    public static int compare(LuaString a, LuaString b) {
        return java.util.Arrays.compareUnsigned(a.m_bytes, a.m_offset, a.m_offset + a.m_length, b.m_bytes, b.m_offset, b.m_offset + b.m_length);
    }

    /** toupper (or tolower) in the C locale: only ASCII letters change. */
    static LuaString changeCase(LuaString text, boolean upper) {
        byte[] bytes = LuaConversions.bytes(text).clone();
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i];
            if (upper && c >= 'a' && c <= 'z') {
                bytes[i] = (byte) (c - 32);
            } else if (!upper && c >= 'A' && c <= 'Z') {
                bytes[i] = (byte) (c + 32);
            }
        }
        return LuaString.valueOf(bytes);
    }

    private static boolean isAlpha(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
