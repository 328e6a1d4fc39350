package io.runnel.broker.script;

/**
 * C's strtod over bytes, which Lua 5.1 (numerals, tonumber) and Lua CJSON (numbers) read
 * numbers with: the longest prefix that is a decimal number, a hexadecimal one (with optional
 * binary exponent), "inf", "infinity" or "nan" (any case), after an optional sign. No leading
 * white space is skipped: callers that allow it skip it themselves.
 */
final class Strtod {

    private Strtod() {
    }

    /** The number read from {@code text} at {@code from}, and where it ends. */
    record Parsed(double value, int end) {
    }

    /** Reads a number at {@code from}; null when none starts there (strtod's end pointer would not move). */
    static Parsed parse(byte[] text, int from) {
        int at = from;
        boolean negative = false;
        if (at < text.length && (text[at] == '+' || text[at] == '-')) {
            negative = text[at] == '-';
            at++;
        }
        Parsed magnitude = hexadecimal(text, at);
        if (magnitude == null) {
            magnitude = decimal(text, at);
        }
        if (magnitude == null) {
            magnitude = special(text, at);
        }
        if (magnitude == null) {
            return null;
        }
        return new Parsed(negative ? -magnitude.value() : magnitude.value(), magnitude.end());
    }

    private static Parsed decimal(byte[] text, int from) {
        int at = digits(text, from, false);
        boolean whole = at > from;
        int fractionStart = at;
        if (at < text.length && text[at] == '.') {
            at = digits(text, at + 1, false);
            fractionStart++;
        }
        if (!whole && at == fractionStart) {
            return null; // no digit on either side of the point
        }
        at = exponent(text, at, 'e');
        return new Parsed(Double.parseDouble(ascii(text, from, at)), at);
    }

    private static Parsed hexadecimal(byte[] text, int from) {
        if (from + 1 >= text.length || text[from] != '0' || (text[from + 1] | 0x20) != 'x') {
            return null;
        }
        int start = from + 2;
        int at = digits(text, start, true);
        boolean whole = at > start;
        int fractionStart = at;
        if (at < text.length && text[at] == '.') {
            at = digits(text, at + 1, true);
            fractionStart++;
        }
        if (!whole && at == fractionStart) {
            return null; // "0x" alone: strtod reads the 0
        }
        int mantissaEnd = at;
        at = exponent(text, at, 'p');
        String exponent = at > mantissaEnd ? ascii(text, mantissaEnd, at) : "p0"; // Java needs one
        return new Parsed(Double.parseDouble("0x" + ascii(text, start, mantissaEnd) + exponent), at);
    }

    private static Parsed special(byte[] text, int from) {
        if (startsWithIgnoringCase(text, from, "infinity")) {
            return new Parsed(Double.POSITIVE_INFINITY, from + 8);
        }
        if (startsWithIgnoringCase(text, from, "inf")) {
            return new Parsed(Double.POSITIVE_INFINITY, from + 3);
        }
        if (startsWithIgnoringCase(text, from, "nan")) {
            return new Parsed(Double.NaN, from + 3);
        }
        return null;
    }

    /** Where an exponent ("e" or "p", sign, digits) that starts at {@code from} ends; {@code from} when there is none. */
    private static int exponent(byte[] text, int from, char marker) {
        if (from >= text.length || (text[from] | 0x20) != marker) {
            return from;
        }
        int at = from + 1;
        if (at < text.length && (text[at] == '+' || text[at] == '-')) {
            at++;
        }
        int end = digits(text, at, false);
        return end > at ? end : from;
    }

    private static int digits(byte[] text, int from, boolean hex) {
        int at = from;
        while (at < text.length && (isDigit(text[at]) || hex && isHexLetter(text[at]))) {
            at++;
        }
        return at;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isHexLetter(byte b) {
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f';
    }

    /** Whether {@code text} has {@code word} (lower case) at {@code from}, in any case. */
    static boolean startsWithIgnoringCase(byte[] text, int from, String word) {
        if (from + word.length() > text.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if ((text[from + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] text, int from, int to) {
        return new String(text, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
