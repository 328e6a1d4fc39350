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

    private static void setFields(ShardState state, int db, byte[] key, byte[][] fieldsAndValues, int maxListpackEntries,
                                  int maxListpackValue, boolean keepDeadlines) {
        HashValue hash = hashCreatedAt(state, db, key);
        HashValue.Limits limits = new HashValue.Limits(maxListpackEntries, maxListpackValue);
        for (int i = 0; i + 1 < fieldsAndValues.length; i += 2) {
            hash.put(fieldsAndValues[i], fieldsAndValues[i + 1], limits, keepDeadlines);
        }
        state.changedInPlace(db, key);
    }

    /**
     * Fields set to values (field, value, field, value...), the hash created when missing; it
     * becomes a table beyond the listpack limits in force when the command ran. A field
     * overwritten loses its expiry time.
     */
    public record FieldsSet(int db, byte[] key, byte[][] fieldsAndValues, int maxListpackEntries,
                            int maxListpackValue) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            setFields(state, db, key, fieldsAndValues, maxListpackEntries, maxListpackValue, false);
        }
    }

    /** As {@link FieldsSet}, but an overwritten field keeps its expiry time (HINCRBY, HINCRBYFLOAT). */
    public record FieldsUpdated(int db, byte[] key, byte[][] fieldsAndValues, int maxListpackEntries,
                                int maxListpackValue) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            setFields(state, db, key, fieldsAndValues, maxListpackEntries, maxListpackValue, true);
        }
    }

    /**
     * Fields given an expiry time (unix milliseconds), in the order listed: a compact hash places
     * each before the entries whose time is not earlier. With no fields it only prepares the hash
     * to keep times (a field-expiry command reached it), which OBJECT ENCODING shows.
     */
    public record FieldsExpiring(int db, byte[] key, long at, byte[][] fields) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            if (!(state.valueAt(db, key) instanceof HashValue hash)) {
                return;
            }
            hash.enableExpiry();
            for (byte[] field : fields) {
                hash.expireAt(field, at);
            }
            if (fields.length > 0) {
                state.registerTimed(db, key);
                state.changedInPlace(db, key);
            }
        }
    }

    /** Fields whose expiry time was dropped (HPERSIST), in the order listed. */
    public record FieldsPersisted(int db, byte[] key, byte[][] fields) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            if (!(state.valueAt(db, key) instanceof HashValue hash)) {
                return;
            }
            for (byte[] field : fields) {
                hash.persist(field);
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
