package io.runnel.broker.hash;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The bytes of a compact hash: its fields and values one after the other in a single exactly
 * sized array, each as a variable-length length and its bytes; one object per hash instead of two
 * per field, which is what keeps a million small hashes near Redis's memory. Searches are linear,
 * as in Redis's listpack; every change makes a new array (a compact hash is small).
 */
final class Listpack {

    static final byte[] EMPTY = new byte[0];

    private Listpack() {
    }

    /** The offset of {@code field}'s entry (its length prefix), or -1. */
    static int find(byte[] packed, byte[] field) {
        int at = 0;
        while (at < packed.length) {
            int fieldLength = length(packed, at);
            int fieldStart = at + prefix(fieldLength);
            if (fieldLength == field.length
                    && Arrays.equals(packed, fieldStart, fieldStart + fieldLength, field, 0, fieldLength)) {
                return at;
            }
            at = skip(packed, fieldStart + fieldLength); // past the value
        }
        return -1;
    }

    /** The index (0 for the first pair) of {@code field}'s entry, or -1. */
    static int indexOf(byte[] packed, byte[] field) {
        int at = 0;
        for (int index = 0; at < packed.length; index++) {
            int fieldLength = length(packed, at);
            int fieldStart = at + prefix(fieldLength);
            if (fieldLength == field.length
                    && Arrays.equals(packed, fieldStart, fieldStart + fieldLength, field, 0, fieldLength)) {
                return index;
            }
            at = skip(packed, fieldStart + fieldLength);
        }
        return -1;
    }

    /** The offset of the entry at {@code index}; the array's length for the index one past the last. */
    static int offsetOf(byte[] packed, int index) {
        int at = 0;
        for (int i = 0; i < index; i++) {
            at = skip(packed, skip(packed, at));
        }
        return at;
    }

    /** A new array with {@code field} and {@code value} inserted before the entry at offset {@code entry}. */
    static byte[] insert(byte[] packed, int entry, byte[] field, byte[] value) {
        int added = prefix(field.length) + field.length + prefix(value.length) + value.length;
        byte[] out = new byte[packed.length + added];
        System.arraycopy(packed, 0, out, 0, entry);
        put(out, put(out, entry, field), value);
        System.arraycopy(packed, entry, out, entry + added, packed.length - entry);
        return out;
    }

    /** The value of the entry at {@code entry} (as {@link #find} gave it). */
    static byte[] value(byte[] packed, int entry) {
        int valueAt = skip(packed, entry);
        int length = length(packed, valueAt);
        int start = valueAt + prefix(length);
        return Arrays.copyOfRange(packed, start, start + length);
    }

    /** A new array with {@code field} and {@code value} appended. */
    static byte[] append(byte[] packed, byte[] field, byte[] value) {
        byte[] out = Arrays.copyOf(packed, packed.length + prefix(field.length) + field.length
                + prefix(value.length) + value.length);
        int at = put(out, packed.length, field);
        put(out, at, value);
        return out;
    }

    /** A new array with the value of the entry at {@code entry} replaced, in place in the order. */
    static byte[] replaceValue(byte[] packed, int entry, byte[] value) {
        int valueAt = skip(packed, entry);
        int end = skip(packed, valueAt);
        byte[] out = new byte[valueAt + prefix(value.length) + value.length + packed.length - end];
        System.arraycopy(packed, 0, out, 0, valueAt);
        int at = put(out, valueAt, value);
        System.arraycopy(packed, end, out, at, packed.length - end);
        return out;
    }

    /** A new array without the entry at {@code entry}. */
    static byte[] remove(byte[] packed, int entry) {
        int end = skip(packed, skip(packed, entry));
        byte[] out = new byte[packed.length - (end - entry)];
        System.arraycopy(packed, 0, out, 0, entry);
        System.arraycopy(packed, end, out, entry, packed.length - end);
        return out;
    }

    static void forEach(byte[] packed, BiConsumer<byte[], byte[]> action) {
        int at = 0;
        while (at < packed.length) {
            int fieldLength = length(packed, at);
            int fieldStart = at + prefix(fieldLength);
            int valueAt = fieldStart + fieldLength;
            int valueLength = length(packed, valueAt);
            int valueStart = valueAt + prefix(valueLength);
            action.accept(Arrays.copyOfRange(packed, fieldStart, fieldStart + fieldLength),
                    Arrays.copyOfRange(packed, valueStart, valueStart + valueLength));
            at = valueStart + valueLength;
        }
    }

    /** The entry (field and value) at index {@code index} of {@code size} entries, as copies. */
    static byte[][] entry(byte[] packed, int index) {
        int at = 0;
        for (int i = 0; i < index; i++) {
            at = skip(packed, skip(packed, at));
        }
        int valueAt = skip(packed, at);
        int fieldLength = length(packed, at);
        int fieldStart = at + prefix(fieldLength);
        int valueLength = length(packed, valueAt);
        int valueStart = valueAt + prefix(valueLength);
        return new byte[][] {Arrays.copyOfRange(packed, fieldStart, fieldStart + fieldLength),
                Arrays.copyOfRange(packed, valueStart, valueStart + valueLength)};
    }

    // ---- the length prefix: 7 bits per byte, low bits first, high bit set while more follow ----

    private static int prefix(int length) {
        return length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x200000 ? 3 : length < 0x10000000 ? 4 : 5;
    }

    private static int length(byte[] packed, int at) {
        int value = 0;
        int shift = 0;
        byte b;
        do {
            b = packed[at++];
            value |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return value;
    }

    /** The offset after the string (length prefix and bytes) at {@code at}. */
    private static int skip(byte[] packed, int at) {
        int length = length(packed, at);
        return at + prefix(length) + length;
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        int length = bytes.length;
        while (length >= 0x80) {
            out[at++] = (byte) (length | 0x80);
            length >>>= 7;
        }
        out[at++] = (byte) length;
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }
}
