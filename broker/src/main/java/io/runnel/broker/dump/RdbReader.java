package io.runnel.broker.dump;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parts of Redis's serialization format a DUMP payload is made of: lengths, strings
 * (plain, integer-encoded, LZF-compressed), binary and text doubles, and the listpack and intset
 * blobs that compact collections are saved as. Every read checks its bounds.
 */
final class RdbReader {

    private final byte[] data;
    private final int end;
    private int position;

    RdbReader(byte[] data, int end) {
        this.data = data;
        this.end = end;
    }

    boolean atEnd() {
        return position == end;
    }

    int readByte() throws RdbFormatException {
        if (position >= end) {
            throw new RdbFormatException("payload ends early");
        }
        return data[position++] & 0xFF;
    }

    private byte[] readBytes(long count) throws RdbFormatException {
        if (count < 0 || count > end - position) {
            throw new RdbFormatException("payload ends early");
        }
        byte[] out = new byte[(int) count];
        System.arraycopy(data, position, out, 0, out.length);
        position += out.length;
        return out;
    }

    private long readLittleEndian(int bytes) throws RdbFormatException {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= (long) readByte() << (8 * i);
        }
        return value;
    }

    /** A length; {@code encoded[0]} is set when it is instead a special string encoding (its kind in the low bits). */
    long readLength(boolean[] encoded) throws RdbFormatException {
        int first = readByte();
        int kind = first >>> 6;
        if (encoded != null) {
            encoded[0] = false;
        }
        switch (kind) {
            case 0:
                return first & 0x3F;
            case 1:
                return ((first & 0x3F) << 8) | readByte();
            case 2:
                if (first == 0x80) {
                    long value = 0;
                    for (int i = 0; i < 4; i++) {
                        value = (value << 8) | readByte();
                    }
                    return value;
                }
                if (first == 0x81) {
                    long value = 0;
                    for (int i = 0; i < 8; i++) {
                        value = (value << 8) | readByte();
                    }
                    return value;
                }
                throw new RdbFormatException("unknown length encoding");
            default:
                if (encoded == null) {
                    throw new RdbFormatException("an encoded value where a length belongs");
                }
                encoded[0] = true;
                return first & 0x3F;
        }
    }

    long readLength() throws RdbFormatException {
        return readLength(null);
    }

    byte[] readString() throws RdbFormatException {
        boolean[] encoded = new boolean[1];
        long length = readLength(encoded);
        if (!encoded[0]) {
            return readBytes(length);
        }
        switch ((int) length) {
            case 0:
                return Long.toString((byte) readByte()).getBytes(StandardCharsets.US_ASCII);
            case 1:
                return Long.toString((short) readLittleEndian(2)).getBytes(StandardCharsets.US_ASCII);
            case 2:
                return Long.toString((int) readLittleEndian(4)).getBytes(StandardCharsets.US_ASCII);
            case 3: {
                long compressed = readLength();
                long plain = readLength();
                if (plain > Integer.MAX_VALUE) {
                    throw new RdbFormatException("compressed string too long");
                }
                return Lzf.decompress(readBytes(compressed), (int) plain);
            }
            default:
                throw new RdbFormatException("unknown string encoding");
        }
    }

    /** {@code count} bytes as they are (a stream ID, for instance). */
    byte[] readRaw(int count) throws RdbFormatException {
        return readBytes(count);
    }

    /** A time in unix milliseconds: eight bytes, little endian. */
    long readMillis() throws RdbFormatException {
        return readLittleEndian(8);
    }

    double readBinaryDouble() throws RdbFormatException {
        return Double.longBitsToDouble(readLittleEndian(8));
    }

    /** The text double of the oldest sorted sets: a length byte, or 253 NaN, 254 +inf, 255 -inf. */
    double readTextDouble() throws RdbFormatException {
        int length = readByte();
        switch (length) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(new String(readBytes(length), StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw new RdbFormatException("bad double");
                }
        }
    }

    /** The elements of a listpack blob, integers as their decimal text. */
    static List<byte[]> listpack(byte[] lp) throws RdbFormatException {
        if (lp.length < 7) {
            throw new RdbFormatException("listpack too short");
        }
        List<byte[]> out = new ArrayList<>();
        int p = 6;
        try {
            while (true) {
                int b = lp[p] & 0xFF;
                if (b == 0xFF) {
                    break;
                }
                int size;
                if ((b & 0x80) == 0) {
                    out.add(Long.toString(b & 0x7F).getBytes(StandardCharsets.US_ASCII));
                    size = 1;
                } else if ((b & 0xC0) == 0x80) {
                    int length = b & 0x3F;
                    out.add(java.util.Arrays.copyOfRange(lp, p + 1, p + 1 + length));
                    size = 1 + length;
                } else if ((b & 0xE0) == 0xC0) {
                    int value = ((b & 0x1F) << 8) | (lp[p + 1] & 0xFF);
                    if (value >= 1 << 12) {
                        value -= 1 << 13;
                    }
                    out.add(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
                    size = 2;
                } else if ((b & 0xF0) == 0xE0) {
                    int length = ((b & 0x0F) << 8) | (lp[p + 1] & 0xFF);
                    out.add(java.util.Arrays.copyOfRange(lp, p + 2, p + 2 + length));
                    size = 2 + length;
                } else if (b == 0xF0) {
                    int length = (int) littleEndian(lp, p + 1, 4);
                    if (length < 0 || p + 5 + length > lp.length) {
                        throw new RdbFormatException("listpack string runs past its end");
                    }
                    out.add(java.util.Arrays.copyOfRange(lp, p + 5, p + 5 + length));
                    size = 5 + length;
                } else if (b >= 0xF1 && b <= 0xF4) {
                    int bytes = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
                    long value = littleEndian(lp, p + 1, bytes);
                    value = (value << (64 - 8 * bytes)) >> (64 - 8 * bytes); // sign extension
                    out.add(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
                    size = 1 + bytes;
                } else {
                    throw new RdbFormatException("unknown listpack encoding");
                }
                p += size + backlenSize(size);
            }
        } catch (IndexOutOfBoundsException e) {
            throw new RdbFormatException("listpack runs past its end");
        }
        return out;
    }

    private static int backlenSize(int size) {
        if (size <= 127) {
            return 1;
        }
        if (size < 16383) {
            return 2;
        }
        if (size < 2097151) {
            return 3;
        }
        if (size < 268435455) {
            return 4;
        }
        return 5;
    }

    private static long littleEndian(byte[] bytes, int at, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value |= (bytes[at + i] & 0xFFL) << (8 * i);
        }
        return value;
    }

    /** The members of an intset blob, as decimal text. */
    static List<byte[]> intset(byte[] blob) throws RdbFormatException {
        if (blob.length < 8) {
            throw new RdbFormatException("intset too short");
        }
        int width = (int) littleEndian(blob, 0, 4);
        long count = littleEndian(blob, 4, 4);
        if (width != 2 && width != 4 && width != 8 || 8 + count * width != blob.length) {
            throw new RdbFormatException("bad intset");
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long value = littleEndian(blob, 8 + i * width, width);
            value = (value << (64 - 8 * width)) >> (64 - 8 * width);
            out.add(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }
}
