package io.runnel.broker.hash;

import io.runnel.broker.persist.EventCodecs;
import io.runnel.broker.persist.EventInput;
import io.runnel.broker.persist.EventOutput;
import io.runnel.broker.persist.MalformedEventException;

/** The binary forms of the hash events (tags 200-299) and of a whole hash value. */
public final class HashEventCodecs {

    private HashEventCodecs() {
    }

    public static void register(EventCodecs codecs) {
        codecs.register(200, HashEvents.FieldsSet.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeByteArrays(e.fieldsAndValues())
                        .writeVarInt(e.maxListpackEntries()).writeVarInt(e.maxListpackValue()),
                (in, v) -> new HashEvents.FieldsSet(in.readVarInt(), in.readBytes(), in.readByteArrays(), in.readVarInt(),
                        in.readVarInt()));
        codecs.register(201, HashEvents.FieldsDeleted.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeByteArrays(e.fields()),
                (in, v) -> new HashEvents.FieldsDeleted(in.readVarInt(), in.readBytes(), in.readByteArrays()));
    }

    /** A hash value: whether it is compact, its field count, then each field and value. */
    public static void write(HashValue hash, EventOutput out) {
        out.writeBoolean(hash.compact()).writeVarInt(hash.size());
        hash.forEach((field, value) -> out.writeBytes(field).writeBytes(value));
    }

    public static HashValue read(EventInput in) {
        boolean compact = in.readBoolean();
        int size = in.readVarInt();
        if (size < 0) {
            throw new MalformedEventException("negative hash size " + size);
        }
        HashValue hash = compact ? new HashValue() : HashValue.table();
        // the form it was saved in is kept: no limit converts it on the way back
        HashValue.Limits keep = new HashValue.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);
        for (int i = 0; i < size; i++) {
            hash.put(in.readBytes(), in.readBytes(), keep);
        }
        return hash;
    }
}
