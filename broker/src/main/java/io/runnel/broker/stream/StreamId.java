package io.runnel.broker.stream;

import io.runnel.broker.command.CommandError;
import io.runnel.broker.keyspace.Numbers;

import java.nio.charset.StandardCharsets;

/**
 * A stream entry ID: milliseconds and a sequence number, both unsigned 64-bit, ordered as
 * unsigned pairs. Parsed with the rules Redis applies to stream command arguments.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {

    public static final StreamId MIN = new StreamId(0, 0);
    public static final StreamId MAX = new StreamId(-1L, -1L);
    static final String INVALID = "ERR Invalid stream ID specified as stream command argument";

    @Override
    public int compareTo(StreamId other) {
        int byMs = Long.compareUnsigned(ms, other.ms);
        return byMs != 0 ? byMs : Long.compareUnsigned(seq, other.seq);
    }

    public boolean isMax() {
        return ms == -1L && seq == -1L;
    }

    /** The next ID, or null when this is the largest one. */
    public StreamId next() {
        if (seq != -1L) {
            return new StreamId(ms, seq + 1);
        }
        return ms == -1L ? null : new StreamId(ms + 1, 0);
    }

    /** The previous ID, or null when this is 0-0. */
    public StreamId previous() {
        if (seq != 0) {
            return new StreamId(ms, seq - 1);
        }
        return ms == 0 ? null : new StreamId(ms - 1, -1L);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    public byte[] bytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** What parsing an argument found: the ID and whether its sequence was given or is "*". */
    public record Parsed(StreamId id, boolean sequenceGiven) {
    }

    /**
     * Parses {@code <ms>-<seq>}, {@code <ms>} (sequence {@code missingSeq}), and, unless
     * {@code strict}, "-" and "+". With {@code allowAutoSequence}, {@code <ms>-*} is accepted
     * and reported as a sequence not given.
     */
    public static Parsed parse(byte[] text, long missingSeq, boolean strict, boolean allowAutoSequence) {
        if (text.length > 127) {
            throw new CommandError(INVALID);
        }
        if (text.length == 1 && (text[0] == '-' || text[0] == '+')) {
            if (strict) {
                throw new CommandError(INVALID);
            }
            return new Parsed(text[0] == '-' ? MIN : MAX, true);
        }
        String s = new String(text, StandardCharsets.ISO_8859_1);
        int dash = s.indexOf('-');
        String msText = dash < 0 ? s : s.substring(0, dash);
        long ms = unsigned(msText);
        if (dash < 0) {
            return new Parsed(new StreamId(ms, missingSeq), true);
        }
        String seqText = s.substring(dash + 1);
        if (allowAutoSequence && seqText.equals("*")) {
            return new Parsed(new StreamId(ms, 0), false);
        }
        return new Parsed(new StreamId(ms, unsigned(seqText)), true);
    }

    public static StreamId parseStrict(byte[] text, long missingSeq) {
        return parse(text, missingSeq, true, false).id();
    }

    /**
     * An unsigned 64-bit number as Redis's string2ull reads it: a strict signed number when it
     * fits (negative ones refused), otherwise strtoull's rules (leading blanks, a sign, digits).
     */
    private static long unsigned(String text) {
        Long strict = Numbers.parseLongStrict(text.getBytes(StandardCharsets.ISO_8859_1));
        if (strict != null) {
            if (strict < 0) {
                throw new CommandError(INVALID);
            }
            return strict;
        }
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (i >= text.length()) {
            throw new CommandError(INVALID);
        }
        java.math.BigInteger value = java.math.BigInteger.ZERO;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new CommandError(INVALID);
            }
            value = value.multiply(java.math.BigInteger.TEN).add(java.math.BigInteger.valueOf(c - '0'));
            if (value.bitLength() > 64) {
                throw new CommandError(INVALID);
            }
        }
        long bits = value.longValue();
        return negative ? -bits : bits;
    }
}
