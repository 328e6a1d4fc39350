package io.runnel.broker.keyspace;

import java.nio.charset.StandardCharsets;

/** Number parsing and formatting with Redis's exact rules. */
public final class Numbers {

    private Numbers() {
    }

    /**
     * Parses a long as Redis's string2ll: optional '-', no '+', no leading zeros, no spaces,
     * at most 20 characters. Returns null when the text is not such a number.
     */
    public static Long parseLongStrict(byte[] text) {
        int n = text.length;
        if (n == 0 || n > 20) {
            return null;
        }
        if (n == 1 && text[0] == '0') {
            return 0L;
        }
        int i = 0;
        boolean negative = false;
        if (text[0] == '-') {
            negative = true;
            i = 1;
            if (n == 1) {
                return null;
            }
        }
        if (text[i] < '1' || text[i] > '9') {
            return null;
        }
        long value = 0; // accumulated as a negative number so that Long.MIN_VALUE parses
        for (; i < n; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return null;
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return null;
            }
            return -value;
        }
        return value;
    }

    /**
     * Parses a double as Redis's string2ld/strtold does for INCRBYFLOAT and friends: no leading
     * or trailing space, the whole text consumed, not NaN. Returns null otherwise.
     */
    public static Double parseDouble(byte[] text) {
        if (text.length == 0 || text.length > 5000) {
            return null;
        }
        String s = new String(text, StandardCharsets.US_ASCII);
        if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            return null;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (lower.contains("nan") || lower.endsWith("d") || lower.endsWith("f") || lower.contains("_")) {
            return null;
        }
        try {
            if (lower.startsWith("0x") || lower.startsWith("-0x") || lower.startsWith("+0x")) {
                return parseHex(lower);
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseHex(String lower) {
        String withExponent = lower.contains("p") ? lower : lower + "p0";
        return Double.parseDouble(withExponent);
    }

    /**
     * Parses a SCAN cursor as Redis does (strtoul in base 10, rejecting a leading space or any
     * unread byte or an overflow): an optional sign where '-' negates modulo 2^64, so "-1" is
     * the largest cursor; the empty text reads as 0. Returns the cursor's 64 bits, or null when
     * the text is not a cursor.
     */
    public static Long parseScanCursor(byte[] text) {
        int n = text.length;
        if (n == 0) {
            return 0L;
        }
        int i = 0;
        boolean negative = false;
        if (text[0] == '-' || text[0] == '+') {
            negative = text[0] == '-';
            i = 1;
        }
        if (i == n) {
            return null; // a sign alone: nothing was read
        }
        long value = 0;
        long limit = Long.divideUnsigned(-1L, 10);
        for (; i < n; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            if (Long.compareUnsigned(value, limit) > 0 || (value == limit && digit > Long.remainderUnsigned(-1L, 10))) {
                return null; // beyond 2^64 - 1
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }
}
