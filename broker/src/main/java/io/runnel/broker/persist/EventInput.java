package io.runnel.broker.persist;

import io.runnel.broker.stream.StreamId;

import java.util.ArrayList;
import java.util.List;

/** Reads what {@link EventOutput} wrote; damaged input fails with {@link MalformedEventException}. */
public final class EventInput {

    private final byte[] buf;
    private int position;
    private final int end;

    public EventInput(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public EventInput(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.position = offset;
        this.end = offset + length;
    }

    private void need(long count) {
        if (count < 0 || end - position < count) {
            throw new MalformedEventException("record ends early at byte " + position);
        }
    }

    public int readByte() {
        need(1);
        return buf[position++] & 0xFF;
    }

    public boolean readBoolean() {
        int value = readByte();
        if (value > 1) {
            throw new MalformedEventException("not a boolean: " + value);
        }
        return value == 1;
    }

    public long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedEventException("varint too long");
    }

    public int readVarInt() {
        long value = readVarLong();
        if (value > 0xFFFFFFFFL) {
            throw new MalformedEventException("varint out of range: " + value);
        }
        return (int) value;
    }

    /** A count or length: a non-negative int that the remaining bytes can hold at least. */
    private int readCount(int bytesEach) {
        int count = readVarInt();
        if (count < 0) {
            throw new MalformedEventException("negative count");
        }
        need((long) count * bytesEach);
        return count;
    }

    public long readLong() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (buf[position++] & 0xFF);
        }
        return value;
    }

    public byte[] readBytes() {
        int count = readCount(1);
        byte[] value = new byte[count];
        System.arraycopy(buf, position, value, 0, count);
        position += count;
        return value;
    }

    public byte[] readNullableBytes() {
        return readBoolean() ? readBytes() : null;
    }

    public byte[][] readByteArrays() {
        int count = readCount(1);
        byte[][] values = new byte[count][];
        for (int i = 0; i < count; i++) {
            values[i] = readBytes();
        }
        return values;
    }

    public StreamId readId() {
        return new StreamId(readLong(), readLong());
    }

    public StreamId readNullableId() {
        return readBoolean() ? readId() : null;
    }

    public List<StreamId> readIds() {
        int count = readCount(16);
        List<StreamId> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(readId());
        }
        return ids;
    }

    public List<Long> readLongs() {
        int count = readCount(8);
        List<Long> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(readLong());
        }
        return values;
    }

    public boolean atEnd() {
        return position == end;
    }

    /** Fails unless every byte was read: a record with bytes to spare was not written by this codec. */
    public void expectEnd() {
        if (position != end) {
            throw new MalformedEventException((end - position) + " unread bytes at the end of the record");
        }
    }
}
