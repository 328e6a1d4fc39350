package io.runnel.broker.stream;

import io.runnel.broker.persist.EventCodecs;
import io.runnel.broker.persist.MalformedEventException;
import io.runnel.broker.stream.StreamEvents.Acknowledged;
import io.runnel.broker.stream.StreamEvents.Claimed;
import io.runnel.broker.stream.StreamEvents.ConsumerCreated;
import io.runnel.broker.stream.StreamEvents.ConsumerDeleted;
import io.runnel.broker.stream.StreamEvents.DeadLetterSet;
import io.runnel.broker.stream.StreamEvents.Delivered;
import io.runnel.broker.stream.StreamEvents.EntriesDeleted;
import io.runnel.broker.stream.StreamEvents.EntryAdded;
import io.runnel.broker.stream.StreamEvents.EntryScheduled;
import io.runnel.broker.stream.StreamEvents.GroupCreated;
import io.runnel.broker.stream.StreamEvents.GroupDestroyed;
import io.runnel.broker.stream.StreamEvents.GroupIdSet;
import io.runnel.broker.stream.StreamEvents.IdempotencyConfigured;
import io.runnel.broker.stream.StreamEvents.IdempotentRecorded;
import io.runnel.broker.stream.StreamEvents.IdsSet;
import io.runnel.broker.stream.StreamEvents.Nacked;
import io.runnel.broker.stream.StreamEvents.ReferencesDropped;
import io.runnel.broker.stream.StreamEvents.RetentionSet;
import io.runnel.broker.stream.StreamEvents.ScheduledReleased;
import io.runnel.broker.stream.StreamEvents.Trimmed;

/**
 * The binary forms of the stream events (tags 100-199). Every one starts with the database and
 * the key; lists of IDs and counts are length-prefixed.
 */
public final class StreamEventCodecs {

    private StreamEventCodecs() {
    }

    public static void register(EventCodecs codecs) {
        codecs.register(100, EntryAdded.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeId(e.id()).writeByteArrays(e.fieldsAndValues()),
                (in, v) -> new EntryAdded(in.readVarInt(), in.readBytes(), in.readId(), in.readByteArrays()));
        codecs.register(101, EntriesDeleted.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeIds(e.ids()),
                (in, v) -> new EntriesDeleted(in.readVarInt(), in.readBytes(), in.readIds()));
        codecs.register(102, Trimmed.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBoolean(e.byMaxLen()).writeLong(e.maxLen())
                        .writeNullableId(e.minId()).writeBoolean(e.approximate()).writeLong(e.limit())
                        .writeByte(e.policy().ordinal()),
                (in, v) -> new Trimmed(in.readVarInt(), in.readBytes(), in.readBoolean(), in.readLong(), in.readNullableId(),
                        in.readBoolean(), in.readLong(), policy(in.readByte())));
        codecs.register(103, GroupCreated.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.group()).writeId(e.lastDelivered())
                        .writeLong(e.entriesRead()),
                (in, v) -> new GroupCreated(in.readVarInt(), in.readBytes(), in.readBytes(), in.readId(), in.readLong()));
        codecs.register(104, GroupDestroyed.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.group()),
                (in, v) -> new GroupDestroyed(in.readVarInt(), in.readBytes(), in.readBytes()));
        codecs.register(105, GroupIdSet.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.group()).writeId(e.lastDelivered())
                        .writeLong(e.entriesRead()),
                (in, v) -> new GroupIdSet(in.readVarInt(), in.readBytes(), in.readBytes(), in.readId(), in.readLong()));
        codecs.register(106, ConsumerCreated.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.group()).writeBytes(e.consumer())
                        .writeLong(e.time()),
                (in, v) -> new ConsumerCreated(in.readVarInt(), in.readBytes(), in.readBytes(), in.readBytes(), in.readLong()));
        codecs.register(107, ConsumerDeleted.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.group()).writeBytes(e.consumer()),
                (in, v) -> new ConsumerDeleted(in.readVarInt(), in.readBytes(), in.readBytes(), in.readBytes()));
        codecs.register(108, Delivered.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.group()).writeBytes(e.consumer())
                        .writeLong(e.time()).writeIds(e.newIds()).writeBoolean(e.noAck()).writeIds(e.redelivered()),
                (in, v) -> new Delivered(in.readVarInt(), in.readBytes(), in.readBytes(), in.readBytes(), in.readLong(),
                        in.readIds(), in.readBoolean(), in.readIds()));
        codecs.register(109, Acknowledged.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.group()).writeIds(e.ids()),
                (in, v) -> new Acknowledged(in.readVarInt(), in.readBytes(), in.readBytes(), in.readIds()));
        codecs.register(110, Claimed.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.group()).writeBytes(e.consumer())
                        .writeLong(e.time()).writeIds(e.ids()).writeLongs(e.deliveryCounts()).writeLong(e.deliveryTime())
                        .writeIds(e.dropped()).writeNullableId(e.lastDelivered()),
                (in, v) -> new Claimed(in.readVarInt(), in.readBytes(), in.readBytes(), in.readBytes(), in.readLong(),
                        in.readIds(), in.readLongs(), in.readLong(), in.readIds(), in.readNullableId()));
        codecs.register(111, IdsSet.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeId(e.lastId()).writeLong(e.entriesAdded())
                        .writeNullableId(e.maxDeletedId()),
                (in, v) -> new IdsSet(in.readVarInt(), in.readBytes(), in.readId(), in.readLong(), in.readNullableId()));
        codecs.register(112, ReferencesDropped.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeIds(e.ids()),
                (in, v) -> new ReferencesDropped(in.readVarInt(), in.readBytes(), in.readIds()));
        codecs.register(113, RetentionSet.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeLong(e.maxAgeMillis()),
                (in, v) -> new RetentionSet(in.readVarInt(), in.readBytes(), in.readLong()));
        codecs.register(114, DeadLetterSet.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.group()).writeLong(e.maxDeliveries())
                        .writeNullableBytes(e.target()),
                (in, v) -> new DeadLetterSet(in.readVarInt(), in.readBytes(), in.readBytes(), in.readLong(),
                        in.readNullableBytes()));
        codecs.register(115, EntryScheduled.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeId(e.slot()).writeByteArrays(e.fieldsAndValues()),
                (in, v) -> new EntryScheduled(in.readVarInt(), in.readBytes(), in.readId(), in.readByteArrays()));
        codecs.register(116, ScheduledReleased.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeId(e.slot()),
                (in, v) -> new ScheduledReleased(in.readVarInt(), in.readBytes(), in.readId()));
        codecs.register(117, IdempotentRecorded.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.producer()).writeBytes(e.idempotentId())
                        .writeId(e.entry()).writeLong(e.time()),
                (in, v) -> new IdempotentRecorded(in.readVarInt(), in.readBytes(), in.readBytes(), in.readBytes(), in.readId(),
                        in.readLong()));
        codecs.register(118, IdempotencyConfigured.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeVarInt(e.durationSeconds()).writeVarInt(e.maxSize()),
                (in, v) -> new IdempotencyConfigured(in.readVarInt(), in.readBytes(), in.readVarInt(), in.readVarInt()));
        codecs.register(119, Nacked.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.group()).writeIds(e.ids())
                        .writeLongs(e.deliveryCounts()),
                (in, v) -> new Nacked(in.readVarInt(), in.readBytes(), in.readBytes(), in.readIds(), in.readLongs()));
    }

    private static ReferencePolicy policy(int ordinal) {
        if (ordinal >= ReferencePolicy.values().length) {
            throw new MalformedEventException("unknown reference policy " + ordinal);
        }
        return ReferencePolicy.values()[ordinal];
    }
}
