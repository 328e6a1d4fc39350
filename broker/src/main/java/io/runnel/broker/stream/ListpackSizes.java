package io.runnel.broker.stream;

import io.runnel.broker.keyspace.Numbers;

/**
 * The byte sizes Redis's listpack encoding gives stream node elements. Redis starts a new
 * stream node when the current one would pass stream-node-max-bytes, and approximate trimming
 * (MAXLEN ~) removes whole nodes only, so XLEN after a "~" trim depends on where nodes end:
 * to end them where Redis does, nodes account for their size the way a listpack would.
 */
final class ListpackSizes {

    /** A listpack's header (total bytes, element count) plus its end marker. */
    static final int EMPTY = 6 + 1;

    private ListpackSizes() {
    }

    static int integer(long value) {
        int encoded;
        if (value >= 0 && value <= 127) {
            encoded = 1;
        } else if (value >= -4096 && value <= 4095) {
            encoded = 2;
        } else if (value >= -32768 && value <= 32767) {
            encoded = 3;
        } else if (value >= -8388608 && value <= 8388607) {
            encoded = 4;
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            encoded = 5;
        } else {
            encoded = 9;
        }
        return withBacklen(encoded);
    }

    /** A string element; strings that read as 64-bit integers are stored as integers. */
    static int string(byte[] bytes) {
        if (bytes.length > 0 && bytes.length <= 20) {
            Long asInteger = Numbers.parseLongStrict(bytes);
            if (asInteger != null) {
                return integer(asInteger);
            }
        }
        int length = bytes.length;
        int encoded = length <= 63 ? 1 + length : length <= 4095 ? 2 + length : 5 + length;
        return withBacklen(encoded);
    }

    private static int withBacklen(int encoded) {
        int backlen = encoded <= 127 ? 1 : encoded < 16383 ? 2 : encoded < 2097151 ? 3 : encoded < 268435455 ? 4 : 5;
        return encoded + backlen;
    }
}
