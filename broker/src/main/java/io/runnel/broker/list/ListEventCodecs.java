package io.runnel.broker.list;

import io.runnel.broker.persist.EventCodecs;
import io.runnel.broker.persist.EventInput;
import io.runnel.broker.persist.EventOutput;

/** The binary forms of the list events (tags 300-399) and of a whole list value. */
public final class ListEventCodecs {

    private ListEventCodecs() {
    }

    public static void register(EventCodecs codecs) {
        codecs.register(300, ListEvents.Pushed.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBoolean(e.left()).writeByteArrays(e.elements()),
                (in, v) -> new ListEvents.Pushed(in.readVarInt(), in.readBytes(), in.readBoolean(), in.readByteArrays()));
        codecs.register(301, ListEvents.Popped.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBoolean(e.left()).writeVarLong(e.count()),
                (in, v) -> new ListEvents.Popped(in.readVarInt(), in.readBytes(), in.readBoolean(), in.readVarLong()));
        codecs.register(302, ListEvents.ElementSet.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeVarLong(e.index()).writeBytes(e.element()),
                (in, v) -> new ListEvents.ElementSet(in.readVarInt(), in.readBytes(), in.readVarLong(), in.readBytes()));
        codecs.register(303, ListEvents.Inserted.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeVarLong(e.index()).writeBytes(e.element()),
                (in, v) -> new ListEvents.Inserted(in.readVarInt(), in.readBytes(), in.readVarLong(), in.readBytes()));
        codecs.register(304, ListEvents.Removed.class, 1,
                (e, out) -> {
                    out.writeVarInt(e.db()).writeBytes(e.key()).writeVarInt(e.indexes().length);
                    for (long index : e.indexes()) {
                        out.writeVarLong(index);
                    }
                },
                (in, v) -> {
                    int db = in.readVarInt();
                    byte[] key = in.readBytes();
                    long[] indexes = new long[Math.min(in.readVarInt(), 1 << 24)];
                    for (int i = 0; i < indexes.length; i++) {
                        indexes[i] = in.readVarLong();
                    }
                    return new ListEvents.Removed(db, key, indexes);
                });
        codecs.register(305, ListEvents.Trimmed.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeVarLong(e.start()).writeVarLong(e.end()),
                (in, v) -> new ListEvents.Trimmed(in.readVarInt(), in.readBytes(), in.readVarLong(), in.readVarLong()));
    }

    public static void write(ListValue list, EventOutput out) {
        out.writeByteArrays(list.toArray());
    }

    public static ListValue read(EventInput in) {
        return ListValue.of(in.readByteArrays());
    }
}
