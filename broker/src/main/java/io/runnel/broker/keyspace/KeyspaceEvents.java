package io.runnel.broker.keyspace;

/** The events shared by every data type: values replaced, keys removed, expiry, databases. */
public final class KeyspaceEvents {

    /** Marks a {@link ValueSet} that keeps the key's current expiry (SET KEEPTTL, INCR, ...). */
    public static final long KEEP_EXPIRY = -2;

    private KeyspaceEvents() {
    }

    /** A key now holds {@code value}; {@code expireAt} is absolute (ms), NO_EXPIRY or KEEP_EXPIRY. */
    public record ValueSet(int db, byte[] key, Value value, long expireAt) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            Database database = state.database(db);
            Entry existing = database.get(key);
            long expiry = expireAt;
            if (expiry == KEEP_EXPIRY) {
                expiry = existing == null ? Entry.NO_EXPIRY : existing.expireAt;
            }
            if (existing != null && existing.value != value) {
                state.accessClock().overwritten(existing.value, value);
            }
            database.put(key, value, expiry);
            if (existing == null) {
                state.notify(KeyEvent.NEW, db, key);
            }
            if (value instanceof TimedValue) {
                state.registerTimed(db, key); // a copied or renamed value keeps its periodic work
            }
            state.keyChanged(db, key);
        }
    }

    /**
     * A string stored in a shared or compact form takes its own raw copy before a command edits
     * it in place (SETBIT, SETRANGE, APPEND, ...), as Redis's dbUnshareStringValue does: the
     * bytes do not change, so neither WATCH nor waiting clients see a change.
     */
    public record StringUnshared(int db, byte[] key) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            Entry existing = state.database(db).get(key);
            if (existing != null && existing.value instanceof StringValue string) {
                StringValue raw = StringValue.raw(java.util.Arrays.copyOf(string.array(), string.length()));
                state.accessClock().overwritten(string, raw);
                state.database(db).put(key, raw, existing.expireAt);
            }
        }
    }

    public enum RemovalCause { DELETED, EXPIRED }

    public record KeyRemoved(int db, byte[] key, RemovalCause cause) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            if (state.database(db).remove(key) != null) {
                state.keyChanged(db, key);
            }
        }
    }

    /** The key's expiry becomes {@code expireAt} (absolute ms), or is removed with NO_EXPIRY. */
    public record ExpirySet(int db, byte[] key, long expireAt) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            Database database = state.database(db);
            Entry entry = database.get(key);
            if (entry != null) {
                database.setExpiry(entry, expireAt);
                state.keyChanged(db, key);
            }
        }
    }

    public record StringAppended(int db, byte[] key, byte[] suffix) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            Database database = state.database(db);
            Entry entry = database.get(key);
            if (entry == null) {
                // APPEND emits a ValueSet when its key is missing; should this event still meet
                // no key, the suffix becomes the value
                database.put(key, StringValue.raw(suffix.clone()), Entry.NO_EXPIRY);
                state.notify(KeyEvent.NEW, db, key);
            } else {
                ((StringValue) entry.value).append(suffix);
            }
            state.keyChanged(db, key);
        }
    }

    public record StringRangeWritten(int db, byte[] key, int offset, byte[] data) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            Database database = state.database(db);
            Entry entry = database.get(key);
            if (entry == null) {
                byte[] bytes = new byte[offset + data.length];
                System.arraycopy(data, 0, bytes, offset, data.length);
                database.put(key, StringValue.raw(bytes), Entry.NO_EXPIRY);
                state.notify(KeyEvent.NEW, db, key);
            } else {
                ((StringValue) entry.value).writeAt(offset, data);
            }
            state.keyChanged(db, key);
        }
    }

    /** Every key of database {@code db} in this slot range is gone; db -1 means all databases. */
    public record DatabaseFlushed(int db) implements KeyspaceEvent {
        @Override
        public byte[] key() {
            return null;
        }

        @Override
        public void applyTo(ShardState state) {
            if (db < 0) {
                for (int i = 0; i < state.databaseCount(); i++) {
                    state.database(i).clear();
                }
            } else {
                state.database(db).clear();
            }
            state.databaseChanged(db);
        }
    }

    public record DatabasesSwapped(int first, int second) implements KeyspaceEvent {
        @Override
        public int db() {
            return -1;
        }

        @Override
        public byte[] key() {
            return null;
        }

        @Override
        public void applyTo(ShardState state) {
            state.swap(first, second);
            state.databaseChanged(first);
            state.databaseChanged(second);
        }
    }
}
