package io.runnel.broker.dump;

import io.runnel.broker.hash.HashValue;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.broker.keyspace.Value;
import io.runnel.broker.list.ListValue;
import io.runnel.broker.persist.EventInput;
import io.runnel.broker.persist.EventOutput;
import io.runnel.broker.persist.MalformedEventException;
import io.runnel.broker.persist.ValueCodec;
import io.runnel.broker.set.SetValue;
import io.runnel.broker.stream.StreamValue;
import io.runnel.broker.zset.ZSetValue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * DUMP payloads in Redis's format: the value's type byte and its serialization, the RDB version
 * (two bytes) and a CRC-64 of all that (eight bytes, little endian). Runnel writes version 10
 * (Redis 7.0) with forms every Redis since 7.0 loads, and reads what Redis 7.0 to 7.2 write for
 * strings, lists, sets, hashes and sorted sets. Streams, and hashes whose fields have expiry
 * times, travel in a form of Runnel's own (type 250), which only Runnel restores.
 */
public final class DumpPayload {

    static final int RDB_VERSION = 10;
    /** The newest version read: Redis 7.2's payloads (its new set form included). */
    static final int NEWEST_READ = 11;

    static final int STRING = 0;
    static final int LIST = 1;
    static final int SET = 2;
    static final int ZSET = 3;
    static final int HASH = 4;
    static final int ZSET_2 = 5;
    static final int SET_INTSET = 11;
    static final int HASH_LISTPACK = 16;
    static final int ZSET_LISTPACK = 17;
    static final int LIST_QUICKLIST_2 = 18;
    static final int SET_LISTPACK = 20;
    /** Values only Runnel has a form for: streams, and hashes whose fields have expiry times. */
    static final int RUNNEL_VALUE = 250;

    /** The limits a restored collection's form follows, as Redis's loading follows them. */
    public record Limits(int setMaxIntset, HashValue.Limits hash, ZSetValue.Limits zset) {
    }

    private DumpPayload() {
    }

    // ---- writing -------------------------------------------------------------------------------

    private static void length(ByteArrayOutputStream out, long length) {
        if (length < 64) {
            out.write((int) length);
        } else if (length < 16384) {
            out.write(0x40 | (int) (length >>> 8));
            out.write((int) length & 0xFF);
        } else if (length <= 0xFFFFFFFFL) {
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
    }

    /** A string, integer-encoded when it is a small canonical integer, as Redis saves it. */
    private static void string(ByteArrayOutputStream out, byte[] bytes) {
        Long value = bytes.length <= 11 ? Numbers.parseLongStrict(bytes) : null;
        if (value != null && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            int width = value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE ? 1 : value >= Short.MIN_VALUE && value <= Short.MAX_VALUE ? 2 : 4;
            out.write(0xC0 | (width == 1 ? 0 : width == 2 ? 1 : 2));
            for (int i = 0; i < width; i++) {
                out.write((int) (value >>> (8 * i)) & 0xFF);
            }
            return;
        }
        length(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void littleEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    /** The DUMP payload of a value. */
    public static byte[] dump(Value value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value instanceof StringValue string) {
            out.write(STRING);
            string(out, string.bytes());
        } else if (value instanceof ListValue list) {
            out.write(LIST);
            length(out, list.size());
            list.forEachInRange(0, list.size() - 1, element -> string(out, element));
        } else if (value instanceof SetValue set && set.intset()) {
            out.write(SET_INTSET);
            List<Long> members = new ArrayList<>();
            set.forEach(member -> members.add(Numbers.parseLongStrict(member)));
            int width = 2;
            for (long member : members) {
                width = Math.max(width, member >= Short.MIN_VALUE && member <= Short.MAX_VALUE ? 2
                        : member >= Integer.MIN_VALUE && member <= Integer.MAX_VALUE ? 4 : 8);
            }
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            littleEndian(blob, width, 4);
            littleEndian(blob, members.size(), 4);
            for (long member : members) {
                littleEndian(blob, member, width);
            }
            length(out, blob.size());
            out.writeBytes(blob.toByteArray());
        } else if (value instanceof SetValue set) {
            out.write(SET);
            length(out, set.size());
            set.forEach(member -> string(out, member));
        } else if (value instanceof HashValue hash && hash.earliestDeadline() == 0) {
            out.write(HASH);
            length(out, hash.size());
            hash.forEach((field, fieldValue) -> {
                string(out, field);
                string(out, fieldValue);
            });
        } else if (value instanceof ZSetValue zset) {
            out.write(ZSET_2);
            length(out, zset.size());
            if (zset.size() > 0) {
                zset.walk(zset.size() - 1, true, (member, score) -> { // highest first, as Redis saves them
                    string(out, member);
                    littleEndian(out, Double.doubleToRawLongBits(score), 8);
                    return true;
                });
            }
        } else if (value instanceof StreamValue || value instanceof HashValue) {
            out.write(RUNNEL_VALUE);
            EventOutput codec = new EventOutput();
            ValueCodec.write(value, codec);
            byte[] bytes = codec.toByteArray();
            length(out, bytes.length);
            out.writeBytes(bytes);
        } else {
            throw new IllegalArgumentException("no DUMP form for " + value.getClass().getName());
        }
        littleEndian(out, RDB_VERSION, 2);
        byte[] body = out.toByteArray();
        littleEndian(out, Crc64.of(body, 0, body.length), 8);
        return out.toByteArray();
    }

    // ---- reading -------------------------------------------------------------------------------

    /** Whether a payload carries a version Runnel reads and a matching checksum. */
    public static boolean verify(byte[] payload) {
        if (payload.length < 10) {
            return false;
        }
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xFF) | (payload[footer + 1] & 0xFF) << 8;
        if (version > NEWEST_READ) {
            return false;
        }
        long crc = 0;
        for (int i = 7; i >= 0; i--) {
            crc = (crc << 8) | (payload[footer + 2 + i] & 0xFF);
        }
        return crc == Crc64.of(payload, 0, payload.length - 8);
    }

    /** The value a verified payload holds, in the form Redis's loading would give it; throws when it holds none. */
    public static Value restore(byte[] payload, Limits limits, boolean shareIntegers) throws RdbFormatException {
        RdbReader in = new RdbReader(payload, payload.length - 10);
        int type = in.readByte();
        Value value = switch (type) {
            case STRING -> StringValue.of(in.readString(), shareIntegers);
            case LIST -> {
                long length = in.readLength();
                List<byte[]> elements = new ArrayList<>();
                for (long i = 0; i < length; i++) {
                    elements.add(in.readString());
                }
                yield nonEmpty(ListValue.of(elements.toArray(new byte[0][])), elements.size());
            }
            case LIST_QUICKLIST_2 -> {
                long nodes = in.readLength();
                List<byte[]> elements = new ArrayList<>();
                for (long i = 0; i < nodes; i++) {
                    long container = in.readLength();
                    byte[] blob = in.readString();
                    if (container == 1) {
                        elements.add(blob); // a plain node: one large element
                    } else if (container == 2) {
                        elements.addAll(RdbReader.listpack(blob));
                    } else {
                        throw new RdbFormatException("unknown quicklist container");
                    }
                }
                yield nonEmpty(ListValue.of(elements.toArray(new byte[0][])), elements.size());
            }
            case SET -> {
                long length = in.readLength();
                SetValue set = new SetValue();
                for (long i = 0; i < length; i++) {
                    set.add(in.readString(), limits.setMaxIntset());
                }
                yield nonEmpty(set, set.size());
            }
            case SET_INTSET, SET_LISTPACK -> {
                byte[] blob = in.readString();
                SetValue set = new SetValue();
                for (byte[] member : type == SET_INTSET ? RdbReader.intset(blob) : RdbReader.listpack(blob)) {
                    set.add(member, limits.setMaxIntset());
                }
                yield nonEmpty(set, set.size());
            }
            case HASH -> {
                long length = in.readLength();
                HashValue hash = new HashValue();
                for (long i = 0; i < length; i++) {
                    hash.put(in.readString(), in.readString(), limits.hash());
                }
                yield nonEmpty(hash, hash.size());
            }
            case HASH_LISTPACK -> {
                List<byte[]> items = RdbReader.listpack(in.readString());
                if (items.size() % 2 != 0) {
                    throw new RdbFormatException("hash listpack of odd length");
                }
                HashValue hash = new HashValue();
                for (int i = 0; i < items.size(); i += 2) {
                    hash.put(items.get(i), items.get(i + 1), limits.hash());
                }
                yield nonEmpty(hash, hash.size());
            }
            case ZSET, ZSET_2 -> {
                long length = in.readLength();
                ZSetValue zset = ZSetValue.skiplist((int) Math.min(length, 1 << 20));
                ZSetValue.Limits unlimited = new ZSetValue.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);
                for (long i = 0; i < length; i++) {
                    byte[] member = in.readString();
                    double score = type == ZSET ? in.readTextDouble() : in.readBinaryDouble();
                    if (Double.isNaN(score)) {
                        throw new RdbFormatException("NaN score");
                    }
                    zset.put(member, score, unlimited);
                }
                yield nonEmpty(zset.fitted(limits.zset()), zset.size());
            }
            case ZSET_LISTPACK -> {
                List<byte[]> items = RdbReader.listpack(in.readString());
                if (items.size() % 2 != 0) {
                    throw new RdbFormatException("sorted set listpack of odd length");
                }
                int members = items.size() / 2;
                ZSetValue zset = members > limits.zset().maxEntries() ? ZSetValue.skiplist(members) : new ZSetValue();
                ZSetValue.Limits unlimited = new ZSetValue.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);
                for (int i = 0; i < items.size(); i += 2) {
                    Double score = Numbers.parseDouble(items.get(i + 1));
                    if (score == null) {
                        throw new RdbFormatException("bad score");
                    }
                    zset.put(items.get(i), score, unlimited);
                }
                yield nonEmpty(zset, zset.size());
            }
            case RUNNEL_VALUE -> {
                try {
                    yield ValueCodec.read(new EventInput(in.readString()));
                } catch (MalformedEventException | IndexOutOfBoundsException e) {
                    throw new RdbFormatException("bad value");
                }
            }
            default -> throw new RdbFormatException("unsupported type " + type);
        };
        if (!in.atEnd()) {
            throw new RdbFormatException("bytes after the value");
        }
        return value;
    }

    /** Redis refuses to restore an empty collection. */
    private static Value nonEmpty(Value value, int size) throws RdbFormatException {
        if (size == 0) {
            throw new RdbFormatException("empty collection");
        }
        return value;
    }
}
