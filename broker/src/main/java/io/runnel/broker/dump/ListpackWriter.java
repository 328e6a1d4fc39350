package io.runnel.broker.dump;

import io.runnel.broker.keyspace.Numbers;

import java.io.ByteArrayOutputStream;

/**
 * Builds a listpack blob as Redis's listpack.c lays one out: a header of total bytes and
 * element count, each element as its encoding and data followed by its length written
 * backwards, and a 0xFF terminator. Strings that are canonical integers are stored as integers,
 * each in the smallest of Redis's integer encodings, as lpAppend stores them.
 */
final class ListpackWriter {

    private static final int HEADER = 6;

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int count;

    ListpackWriter integer(long value) {
        byte[] encoded;
        if (value >= 0 && value <= 127) {
            encoded = new byte[] {(byte) value};
        } else if (value >= -4096 && value <= 4095) {
            long v = value < 0 ? (1 << 13) + value : value;
            encoded = new byte[] {(byte) ((v >> 8) | 0xC0), (byte) v};
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            encoded = littleEndian(0xF1, value, 2);
        } else if (value >= -(1 << 23) && value < (1 << 23)) {
            encoded = littleEndian(0xF2, value, 3);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            encoded = littleEndian(0xF3, value, 4);
        } else {
            encoded = littleEndian(0xF4, value, 8);
        }
        return element(encoded);
    }

    ListpackWriter string(byte[] bytes) {
        Long asInteger = bytes.length <= 20 ? Numbers.parseLongStrict(bytes) : null;
        if (asInteger != null) {
            return integer(asInteger);
        }
        int length = bytes.length;
        byte[] encoded;
        int at;
        if (length < 64) {
            encoded = new byte[1 + length];
            encoded[0] = (byte) (0x80 | length);
            at = 1;
        } else if (length < 4096) {
            encoded = new byte[2 + length];
            encoded[0] = (byte) (0xE0 | (length >> 8));
            encoded[1] = (byte) length;
            at = 2;
        } else {
            encoded = new byte[5 + length];
            System.arraycopy(littleEndian(0xF0, length, 4), 0, encoded, 0, 5);
            at = 5;
        }
        System.arraycopy(bytes, 0, encoded, at, length);
        return element(encoded);
    }

    private static byte[] littleEndian(int encoding, long value, int bytes) {
        byte[] out = new byte[1 + bytes];
        out[0] = (byte) encoding;
        for (int i = 0; i < bytes; i++) {
            out[1 + i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    private ListpackWriter element(byte[] encoded) {
        body.writeBytes(encoded);
        long length = encoded.length;
        // the back length: 7 bits per byte, most significant first, every byte but the first flagged
        if (length <= 127) {
            body.write((int) length);
        } else if (length < 16383) {
            body.write((int) (length >>> 7));
            body.write((int) (length & 127) | 128);
        } else if (length < 2097151) {
            body.write((int) (length >>> 14));
            body.write((int) ((length >>> 7) & 127) | 128);
            body.write((int) (length & 127) | 128);
        } else if (length < 268435455) {
            body.write((int) (length >>> 21));
            body.write((int) ((length >>> 14) & 127) | 128);
            body.write((int) ((length >>> 7) & 127) | 128);
            body.write((int) (length & 127) | 128);
        } else {
            body.write((int) (length >>> 28));
            body.write((int) ((length >>> 21) & 127) | 128);
            body.write((int) ((length >>> 14) & 127) | 128);
            body.write((int) ((length >>> 7) & 127) | 128);
            body.write((int) (length & 127) | 128);
        }
        count++;
        return this;
    }

    /** The blob: header, elements, terminator. */
    byte[] toByteArray() {
        int total = HEADER + body.size() + 1;
        byte[] out = new byte[total];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) (total >>> (8 * i));
        }
        int elements = Math.min(count, 65535);
        out[4] = (byte) elements;
        out[5] = (byte) (elements >>> 8);
        System.arraycopy(body.toByteArray(), 0, out, HEADER, body.size());
        out[total - 1] = (byte) 0xFF;
        return out;
    }
}
