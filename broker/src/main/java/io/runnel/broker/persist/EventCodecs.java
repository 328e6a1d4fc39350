package io.runnel.broker.persist;

import io.runnel.broker.keyspace.KeyspaceEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The binary forms of every keyspace event, for the journal. Each event type is declared once,
 * by the family that owns it, with a tag that never changes and the version of its current form;
 * a record starts with the tag and the version, so a later Runnel reads what an earlier one
 * wrote (a reader sees the version and decodes each form it knows). Java serialization is never
 * used.
 */
public final class EventCodecs {

    /** Decodes one form of an event type, given the version the record carries. */
    @FunctionalInterface
    public interface Reader<E> {
        E read(EventInput in, int version);
    }

    private record Codec<E extends KeyspaceEvent>(int tag, Class<E> type, int version, BiConsumer<E, EventOutput> writer,
                                                  Reader<E> reader) {
    }

    private final Map<Class<?>, Codec<?>> byType = new HashMap<>();
    private final Map<Integer, Codec<?>> byTag = new HashMap<>();

    /** The codecs of every family of events Runnel has. */
    public static EventCodecs all() {
        EventCodecs codecs = new EventCodecs();
        KeyspaceEventCodecs.register(codecs);
        io.runnel.broker.stream.StreamEventCodecs.register(codecs);
        io.runnel.broker.hash.HashEventCodecs.register(codecs);
        io.runnel.broker.list.ListEventCodecs.register(codecs);
        io.runnel.broker.set.SetEventCodecs.register(codecs);
        io.runnel.broker.zset.ZSetEventCodecs.register(codecs);
        return codecs;
    }

    /** Declares an event type's codec; a tag, once used, is never given to another type. */
    public <E extends KeyspaceEvent> void register(int tag, Class<E> type, int version, BiConsumer<E, EventOutput> writer,
                                                   Reader<E> reader) {
        Codec<E> codec = new Codec<>(tag, type, version, writer, reader);
        if (byTag.putIfAbsent(tag, codec) != null || byType.putIfAbsent(type, codec) != null) {
            throw new IllegalStateException("event tag " + tag + " or type " + type.getSimpleName() + " declared twice");
        }
    }

    public byte[] encode(KeyspaceEvent event) {
        EventOutput out = new EventOutput();
        write(event, out);
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    public void write(KeyspaceEvent event, EventOutput out) {
        Codec<KeyspaceEvent> codec = (Codec<KeyspaceEvent>) byType.get(event.getClass());
        if (codec == null) {
            throw new IllegalArgumentException("no codec for event " + event.getClass().getName());
        }
        out.writeVarInt(codec.tag()).writeVarInt(codec.version());
        codec.writer().accept(event, out);
    }

    public KeyspaceEvent decode(byte[] record) {
        EventInput in = new EventInput(record);
        KeyspaceEvent event = read(in);
        in.expectEnd();
        return event;
    }

    public KeyspaceEvent read(EventInput in) {
        int tag = in.readVarInt();
        int version = in.readVarInt();
        Codec<?> codec = byTag.get(tag);
        if (codec == null) {
            throw new MalformedEventException("unknown event tag " + tag);
        }
        if (version < 1 || version > codec.version()) {
            throw new MalformedEventException(codec.type().getSimpleName() + " version " + version
                    + " is newer than this Runnel reads (" + codec.version() + ")");
        }
        return codec.reader().read(in, version);
    }

    /**
     * The events an entity emitted while handling one message, and, for the entity's part of a
     * command that spanned several entities, that command's transaction id (0 otherwise):
     * recovery applies such a part only if the transaction was committed.
     */
    public record Batch(long transactionId, List<KeyspaceEvent> events) {
    }

    /**
     * Reads a journal record: one batch or several written back to back (the batches of the
     * messages an entity handled while its previous record was being written go to the journal
     * as one record). Each batch is its flags, its transaction id if any, its count, then each
     * event's form.
     */
    public List<Batch> decodeRecord(byte[] record) {
        EventInput in = new EventInput(record);
        List<Batch> batches = new ArrayList<>(1);
        do {
            int flags = in.readVarInt();
            long transactionId = (flags & 1) != 0 ? in.readVarLong() : 0;
            int count = in.readVarInt();
            List<KeyspaceEvent> events = new ArrayList<>(Math.min(count, 1024));
            for (int i = 0; i < count; i++) {
                events.add(read(in));
            }
            batches.add(new Batch(transactionId, events));
        } while (!in.atEnd());
        return batches;
    }

    /** One record of several batch records, read back by {@link #decodeRecord} as those batches in order. */
    public static byte[] join(List<byte[]> batchRecords) {
        if (batchRecords.size() == 1) {
            return batchRecords.get(0);
        }
        int length = 0;
        for (byte[] record : batchRecords) {
            length += record.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] record : batchRecords) {
            System.arraycopy(record, 0, joined, at, record.length);
            at += record.length;
        }
        return joined;
    }

    /** Collects events into one journal record, encoding each the moment it is added. */
    public final class BatchWriter {
        private EventOutput body = new EventOutput(256);
        private int count;

        public void add(KeyspaceEvent event) {
            write(event, body);
            count++;
        }

        /** How many events wait for {@link #take()}. */
        public int size() {
            return count;
        }

        /** The record of the events added since the last call, or null when there were none. */
        public byte[] take() {
            return take(0);
        }

        /** As {@link #take()}, for an entity's part of transaction {@code transactionId} (0 for none). */
        public byte[] take(long transactionId) {
            if (count == 0) {
                return null;
            }
            EventOutput record = new EventOutput(body.length() + 16);
            if (transactionId != 0) {
                record.writeVarInt(1).writeVarLong(transactionId);
            } else {
                record.writeVarInt(0);
            }
            record.writeVarInt(count);
            byte[] events = body.toByteArray();
            byte[] head = record.toByteArray();
            byte[] out = java.util.Arrays.copyOf(head, head.length + events.length);
            System.arraycopy(events, 0, out, head.length, events.length);
            body = new EventOutput(256);
            count = 0;
            return out;
        }
    }

    public BatchWriter batchWriter() {
        return new BatchWriter();
    }

    /** Whether every given event type has a codec (a test checks every type that exists). */
    public boolean covers(Class<?> type) {
        return byType.containsKey(type);
    }
}
