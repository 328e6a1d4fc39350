package io.runnel.broker.bitmap;

/**
 * Integers of 1 to 64 bits at any bit offset of a byte array, most significant bit first, and
 * Redis's overflow rules for BITFIELD's SET and INCRBY (WRAP, SAT, FAIL). Unsigned fields are
 * at most 63 bits wide, so every value fits a long.
 */
final class Bitfield {

    enum Overflow { WRAP, SAT, FAIL }

    /** A field's type: signed or not, and its width in bits. */
    record Type(boolean signed, int bits) {

        static final String INVALID = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

        static Type parse(byte[] text) {
            if (text.length < 2 || (text[0] != 'i' && text[0] != 'u')) {
                throw new io.runnel.broker.command.CommandError(INVALID);
            }
            Long bits = io.runnel.broker.keyspace.Numbers.parseLongStrict(java.util.Arrays.copyOfRange(text, 1, text.length));
            boolean signed = text[0] == 'i';
            if (bits == null || bits < 1 || bits > (signed ? 64 : 63)) {
                throw new io.runnel.broker.command.CommandError(INVALID);
            }
            return new Type(signed, bits.intValue());
        }
    }

    private Bitfield() {
    }

    /** The field's bits as an unsigned number; bytes past the array read as zero. */
    static long getUnsigned(byte[] bytes, long offset, int bits) {
        long value = 0;
        for (int i = 0; i < bits; i++) {
            long bit = offset + i;
            int byteIndex = (int) (bit >>> 3);
            int b = byteIndex < bytes.length ? bytes[byteIndex] & 0xFF : 0;
            value = (value << 1) | ((b >>> (7 - (bit & 7))) & 1);
        }
        return value;
    }

    static long get(byte[] bytes, long offset, Type type) {
        long value = getUnsigned(bytes, offset, type.bits());
        if (type.signed() && type.bits() < 64 && (value & (1L << (type.bits() - 1))) != 0) {
            value |= -1L << type.bits(); // sign extension
        }
        return value;
    }

    /** Writes the low {@code bits} bits of {@code value} (the array is long enough). */
    static void set(byte[] bytes, long offset, int bits, long value) {
        for (int i = 0; i < bits; i++) {
            long bit = offset + i;
            int byteIndex = (int) (bit >>> 3);
            int mask = 1 << (7 - (bit & 7));
            if (((value >>> (bits - 1 - i)) & 1) != 0) {
                bytes[byteIndex] |= (byte) mask;
            } else {
                bytes[byteIndex] &= (byte) ~mask;
            }
        }
    }

    /**
     * {@code value + increment} in a field of the type under the overflow rule: the stored value,
     * or null when FAIL refuses it.
     */
    static Long add(long value, long increment, Type type, Overflow overflow) {
        return type.signed() ? addSigned(value, increment, type.bits(), overflow) : addUnsigned(value, increment, type.bits(), overflow);
    }

    private static Long addUnsigned(long value, long increment, int bits, Overflow overflow) {
        long max = (1L << bits) - 1;
        long maxIncrement = max - value;
        long minIncrement = -value;
        boolean above = Long.compareUnsigned(value, max) > 0 || (increment > 0 && increment > maxIncrement);
        boolean below = !above && increment < 0 && increment < minIncrement;
        if (!above && !below) {
            return value + increment;
        }
        return switch (overflow) {
            case WRAP -> (value + increment) & max;
            case SAT -> above ? max : 0L;
            case FAIL -> null;
        };
    }

    private static Long addSigned(long value, long increment, int bits, Overflow overflow) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncrement = max - value; // may wrap; read only once value is known in range, as Redis does
        long minIncrement = min - value;
        boolean above = value > max || (bits != 64 && increment > maxIncrement) || (value >= 0 && increment > 0 && increment > maxIncrement);
        boolean below = !above && (value < min || (bits != 64 && increment < minIncrement)
                || (value < 0 && increment < 0 && increment < minIncrement));
        if (!above && !below) {
            return value + increment;
        }
        return switch (overflow) {
            case WRAP -> {
                long sum = value + increment;
                if (bits < 64) {
                    long mask = -1L << bits;
                    sum = (sum & (1L << (bits - 1))) != 0 ? sum | mask : sum & ~mask;
                }
                yield sum;
            }
            case SAT -> above ? max : min;
            case FAIL -> null;
        };
    }
}
