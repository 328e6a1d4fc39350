package io.runnel.broker.keyspace;

import java.util.Arrays;

/**
 * A string value. Holds its bytes with spare capacity so that APPEND and SETRANGE grow in
 * place, and remembers the encoding Redis would report (int, embstr or raw), which depends on
 * how the value was produced.
 */
public final class StringValue extends AccessTrackedValue {

    /** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
    static final int EMBSTR_LIMIT = 44;
    /** Redis keeps one shared object for each integer in [0, 10000) and stores it wherever it can. */
    private static final int SHARED_INTEGERS = 10000;

    public enum Encoding { INT, EMBSTR, RAW }

    private byte[] bytes;
    private int length;
    private Encoding encoding;
    /**
     * The integer when Redis would store its shared object for it here, else -1: OBJECT
     * REFCOUNT shows it, and the access data of the value is the shared object's.
     */
    private int sharedInteger;

    private StringValue(byte[] bytes, int length, Encoding encoding, int sharedInteger) {
        this.bytes = bytes;
        this.length = length;
        this.encoding = encoding;
        this.sharedInteger = sharedInteger;
    }

    private StringValue(byte[] bytes, int length, Encoding encoding) {
        this(bytes, length, encoding, -1);
    }

    private static int shared(long value, boolean shareIntegers) {
        return shareIntegers && value >= 0 && value < SHARED_INTEGERS ? (int) value : -1;
    }

    /** A value as SET stores it under the default maxmemory policy; see {@link #of(byte[], boolean)}. */
    public static StringValue of(byte[] bytes) {
        return of(bytes, true);
    }

    /**
     * A value as SET stores it: integers that fit a long become "int", short ones "embstr".
     *
     * @param shareIntegers whether Redis would store its shared object for a small integer,
     *                      which it does unless an LRU or LFU policy limits memory
     */
    public static StringValue of(byte[] bytes, boolean shareIntegers) {
        Long integer = bytes.length <= 20 ? Numbers.parseLongStrict(bytes) : null;
        if (integer != null) {
            return new StringValue(bytes, bytes.length, Encoding.INT, shared(integer, shareIntegers));
        }
        return new StringValue(bytes, bytes.length, bytes.length <= EMBSTR_LIMIT ? Encoding.EMBSTR : Encoding.RAW);
    }

    /** A value produced from text that is not re-examined as an integer (INCRBYFLOAT). */
    public static StringValue ofText(byte[] bytes) {
        return new StringValue(bytes, bytes.length, bytes.length <= EMBSTR_LIMIT ? Encoding.EMBSTR : Encoding.RAW);
    }

    /** A value produced by an integer operation (INCR and friends). */
    public static StringValue ofLong(long value, boolean shareIntegers) {
        byte[] digits = Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return new StringValue(digits, digits.length, Encoding.INT, shared(value, shareIntegers));
    }

    /** A value as it was stored before (journal, snapshot): its bytes, encoding and shared integer, or -1. */
    public static StringValue restore(byte[] bytes, Encoding encoding, int sharedInteger) {
        return new StringValue(bytes, bytes.length, encoding, sharedInteger);
    }

    /** A value that Redis keeps in a plain, growable buffer (APPEND and SETRANGE results). */
    public static StringValue raw(byte[] bytes) {
        return new StringValue(bytes, bytes.length, Encoding.RAW);
    }

    public int length() {
        return length;
    }

    /** The backing array; only the first {@link #length()} bytes are the value. */
    public byte[] array() {
        return bytes;
    }

    /** The value's bytes as an exact-length array (copies only when there is spare capacity). */
    public byte[] bytes() {
        if (bytes.length != length) {
            bytes = Arrays.copyOf(bytes, length);
        }
        return bytes;
    }

    public Encoding stringEncoding() {
        return encoding;
    }

    /** True when Redis would hold its shared object for this integer (OBJECT REFCOUNT). */
    public boolean shared() {
        return sharedInteger >= 0;
    }

    /** The shared integer Redis would hold here, or -1. */
    public int sharedInteger() {
        return sharedInteger;
    }

    void append(byte[] suffix) {
        ensureCapacity(length + suffix.length);
        System.arraycopy(suffix, 0, bytes, length, suffix.length);
        length += suffix.length;
        encoding = Encoding.RAW;
        sharedInteger = -1;
    }

    void writeAt(int offset, byte[] data) {
        int end = offset + data.length;
        if (end > length) {
            ensureCapacity(end);
            // bytes between the old end and the offset are zero: fresh capacity is zero-filled
            // and spare capacity is cleared when the value shrinks
            length = end;
        }
        System.arraycopy(data, 0, bytes, offset, data.length);
        encoding = Encoding.RAW;
        sharedInteger = -1;
    }

    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            // like sds, double small buffers and grow large ones by a fixed step
            int grown = needed < 1024 * 1024 ? needed * 2 : needed + 1024 * 1024;
            byte[] next = new byte[Math.max(needed, grown)];
            System.arraycopy(bytes, 0, next, 0, length);
            bytes = next;
        } else if (length < bytes.length) {
            Arrays.fill(bytes, length, Math.min(needed, bytes.length), (byte) 0);
        }
    }

    @Override
    public String typeName() {
        return "string";
    }

    @Override
    public String encoding() {
        return switch (encoding) {
            case INT -> "int";
            case EMBSTR -> "embstr";
            case RAW -> "raw";
        };
    }

    /** A copy as COPY makes one: a private object, never the shared integer. */
    @Override
    public StringValue copy() {
        return new StringValue(Arrays.copyOf(bytes, length), length, encoding, -1);
    }
}
