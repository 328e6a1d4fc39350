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

import java.util.ArrayList;
import java.util.List;

/**
 * DUMP payloads in Redis's format: the value's type byte and its serialization, the RDB version
 * (two bytes) and a CRC-64 of all that (eight bytes, little endian). Runnel writes version 10
 * (Redis 7.0) with forms every Redis since 7.0 loads, and reads what Redis 7.0 to 7.2 write for
 * strings, lists, sets, hashes, sorted sets and streams ({@link StreamRdb}), and Redis 7.4's
 * hashes whose fields have expiry times (version 12, which Runnel also writes for such a hash).
 * Streams that use Runnel's extensions travel in a form of Runnel's own (type 250), which only
 * Runnel restores.
 */
public final class DumpPayload {

    static final int RDB_VERSION = 10;
    /** The version of payloads holding a hash whose fields have expiry times (Redis 7.4's forms). */
    static final int RDB_VERSION_FIELD_EXPIRY = 12;
    /** The newest version read: Redis 7.2's payloads (its new set form included). */
    static final int NEWEST_READ = 12;

    static final int STRING = 0;
    static final int LIST = 1;
    static final int SET = 2;
    static final int ZSET = 3;
    static final int HASH = 4;
    static final int ZSET_2 = 5;
    static final int SET_INTSET = 11;
    static final int HASH_LISTPACK = 16;
    // Redis 7.4's hashes with field expiry times: before its release (22, 23), and since (24, 25)
    static final int HASH_METADATA_PRE_GA = 22;
    static final int HASH_LISTPACK_EX_PRE_GA = 23;
    static final int HASH_METADATA = 24;
    static final int HASH_LISTPACK_EX = 25;
    /** The latest field expiry time Redis's loading accepts (2^48 - 1 ms). */
    private static final long FIELD_EXPIRY_LIMIT = (1L << 48) - 1;
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

    /** The DUMP payload of a value. */
    public static byte[] dump(Value value) {
        RdbWriter out = new RdbWriter();
        int version = RDB_VERSION;
        if (value instanceof StringValue string) {
            out.write(STRING);
            out.string(string.bytes());
        } else if (value instanceof ListValue list) {
            out.write(LIST);
            out.length(list.size());
            list.forEachInRange(0, list.size() - 1, element -> out.string(element));
        } else if (value instanceof SetValue set && set.intset()) {
            out.write(SET_INTSET);
            List<Long> members = new ArrayList<>();
            set.forEach(member -> members.add(Numbers.parseLongStrict(member)));
            int width = 2;
            for (long member : members) {
                width = Math.max(width, member >= Short.MIN_VALUE && member <= Short.MAX_VALUE ? 2
                        : member >= Integer.MIN_VALUE && member <= Integer.MAX_VALUE ? 4 : 8);
            }
            RdbWriter blob = new RdbWriter();
            blob.littleEndian(width, 4);
            blob.littleEndian(members.size(), 4);
            for (long member : members) {
                blob.littleEndian(member, width);
            }
            out.length(blob.size());
            out.bytes(blob.toByteArray());
        } else if (value instanceof SetValue set) {
            out.write(SET);
            out.length(set.size());
            set.forEach(member -> out.string(member));
        } else if (value instanceof HashValue hash && hash.earliestDeadline() != 0) {
            writeHashWithDeadlines(hash, out);
            version = RDB_VERSION_FIELD_EXPIRY;
        } else if (value instanceof HashValue hash) {
            out.write(HASH);
            out.length(hash.size());
            hash.forEach((field, fieldValue) -> {
                out.string(field);
                out.string(fieldValue);
            });
        } else if (value instanceof ZSetValue zset) {
            out.write(ZSET_2);
            out.length(zset.size());
            if (zset.size() > 0) {
                zset.walk(zset.size() - 1, true, (member, score) -> { // highest first, as Redis saves them
                    out.string(member);
                    out.littleEndian(Double.doubleToRawLongBits(score), 8);
                    return true;
                });
            }
        } else if (value instanceof StreamValue stream && !stream.usesExtensions()) {
            StreamRdb.write(stream, StreamRdb.STREAM_LISTPACKS_2, out);
        } else if (value instanceof StreamValue) {
            out.write(RUNNEL_VALUE);
            EventOutput codec = new EventOutput();
            ValueCodec.write(value, codec);
            byte[] bytes = codec.toByteArray();
            out.length(bytes.length);
            out.bytes(bytes);
        } else {
            throw new IllegalArgumentException("no DUMP form for " + value.getClass().getName());
        }
        out.littleEndian(version, 2);
        byte[] body = out.toByteArray();
        out.littleEndian(Crc64.of(body, 0, body.length), 8);
        return out.toByteArray();
    }

    /**
     * A hash whose fields have expiry times, as Redis 7.4 writes one (type 24): the earliest time,
     * the field count, then per field its time relative to the earliest plus one (0 for none),
     * the field and the value.
     */
    private static void writeHashWithDeadlines(HashValue hash, RdbWriter out) {
        long earliest = hash.earliestDeadline();
        out.write(HASH_METADATA).littleEndian(earliest, 8).length(hash.size());
        hash.forEachEntry((field, value, deadline) -> {
            out.length(deadline == 0 ? 0 : deadline - earliest + 1);
            out.string(field).string(value);
        });
    }

    /** Adds a field as Redis's loading does: a field with a time goes where its time orders it. */
    private static void restoreField(HashValue hash, byte[] field, byte[] value, long deadline, HashValue.Limits limits)
            throws RdbFormatException {
        if (deadline < 0 || deadline > FIELD_EXPIRY_LIMIT) {
            throw new RdbFormatException("invalid field expiry time");
        }
        if (hash.contains(field)) {
            throw new RdbFormatException("duplicate hash field");
        }
        hash.put(field, value, limits);
        if (deadline != 0) {
            hash.expireAt(field, deadline);
        }
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
            case HASH_METADATA, HASH_METADATA_PRE_GA -> {
                long earliest = type == HASH_METADATA ? in.readMillis() : 0;
                long length = in.readLength();
                HashValue hash = new HashValue();
                hash.enableExpiry();
                for (long i = 0; i < length; i++) {
                    long time = in.readLength();
                    long deadline = time == 0 ? 0 : type == HASH_METADATA ? time + earliest - 1 : time;
                    restoreField(hash, in.readString(), in.readString(), deadline, limits.hash());
                }
                yield nonEmpty(hash, hash.size());
            }
            case HASH_LISTPACK_EX, HASH_LISTPACK_EX_PRE_GA -> {
                if (type == HASH_LISTPACK_EX) {
                    in.readMillis(); // the earliest time: known from the entries
                }
                List<byte[]> items = RdbReader.listpack(in.readString());
                if (items.size() % 3 != 0) {
                    throw new RdbFormatException("hash listpack of fields, values and times of a wrong length");
                }
                HashValue hash = new HashValue();
                hash.enableExpiry();
                for (int i = 0; i < items.size(); i += 3) {
                    Long deadline = Numbers.parseLongStrict(items.get(i + 2));
                    if (deadline == null) {
                        throw new RdbFormatException("hash field time is not a number");
                    }
                    restoreField(hash, items.get(i), items.get(i + 1), deadline, limits.hash());
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
            case StreamRdb.STREAM_LISTPACKS, StreamRdb.STREAM_LISTPACKS_2, StreamRdb.STREAM_LISTPACKS_3 -> {
                try {
                    yield StreamRdb.read(type, in);
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    throw new RdbFormatException("bad stream");
                }
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
