package io.runnel.broker.persist;

import io.runnel.broker.keyspace.ShardState;

/**
 * The binary form of a whole slot range: a version, then per database its key count and each
 * key with its expiry and value ({@link ValueCodec}). A snapshot replaces the events before it
 * at start-up; only the journal's later events are replayed on top.
 */
public final class ShardSnapshot {

    private static final int VERSION = 1;

    private ShardSnapshot() {
    }

    public static byte[] write(ShardState state) {
        EventOutput out = new EventOutput(4096);
        out.writeVarInt(VERSION).writeVarInt(state.databaseCount());
        for (int db = 0; db < state.databaseCount(); db++) {
            out.writeVarInt(state.database(db).size());
            state.database(db).forEach(entry -> {
                out.writeBytes(entry.key()).writeLong(entry.expireAt());
                ValueCodec.write(entry.value(), out);
            });
        }
        return out.toByteArray();
    }

    /** Replaces the state's contents with the snapshot's. */
    public static void read(byte[] snapshot, ShardState state) {
        EventInput in = new EventInput(snapshot);
        int version = in.readVarInt();
        if (version != VERSION) {
            throw new MalformedEventException("snapshot version " + version + " is newer than this Runnel reads");
        }
        int databases = in.readVarInt();
        if (databases > state.databaseCount()) {
            throw new MalformedEventException("the snapshot has " + databases + " databases, the server "
                    + state.databaseCount() + " (raise 'databases')");
        }
        state.clearForSnapshot();
        for (int db = 0; db < databases; db++) {
            int keys = in.readVarInt();
            for (int k = 0; k < keys; k++) {
                byte[] key = in.readBytes();
                long expireAt = in.readLong();
                state.restoreKey(db, key, ValueCodec.read(in), expireAt);
            }
        }
        in.expectEnd();
        state.restored();
    }
}
