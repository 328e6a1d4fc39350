package io.runnel.broker.hash;

import io.runnel.broker.keyspace.KeyspaceEvent;
import io.runnel.broker.keyspace.ShardState;

/**
 * The events of hashes. Field values are carried as written (an HINCRBY records the sum it
 * stored), so a replay stores exactly what the command stored.
 */
public final class HashEvents {

    private HashEvents() {
    }

    private static HashValue hashCreatedAt(ShardState state, int db, byte[] key) {
        HashValue hash = (HashValue) state.valueAt(db, key);
        if (hash == null) {
            hash = new HashValue();
            state.createKey(db, key, hash);
        }
        return hash;
    }

    /**
     * Fields set to values (field, value, field, value...), the hash created when missing; it
     * becomes a table beyond the listpack limits in force when the command ran.
     */
    public record FieldsSet(int db, byte[] key, byte[][] fieldsAndValues, int maxListpackEntries,
                            int maxListpackValue) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            HashValue hash = hashCreatedAt(state, db, key);
            HashValue.Limits limits = new HashValue.Limits(maxListpackEntries, maxListpackValue);
            for (int i = 0; i + 1 < fieldsAndValues.length; i += 2) {
                hash.put(fieldsAndValues[i], fieldsAndValues[i + 1], limits);
            }
            state.changedInPlace(db, key);
        }
    }

    /** Fields removed; a hash left empty is removed with them, as Redis removes it. */
    public record FieldsDeleted(int db, byte[] key, byte[][] fields) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            if (!(state.valueAt(db, key) instanceof HashValue hash)) {
                return;
            }
            for (byte[] field : fields) {
                hash.remove(field);
            }
            state.shrunk(db, key, hash.size());
        }
    }
}
