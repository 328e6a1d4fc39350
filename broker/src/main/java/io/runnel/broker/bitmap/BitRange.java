package io.runnel.broker.bitmap;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.Errors;

/**
 * The optional start, end and BYTE|BIT unit of BITCOUNT and BITPOS, resolved against a string's
 * length as Redis resolves them (negative indexes from the end, clamped), as a range of bits.
 * An empty range has {@code firstBit > lastBit}.
 */
record BitRange(long firstBit, long lastBit) {

    static final BitRange EMPTY = new BitRange(0, -1);

    /** The whole string. */
    static BitRange whole(int length) {
        return new BitRange(0, length * 8L - 1);
    }

    /**
     * Reads start [end [BYTE|BIT]] for a string of {@code length} bytes; {@code end} absent means
     * the end of the string (BITPOS allows that, BITCOUNT does not).
     */
    static BitRange parse(Args args, int length, boolean endOptional) {
        long start = args.nextLong();
        boolean endGiven = args.hasNext();
        if (!endGiven && !endOptional) {
            throw Errors.syntax();
        }
        long end = endGiven ? args.nextLong() : Long.MAX_VALUE;
        boolean bits = false;
        if (args.hasNext()) {
            if (args.nextIs("BIT")) {
                bits = true;
            } else if (!args.nextIs("BYTE")) {
                throw Errors.syntax();
            }
            if (args.hasNext()) {
                throw Errors.syntax();
            }
        }
        long total = bits ? length * 8L : length;
        if (endGiven && !endOptional && start < 0 && end < 0 && start > end) {
            return EMPTY; // BITCOUNT's early answer for two negative indexes in the wrong order
        }
        if (start < 0) {
            start = total + start;
        }
        if (end < 0) {
            end = total + end;
        }
        start = Math.max(0, start);
        end = Math.max(0, end);
        if (end >= total) {
            end = total - 1; // -1 for an empty string
        }
        if (start > end) {
            return EMPTY;
        }
        return bits ? new BitRange(start, end) : new BitRange(start * 8, end * 8 + 7);
    }

    boolean empty() {
        return firstBit > lastBit;
    }

    /** How many bits of the range are set in {@code bytes}. */
    long count(byte[] bytes) {
        if (empty()) {
            return 0;
        }
        long count = 0;
        int firstByte = (int) (firstBit >>> 3);
        int lastByte = (int) (lastBit >>> 3);
        for (int i = firstByte; i <= lastByte; i++) {
            int b = bytes[i] & 0xFF;
            if (i == firstByte) {
                b &= 0xFF >>> (firstBit & 7);
            }
            if (i == lastByte) {
                b &= (0xFF << (7 - (lastBit & 7))) & 0xFF;
            }
            count += Integer.bitCount(b);
        }
        return count;
    }

    /** The first bit of the range equal to {@code bit} in {@code bytes}, or -1. */
    long find(byte[] bytes, int bit) {
        for (long i = firstBit; i <= lastBit; i++) {
            int b = bytes[(int) (i >>> 3)] & 0xFF;
            if (i % 8 == 0 && i + 7 <= lastBit && b == (bit == 1 ? 0 : 0xFF)) {
                i += 7; // a whole byte without it
                continue;
            }
            if (((b >>> (7 - (i & 7))) & 1) == bit) {
                return i;
            }
        }
        return -1;
    }
}
