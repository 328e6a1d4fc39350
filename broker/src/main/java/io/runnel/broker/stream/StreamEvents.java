package io.runnel.broker.stream;

import io.runnel.broker.keyspace.KeyspaceEvent;
import io.runnel.broker.keyspace.ShardState;

import java.util.List;

/** The deterministic changes stream commands are reduced to. */
public final class StreamEvents {

    private StreamEvents() {
    }

    private static StreamValue streamAt(ShardState state, int db, byte[] key) {
        return (StreamValue) state.valueAt(db, key);
    }

    /** An entry with its concrete ID (never "*"): the stream is created when missing. */
    public record EntryAdded(int db, byte[] key, StreamId id, byte[][] fieldsAndValues) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            StreamValue stream = streamAt(state, db, key);
            if (stream == null) {
                stream = new StreamValue();
                state.createKey(db, key, stream);
            }
            stream.append(id, fieldsAndValues);
            state.changedInPlace(db, key);
        }
    }

    public record EntriesDeleted(int db, byte[] key, List<StreamId> ids) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            StreamValue stream = streamAt(state, db, key);
            for (StreamId id : ids) {
                stream.delete(id);
            }
            state.changedInPlace(db, key);
        }
    }

    /**
     * A trim by MAXLEN or MINID. Trimming is a pure function of the stream and these settings,
     * so the event records the settings and replay removes exactly what the command removed.
     */
    public record Trimmed(int db, byte[] key, boolean byMaxLen, long maxLen, StreamId minId, boolean approximate,
                          long limit) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            streamAt(state, db, key).trim(byMaxLen, maxLen, minId, approximate, limit);
            state.changedInPlace(db, key);
        }
    }
}
