package io.runnel.broker.dump;

import io.runnel.broker.keyspace.Numbers;
import io.runnel.broker.stream.ConsumerGroup;
import io.runnel.broker.stream.StreamId;
import io.runnel.broker.stream.StreamValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Streams in Redis's serialized form. Each node is saved as Redis's rdb.c saves it: its master
 * ID as a 128-bit big-endian key, and a listpack holding the master entry (live count, deleted
 * count, the master field names, a 0 terminator) and then every entry, deleted ones included
 * (flags, ID as differences from the master ID, the field names unless they are the master's,
 * the values, and the count of the entry's listpack elements). Then come the counters, and the
 * consumer groups with their pending entries and consumers.
 *
 * <p>Read and written in the forms of Redis 5 to 6.2 (type 15: no first ID, deletion and
 * addition counters, nor groups' read counters), 7.0 (19) and 7.2 (21, which adds each
 * consumer's active time); DUMP writes Redis 7.0's.
 */
final class StreamRdb {

    static final int STREAM_LISTPACKS = 15;
    static final int STREAM_LISTPACKS_2 = 19;
    static final int STREAM_LISTPACKS_3 = 21;

    private static final int DELETED = 1;
    private static final int SAME_FIELDS = 2;

    private StreamRdb() {
    }

    // ---- writing -------------------------------------------------------------------------------

    /** Writes the stream in the form of {@code type} (DUMP writes Redis 7.0's, {@link #STREAM_LISTPACKS_2}). */
    static void write(StreamValue stream, int type, RdbWriter out) {
        out.write(type);
        List<StreamId> keys = new ArrayList<>();
        List<ListpackWriter> listpacks = new ArrayList<>();
        stream.forEachNode(new StreamValue.NodeVisitor() {
            private StreamId master;
            private ListpackWriter listpack;

            @Override
            public void node(StreamId masterId, byte[][] masterFieldNames, int live, int deleted) {
                master = masterId;
                listpack = new ListpackWriter().integer(live).integer(deleted).integer(masterFieldNames.length);
                for (byte[] name : masterFieldNames) {
                    listpack.string(name);
                }
                listpack.integer(0);
                keys.add(masterId);
                listpacks.add(listpack);
            }

            @Override
            public void entry(StreamId id, boolean deleted, boolean sameFields, byte[][] fieldsAndValues) {
                int fields = fieldsAndValues.length / 2;
                listpack.integer((deleted ? DELETED : 0) | (sameFields ? SAME_FIELDS : 0))
                        .integer(id.ms() - master.ms()).integer(id.seq() - master.seq());
                if (!sameFields) {
                    listpack.integer(fields);
                }
                for (int f = 0; f < fields; f++) {
                    if (!sameFields) {
                        listpack.string(fieldsAndValues[2 * f]);
                    }
                    listpack.string(fieldsAndValues[2 * f + 1]);
                }
                listpack.integer(sameFields ? fields + 3 : 2L * fields + 4);
            }
        });
        out.length(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            out.string(id(keys.get(i))).string(listpacks.get(i).toByteArray());
        }
        out.length(stream.length());
        id(out, stream.lastId());
        if (type >= STREAM_LISTPACKS_2) {
            id(out, stream.firstId());
            id(out, stream.maxDeletedId());
            out.length(stream.entriesAdded());
        }
        out.length(stream.groups().size());
        for (ConsumerGroup group : stream.groups()) {
            out.string(group.name());
            id(out, group.lastDeliveredId());
            if (type >= STREAM_LISTPACKS_2) {
                out.length(group.entriesRead());
            }
            out.length(group.pending().size());
            group.pending().forEach((id, entry) -> out.bytes(id(id)).littleEndian(entry.deliveryTime(), 8).length(entry.deliveryCount()));
            out.length(group.consumers().size());
            for (ConsumerGroup.Consumer consumer : group.consumers().values()) {
                out.string(consumer.name()).littleEndian(consumer.seenTime(), 8);
                if (type >= STREAM_LISTPACKS_3) {
                    out.littleEndian(consumer.activeTime(), 8);
                }
                out.length(consumer.pending().size());
                consumer.pending().keySet().forEach(id -> out.bytes(id(id)));
            }
        }
    }

    /** An ID as its two parts, each as a length. */
    private static void id(RdbWriter out, StreamId id) {
        out.length(id.ms()).length(id.seq());
    }

    /** An ID as Redis's rax keys hold it: 128 bits, big endian. */
    private static byte[] id(StreamId id) {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (id.ms() >>> (56 - 8 * i));
            out[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
        return out;
    }

    // ---- reading -------------------------------------------------------------------------------

    static StreamValue read(int type, RdbReader in) throws RdbFormatException {
        StreamValue stream = StreamValue.restoring();
        long nodeCount = in.readLength();
        StreamId previous = null;
        for (long n = 0; n < nodeCount; n++) {
            byte[] key = in.readString();
            if (key.length != 16) {
                throw new RdbFormatException("stream node key is not a stream ID");
            }
            previous = readNode(stream, id(key), RdbReader.listpack(in.readString()), previous);
        }
        long length = in.readLength();
        if (length != stream.length()) {
            throw new RdbFormatException("stream length does not match its entries");
        }
        StreamId lastId = readId(in);
        if (previous != null && previous.compareTo(lastId) > 0) {
            throw new RdbFormatException("stream entry after the last ID");
        }
        if (type >= STREAM_LISTPACKS_2) {
            readId(in); // the first entry's ID: known from the entries
            stream.restoreCounters(lastId, readId(in), in.readLength());
        } else {
            stream.restoreCounters(lastId, StreamId.MIN, length);
        }
        long groupCount = in.readLength();
        for (long g = 0; g < groupCount; g++) {
            byte[] name = in.readString();
            StreamId lastDelivered = readId(in);
            ConsumerGroup group = type >= STREAM_LISTPACKS_2
                    ? stream.restoreGroup(name, lastDelivered, in.readLength(), false)
                    : stream.restoreGroup(name, lastDelivered, 0, true);
            if (stream.groups().size() != g + 1) {
                throw new RdbFormatException("duplicate consumer group");
            }
            long pendingCount = in.readLength();
            for (long p = 0; p < pendingCount; p++) {
                StreamId id = id(in.readRaw(16));
                group.restorePending(id, in.readMillis(), in.readLength());
            }
            if (group.pending().size() != pendingCount) {
                throw new RdbFormatException("duplicate pending entry");
            }
            long consumerCount = in.readLength();
            for (long c = 0; c < consumerCount; c++) {
                byte[] consumerName = in.readString();
                long seen = in.readMillis();
                long active = type >= STREAM_LISTPACKS_3 ? in.readMillis() : seen; // Redis's own estimate for older forms
                ConsumerGroup.Consumer consumer = group.restoreConsumer(consumerName, seen, active);
                if (group.consumers().size() != c + 1) {
                    throw new RdbFormatException("duplicate consumer");
                }
                long owned = in.readLength();
                for (long o = 0; o < owned; o++) {
                    if (!group.restoreOwner(consumer, id(in.readRaw(16)))) {
                        throw new RdbFormatException("consumer entry not in its group's pending list");
                    }
                }
            }
            if (!group.everyPendingOwned()) {
                throw new RdbFormatException("pending entry without a consumer");
            }
        }
        return stream;
    }

    /** Reads one node's listpack into the stream; returns the last entry's ID. */
    private static StreamId readNode(StreamValue stream, StreamId master, List<byte[]> items, StreamId previous)
            throws RdbFormatException {
        Cursor at = new Cursor(items);
        long live = at.integer();
        long deleted = at.integer();
        int masterFields = at.count();
        byte[][] masterNames = new byte[masterFields][];
        for (int f = 0; f < masterFields; f++) {
            masterNames[f] = at.next();
        }
        if (at.integer() != 0) {
            throw new RdbFormatException("stream master entry not terminated");
        }
        if (!at.hasNext()) {
            throw new RdbFormatException("stream node without entries");
        }
        stream.restoreNode(master, masterNames);
        long liveSeen = 0;
        long deletedSeen = 0;
        while (at.hasNext()) {
            long flags = at.integer();
            StreamId id = new StreamId(master.ms() + at.integer(), master.seq() + at.integer());
            if (previous != null && previous.compareTo(id) >= 0) {
                throw new RdbFormatException("stream entries out of order");
            }
            boolean sameFields = (flags & SAME_FIELDS) != 0;
            int fields = sameFields ? masterFields : at.count();
            byte[][] fieldsAndValues = new byte[2 * fields][];
            for (int f = 0; f < fields; f++) {
                fieldsAndValues[2 * f] = sameFields ? masterNames[f] : at.next();
                fieldsAndValues[2 * f + 1] = at.next();
            }
            if (at.integer() != (sameFields ? fields + 3 : 2L * fields + 4)) {
                throw new RdbFormatException("stream entry of a wrong element count");
            }
            boolean isDeleted = (flags & DELETED) != 0;
            stream.restoreEntry(id, fieldsAndValues, isDeleted);
            if (isDeleted) {
                deletedSeen++;
            } else {
                liveSeen++;
            }
            previous = id;
        }
        if (liveSeen != live || deletedSeen != deleted) {
            throw new RdbFormatException("stream node counts do not match its entries");
        }
        return previous;
    }

    /** Walks a node's listpack elements, with bounds and integer checks. */
    private static final class Cursor {
        private final List<byte[]> items;
        private int position;

        Cursor(List<byte[]> items) {
            this.items = items;
        }

        boolean hasNext() {
            return position < items.size();
        }

        byte[] next() throws RdbFormatException {
            if (position >= items.size()) {
                throw new RdbFormatException("stream node ends early");
            }
            return items.get(position++);
        }

        long integer() throws RdbFormatException {
            Long value = Numbers.parseLongStrict(next());
            if (value == null) {
                throw new RdbFormatException("stream node holds text where a number belongs");
            }
            return value;
        }

        /** A count of fields: non-negative and not more than the elements left. */
        int count() throws RdbFormatException {
            long value = integer();
            if (value < 0 || value > items.size() - position) {
                throw new RdbFormatException("bad field count in a stream node");
            }
            return (int) value;
        }
    }

    private static StreamId readId(RdbReader in) throws RdbFormatException {
        return new StreamId(in.readLength(), in.readLength());
    }

    private static StreamId id(byte[] raw) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (raw[i] & 0xFF);
            seq = (seq << 8) | (raw[8 + i] & 0xFF);
        }
        return new StreamId(ms, seq);
    }
}
