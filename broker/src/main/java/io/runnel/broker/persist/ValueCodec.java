package io.runnel.broker.persist;

import io.runnel.broker.keyspace.StringValue;
import io.runnel.broker.keyspace.Value;
import io.runnel.broker.stream.StreamValue;

/**
 * The binary form of a stored value (in events that carry a whole value, and in snapshots): a
 * type byte, then the type's own form. Strings keep the encoding Redis would report and whether
 * they stand for a shared integer, so OBJECT ENCODING and REFCOUNT answer the same after a
 * restart.
 */
public final class ValueCodec {

    private static final int STRING = 1;
    private static final int STREAM = 2;
    private static final int HASH = 3;
    private static final int LIST = 4;
    private static final int SET = 5;
    private static final int ZSET = 6;

    private ValueCodec() {
    }

    public static void write(Value value, EventOutput out) {
        if (value instanceof StringValue string) {
            out.writeByte(STRING).writeBytes(string.array(), 0, string.length())
                    .writeByte(string.stringEncoding().ordinal()).writeVarLong(string.sharedInteger() + 1L);
        } else if (value instanceof StreamValue stream) {
            out.writeByte(STREAM);
            stream.writeTo(out);
        } else if (value instanceof io.runnel.broker.hash.HashValue hash) {
            out.writeByte(HASH);
            io.runnel.broker.hash.HashEventCodecs.write(hash, out);
        } else if (value instanceof io.runnel.broker.list.ListValue list) {
            out.writeByte(LIST);
            io.runnel.broker.list.ListEventCodecs.write(list, out);
        } else if (value instanceof io.runnel.broker.set.SetValue set) {
            out.writeByte(SET);
            io.runnel.broker.set.SetEventCodecs.write(set, out);
        } else if (value instanceof io.runnel.broker.zset.ZSetValue zset) {
            out.writeByte(ZSET);
            io.runnel.broker.zset.ZSetEventCodecs.write(zset, out);
        } else {
            throw new IllegalArgumentException("no binary form for " + value.getClass().getName());
        }
    }

    public static Value read(EventInput in) {
        int type = in.readByte();
        return switch (type) {
            case STRING -> {
                byte[] bytes = in.readBytes();
                int encoding = in.readByte();
                if (encoding >= StringValue.Encoding.values().length) {
                    throw new MalformedEventException("unknown string encoding " + encoding);
                }
                yield StringValue.restore(bytes, StringValue.Encoding.values()[encoding], (int) in.readVarLong() - 1);
            }
            case STREAM -> StreamValue.readFrom(in);
            case HASH -> io.runnel.broker.hash.HashEventCodecs.read(in);
            case LIST -> io.runnel.broker.list.ListEventCodecs.read(in);
            case SET -> io.runnel.broker.set.SetEventCodecs.read(in);
            case ZSET -> io.runnel.broker.zset.ZSetEventCodecs.read(in);
            default -> throw new MalformedEventException("unknown value type " + type);
        };
    }
}
