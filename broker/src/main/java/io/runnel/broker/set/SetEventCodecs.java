package io.runnel.broker.set;

import io.runnel.broker.persist.EventCodecs;
import io.runnel.broker.persist.EventInput;
import io.runnel.broker.persist.EventOutput;
import io.runnel.broker.persist.MalformedEventException;

/** The binary forms of the set events (tags 400-499) and of a whole set value. */
public final class SetEventCodecs {

    private SetEventCodecs() {
    }

    public static void register(EventCodecs codecs) {
        codecs.register(400, SetEvents.MembersAdded.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeByteArrays(e.members()).writeVarInt(e.maxIntsetEntries()),
                (in, v) -> new SetEvents.MembersAdded(in.readVarInt(), in.readBytes(), in.readByteArrays(), in.readVarInt()));
        codecs.register(401, SetEvents.MembersRemoved.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeByteArrays(e.members()),
                (in, v) -> new SetEvents.MembersRemoved(in.readVarInt(), in.readBytes(), in.readByteArrays()));
    }

    /** A set value: whether it is an intset, its size, then each member. */
    public static void write(SetValue set, EventOutput out) {
        out.writeBoolean(set.intset()).writeVarInt(set.size());
        set.forEach(out::writeBytes);
    }

    public static SetValue read(EventInput in) {
        boolean intset = in.readBoolean();
        int size = in.readVarInt();
        if (size < 0) {
            throw new MalformedEventException("negative set size " + size);
        }
        SetValue set = intset ? new SetValue() : SetValue.table();
        for (int i = 0; i < size; i++) {
            set.add(in.readBytes(), Integer.MAX_VALUE); // kept in the form it was saved in
        }
        return set;
    }
}
