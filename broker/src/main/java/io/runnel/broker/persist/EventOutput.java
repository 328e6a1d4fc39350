package io.runnel.broker.persist;

import io.runnel.broker.stream.StreamId;

import java.util.Arrays;
import java.util.List;

/**
 * Writes the binary form of events and values: unsigned varints for counts and lengths, fixed
 * 8-byte longs for times and IDs, length-prefixed byte strings. Explicit and versioned by the
 * codecs that use it; nothing here depends on Java serialization.
 */
public final class EventOutput {

    private byte[] buf;
    private int length;

    public EventOutput() {
        this(64);
    }

    public EventOutput(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    public EventOutput writeByte(int value) {
        ensure(1);
        buf[length++] = (byte) value;
        return this;
    }

    public EventOutput writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    /** An unsigned variable-length integer (7 bits a byte); negative values take 10 bytes. */
    public EventOutput writeVarLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buf[length++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[length++] = (byte) value;
        return this;
    }

    public EventOutput writeVarInt(int value) {
        return writeVarLong(value & 0xFFFFFFFFL);
    }

    public EventOutput writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[length++] = (byte) (value >>> shift);
        }
        return this;
    }

    public EventOutput writeBytes(byte[] value) {
        return writeBytes(value, 0, value.length);
    }

    public EventOutput writeBytes(byte[] value, int offset, int count) {
        writeVarInt(count);
        ensure(count);
        System.arraycopy(value, offset, buf, length, count);
        length += count;
        return this;
    }

    /** A byte string that may be null. */
    public EventOutput writeNullableBytes(byte[] value) {
        writeBoolean(value != null);
        return value == null ? this : writeBytes(value);
    }

    public EventOutput writeByteArrays(byte[][] values) {
        writeVarInt(values.length);
        for (byte[] value : values) {
            writeBytes(value);
        }
        return this;
    }

    public EventOutput writeId(StreamId id) {
        return writeLong(id.ms()).writeLong(id.seq());
    }

    /** A stream ID that may be null. */
    public EventOutput writeNullableId(StreamId id) {
        writeBoolean(id != null);
        return id == null ? this : writeId(id);
    }

    public EventOutput writeIds(List<StreamId> ids) {
        writeVarInt(ids.size());
        for (StreamId id : ids) {
            writeId(id);
        }
        return this;
    }

    public EventOutput writeLongs(List<Long> values) {
        writeVarInt(values.size());
        for (long value : values) {
            writeLong(value);
        }
        return this;
    }

    public int length() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, length);
    }
}
