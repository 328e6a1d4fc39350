package io.runnel.broker.zset;

import io.runnel.broker.command.CommandError;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.protocol.RespDoubles;

import java.nio.charset.StandardCharsets;

/** Scores as sorted sets read and show them, with Redis's rules for each place. */
final class Scores {

    static final String NOT_A_FLOAT = "ERR value is not a valid float";
    static final String NAN_RESULT = "ERR resulting score is not a number (NaN)";

    /** LLONG_MAX / 2 as a double: below it an integral score is shown as an integer in a listpack. */
    private static final double INTEGER_TEXT_LIMIT = (double) (Long.MAX_VALUE / 2);

    private Scores() {
    }

    /**
     * A score argument (ZADD, ZINCRBY, ...): the whole text a number, no space before it, not NaN,
     * and neither overflowing to infinity nor underflowing to zero, else "value is not a valid
     * float". A negative zero is kept as zero, as Redis stores it.
     */
    static double parse(byte[] text) {
        return parse(text, NOT_A_FLOAT);
    }

    /** As {@link #parse(byte[])}, failing with {@code error} (a WEIGHTS value has its own). */
    static double parse(byte[] text, String error) {
        Double value = Numbers.parseDouble(text);
        if (value == null || outOfRange(text, value)) {
            throw new CommandError(error);
        }
        return value + 0.0;
    }

    /** Whether strtod would report ERANGE with an infinite or zero result. */
    private static boolean outOfRange(byte[] text, double value) {
        String lower = new String(text, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        if (Double.isInfinite(value)) {
            return !lower.contains("inf");
        }
        if (value != 0) {
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
                return true; // a non-zero number that came out as zero
            }
        }
        return false;
    }

    /**
     * A range bound's number as strtod reads it in ZRANGEBYSCORE and friends: leading space and
     * an empty text (zero) accepted, overflow to infinity accepted, NaN and trailing bytes not.
     * Null when it is not a number.
     */
    static Double parseBound(byte[] text, int from) {
        int start = from;
        while (start < text.length && isSpace(text[start])) {
            start++;
        }
        if (start == text.length) {
            return 0.0; // strtod reads nothing and stops at the end
        }
        byte[] number = java.util.Arrays.copyOfRange(text, start, text.length);
        Double value = Numbers.parseDouble(number);
        if (value == null) {
            return null;
        }
        return value;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    /** A score as a listpack holds it and ZSCAN of one shows it: integral values as integers. */
    static byte[] listpackText(double score) {
        String text;
        if (score == 0) {
            text = "0";
        } else if (!Double.isInfinite(score) && score >= -INTEGER_TEXT_LIMIT && score <= INTEGER_TEXT_LIMIT
                && score == (double) (long) score) {
            text = Long.toString((long) score);
        } else {
            text = RespDoubles.format17g(score);
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
