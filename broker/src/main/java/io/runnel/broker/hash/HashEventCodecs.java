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
        codecs.register(202, HashEvents.FieldsUpdated.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeByteArrays(e.fieldsAndValues())
                        .writeVarInt(e.maxListpackEntries()).writeVarInt(e.maxListpackValue()),
                (in, v) -> new HashEvents.FieldsUpdated(in.readVarInt(), in.readBytes(), in.readByteArrays(), in.readVarInt(),
                        in.readVarInt()));
        codecs.register(203, HashEvents.FieldsExpiring.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeVarLong(e.at()).writeByteArrays(e.fields()),
                (in, v) -> new HashEvents.FieldsExpiring(in.readVarInt(), in.readBytes(), in.readVarLong(), in.readByteArrays()));
        codecs.register(204, HashEvents.FieldsPersisted.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeByteArrays(e.fields()),
                (in, v) -> new HashEvents.FieldsPersisted(in.readVarInt(), in.readBytes(), in.readByteArrays()));
    }

    // the form byte of a hash value; the first two are the forms written before fields could expire
    private static final int TABLE = 0;
    private static final int COMPACT = 1;
    private static final int TABLE_WITH_EXPIRY = 2;
    private static final int COMPACT_WITH_EXPIRY = 3;

    /**
     * A hash value: its form (compact or table, keeping expiry times or not), its field count,
     * then each field and value in order, each followed by its expiry time when the form keeps them.
     */
    public static void write(HashValue hash, EventOutput out) {
        boolean expiry = hash.expiryEnabled();
        int form = hash.compact() ? (expiry ? COMPACT_WITH_EXPIRY : COMPACT) : (expiry ? TABLE_WITH_EXPIRY : TABLE);
        out.writeByte(form).writeVarInt(hash.size());
        hash.forEachEntry((field, value, deadline) -> {
            out.writeBytes(field).writeBytes(value);
            if (expiry) {
                out.writeVarLong(deadline);
            }
        });
    }

    public static HashValue read(EventInput in) {
        int form = in.readByte();
        if (form < TABLE || form > COMPACT_WITH_EXPIRY) {
            throw new MalformedEventException("unknown hash form " + form);
        }
        int size = in.readVarInt();
        if (size < 0) {
            throw new MalformedEventException("negative hash size " + size);
        }
        boolean expiry = form == TABLE_WITH_EXPIRY || form == COMPACT_WITH_EXPIRY;
        // the form and order it was saved in are kept: no limit converts it on the way back
        HashValue hash = HashValue.restoring(form == COMPACT || form == COMPACT_WITH_EXPIRY, expiry);
        for (int i = 0; i < size; i++) {
            hash.restoreEntry(in.readBytes(), in.readBytes(), expiry ? in.readVarLong() : 0);
        }
        return hash;
    }
}
