package io.runnel.broker.dump;

import io.runnel.broker.keyspace.Numbers;

import java.io.ByteArrayOutputStream;

/**
 * Writes the parts of Redis's serialization format a DUMP payload is made of (the counterpart
 * of {@link RdbReader}): type bytes, lengths, strings (integer-encoded when Redis would), raw
 * bytes and little-endian numbers.
 */
final class RdbWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    RdbWriter write(int b) {
        out.write(b);
        return this;
    }

    RdbWriter bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** A length: 6, 14, 32 or 64 bits, as Redis's rdbSaveLen chooses; negative values are written as unsigned. */
    RdbWriter length(long length) {
        if (length >= 0 && length < 64) {
            out.write((int) length);
        } else if (length >= 0 && length < 16384) {
            out.write(0x40 | (int) (length >>> 8));
            out.write((int) length & 0xFF);
        } else if (length >= 0 && length <= 0xFFFFFFFFL) {
            out.write(0x80);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (length >>> (8 * i)) & 0xFF);
            }
        } else {
            out.write(0x81);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (length >>> (8 * i)) & 0xFF);
            }
        }
        return this;
    }

    /** A string, integer-encoded when it is a small canonical integer, as Redis saves it. */
    RdbWriter string(byte[] bytes) {
        Long value = bytes.length <= 11 ? Numbers.parseLongStrict(bytes) : null;
        if (value != null && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            int width = value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE ? 1 : value >= Short.MIN_VALUE && value <= Short.MAX_VALUE ? 2 : 4;
            out.write(0xC0 | (width == 1 ? 0 : width == 2 ? 1 : 2));
            littleEndian(value, width);
            return this;
        }
        length(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    RdbWriter littleEndian(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
