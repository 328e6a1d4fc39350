package io.runnel.broker.keyspace;

/** One key of a database: its value, its expiry and the bookkeeping of the table it is in. */
public final class Entry {

    public static final long NO_EXPIRY = -1;

    final byte[] key;
    final int hash;
    Value value;
    long expireAt = NO_EXPIRY;
    Entry next;
    /** Position in the database's list of keys with an expiry, or -1. */
    int expiringIndex = -1;

    Entry(byte[] key, int hash, Value value) {
        this.key = key;
        this.hash = hash;
        this.value = value;
    }

    public byte[] key() {
        return key;
    }

    public Value value() {
        return value;
    }

    public long expireAt() {
        return expireAt;
    }

    public boolean hasExpiry() {
        return expireAt != NO_EXPIRY;
    }
}
