package io.runnel.broker.persist;

import io.runnel.broker.keyspace.KeyspaceEvents.DatabaseFlushed;
import io.runnel.broker.keyspace.KeyspaceEvents.DatabasesSwapped;
import io.runnel.broker.keyspace.KeyspaceEvents.ExpirySet;
import io.runnel.broker.keyspace.KeyspaceEvents.KeyRemoved;
import io.runnel.broker.keyspace.KeyspaceEvents.RemovalCause;
import io.runnel.broker.keyspace.KeyspaceEvents.StringAppended;
import io.runnel.broker.keyspace.KeyspaceEvents.StringUnshared;
import io.runnel.broker.keyspace.KeyspaceEvents.StringRangeWritten;
import io.runnel.broker.keyspace.KeyspaceEvents.ValueSet;

/** The binary forms of the events every data type shares (tags 1-99). */
final class KeyspaceEventCodecs {

    private KeyspaceEventCodecs() {
    }

    static void register(EventCodecs codecs) {
        codecs.register(1, ValueSet.class, 1, (e, out) -> {
            out.writeVarInt(e.db()).writeBytes(e.key()).writeLong(e.expireAt());
            ValueCodec.write(e.value(), out);
        }, (in, version) -> {
            int db = in.readVarInt();
            byte[] key = in.readBytes();
            long expireAt = in.readLong();
            return new ValueSet(db, key, ValueCodec.read(in), expireAt);
        });
        codecs.register(2, KeyRemoved.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeByte(e.cause().ordinal()),
                (in, version) -> new KeyRemoved(in.readVarInt(), in.readBytes(), cause(in.readByte())));
        codecs.register(3, ExpirySet.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeLong(e.expireAt()),
                (in, version) -> new ExpirySet(in.readVarInt(), in.readBytes(), in.readLong()));
        codecs.register(4, StringAppended.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeBytes(e.suffix()),
                (in, version) -> new StringAppended(in.readVarInt(), in.readBytes(), in.readBytes()));
        codecs.register(5, StringRangeWritten.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeVarInt(e.offset()).writeBytes(e.data()),
                (in, version) -> new StringRangeWritten(in.readVarInt(), in.readBytes(), in.readVarInt(), in.readBytes()));
        codecs.register(6, DatabaseFlushed.class, 1,
                (e, out) -> out.writeLong(e.db()),
                (in, version) -> new DatabaseFlushed((int) in.readLong()));
        codecs.register(7, DatabasesSwapped.class, 1,
                (e, out) -> out.writeVarInt(e.first()).writeVarInt(e.second()),
                (in, version) -> new DatabasesSwapped(in.readVarInt(), in.readVarInt()));
        codecs.register(8, StringUnshared.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()),
                (in, version) -> new StringUnshared(in.readVarInt(), in.readBytes()));
    }

    private static RemovalCause cause(int ordinal) {
        if (ordinal >= RemovalCause.values().length) {
            throw new MalformedEventException("unknown removal cause " + ordinal);
        }
        return RemovalCause.values()[ordinal];
    }
}
