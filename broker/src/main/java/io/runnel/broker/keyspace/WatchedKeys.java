package io.runnel.broker.keyspace;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The watched keys of one slot range and who watches them. A change to a watched key marks its
 * watches dirty, as Redis's touchWatchedKey does, with Redis's exception: a key that had
 * already expired when it was watched and is then removed has not changed logically. Flushes
 * and swaps of databases touch the watched keys that existed in them (touchAllWatchedKeysInDb).
 * Registrations of watches that ended are dropped lazily.
 */
final class WatchedKeys {

    private record DbKey(int db, ByteBuffer key) {
    }

    private static final class Registration {
        final KeyWatch watch;
        /** The key existed but had expired when it was watched (Redis's watchedKey.expired). */
        boolean expired;

        Registration(KeyWatch watch, boolean expired) {
            this.watch = watch;
            this.expired = expired;
        }
    }

    private final Map<DbKey, List<Registration>> byKey = new HashMap<>();

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    void watch(int db, byte[] key, KeyWatch watch, boolean expired) {
        List<Registration> registrations = byKey.computeIfAbsent(new DbKey(db, ByteBuffer.wrap(key)), k -> new ArrayList<>(2));
        for (Registration registration : registrations) {
            if (registration.watch == watch) {
                return; // watched again: Redis keeps the first registration
            }
        }
        registrations.add(new Registration(watch, expired));
    }

    /** Whether {@code watch} watched the key while it was live and it has expired since (EXEC aborts then). */
    boolean expiredSince(int db, byte[] key, KeyWatch watch, boolean expiredNow) {
        List<Registration> registrations = byKey.get(new DbKey(db, ByteBuffer.wrap(key)));
        if (registrations != null) {
            for (Registration registration : registrations) {
                if (registration.watch == watch) {
                    return !registration.expired && expiredNow;
                }
            }
        }
        return false;
    }

    /** After a change to a key; {@code existsNow} tells whether it is still stored. */
    void touched(int db, byte[] key, boolean existsNow) {
        DbKey at = new DbKey(db, ByteBuffer.wrap(key));
        List<Registration> registrations = byKey.get(at);
        if (registrations == null) {
            return;
        }
        Iterator<Registration> it = registrations.iterator();
        while (it.hasNext()) {
            Registration registration = it.next();
            if (registration.watch.finished()) {
                it.remove();
            } else if (registration.expired && !existsNow) {
                registration.expired = false; // an expired key removed: no logical change
            } else {
                registration.watch.touch();
                it.remove();
            }
        }
        if (registrations.isEmpty()) {
            byKey.remove(at);
        }
    }

    /** Before database {@code db} (every database when negative) is emptied. */
    void flushing(int db, ShardState state) {
        for (Map.Entry<DbKey, List<Registration>> watched : byKey.entrySet()) {
            DbKey at = watched.getKey();
            if ((db < 0 || at.db() == db) && state.database(at.db()).get(at.key().array()) != null) {
                for (Registration registration : watched.getValue()) {
                    if (registration.expired) {
                        registration.expired = false;
                    } else {
                        registration.watch.touch();
                    }
                }
            }
        }
    }

    /** Before databases {@code first} and {@code second} swap contents. */
    void swapping(int first, int second, ShardState state) {
        long now = System.currentTimeMillis();
        for (Map.Entry<DbKey, List<Registration>> watched : byKey.entrySet()) {
            DbKey at = watched.getKey();
            if (at.db() != first && at.db() != second) {
                continue;
            }
            Entry before = state.database(at.db()).get(at.key().array());
            Entry after = state.database(at.db() == first ? second : first).get(at.key().array());
            if (before == null && after == null) {
                continue;
            }
            boolean afterExpired = after != null && after.expireAt != Entry.NO_EXPIRY && after.expireAt <= now;
            for (Registration registration : watched.getValue()) {
                if (registration.expired) {
                    if (after == null) {
                        registration.expired = false;
                        continue;
                    }
                    if (afterExpired) {
                        continue;
                    }
                } else if (before == null && afterExpired) {
                    registration.expired = true;
                    continue;
                }
                registration.watch.touch();
            }
        }
    }

    /** Drops the registrations of watches that ended. */
    void prune() {
        byKey.values().removeIf(registrations -> {
            registrations.removeIf(registration -> registration.watch.finished());
            return registrations.isEmpty();
        });
    }
}
