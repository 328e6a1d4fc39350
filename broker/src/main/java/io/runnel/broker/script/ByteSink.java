package io.runnel.broker.script;

import java.util.Arrays;

/**
 * A growing byte array for encoders that write byte by byte (cjson.encode): unlike
 * ByteArrayOutputStream, whose every write takes a lock, it costs an array store per byte.
 */
final class ByteSink {

    private byte[] bytes = new byte[256];
    private int size;

    void write(int b) {
        if (size == bytes.length) {
            bytes = Arrays.copyOf(bytes, size * 2);
        }
        bytes[size++] = (byte) b;
    }

    void write(byte[] from, int offset, int length) {
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size * 2, size + length));
        }
        System.arraycopy(from, offset, bytes, size, length);
        size += length;
    }

    /** Text whose characters are all below 0x100, one byte each. */
    void ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            write(text.charAt(i));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
