package io.runnel.broker.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Numbers read as C's strtod reads them where Redis uses it directly (range bounds of sorted
 * sets, SORT's weights): leading white space skipped, an empty text reading as 0, hexadecimal
 * and "inf" accepted, NaN and trailing bytes refused, the text ending at a NUL byte as a C
 * string does; optionally ERANGE too (an overflow to infinity or an underflow from a non-zero
 * number).
 */
public final class Strtod {

    private Strtod() {
    }

    /** The number in {@code text} from {@code from}, or null when strtod would not take all of it. */
    public static Double parse(byte[] text, int from, boolean rangeErrors) {
        int end = from;
        while (end < text.length && text[end] != 0) {
            end++; // Redis gives strtod a C string: a NUL byte ends it ("0\0x" reads as 0)
        }
        int start = from;
        while (start < end && isSpace(text[start])) {
            start++;
        }
        if (start == end) {
            return 0.0; // strtod reads nothing and stops at the end
        }
        byte[] number = Arrays.copyOfRange(text, start, end);
        Double value = Numbers.parseDouble(number);
        if (value == null || rangeErrors && outOfRange(number, value)) {
            return null;
        }
        return value;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    /** Whether strtod would report ERANGE: an overflow to infinity, or an underflow of a non-zero number. */
    public static boolean outOfRange(byte[] text, double value) {
        String lower = new String(text, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        if (Double.isInfinite(value)) {
            return !lower.contains("inf");
        }
        if (Math.abs(value) >= Double.MIN_NORMAL) {
            return false;
        }
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        boolean hex = unsigned.startsWith("0x");
        String mantissa = hex ? unsigned.substring(2) : unsigned;
        int exponent = mantissa.indexOf(hex ? 'p' : 'e');
        if (exponent >= 0) {
            mantissa = mantissa.substring(0, exponent);
        }
        for (int i = 0; i < mantissa.length(); i++) {
            if (Character.digit(mantissa.charAt(i), hex ? 16 : 10) > 0) {
                return true; // a non-zero number that came out as zero or subnormal
            }
        }
        return false;
    }
}
