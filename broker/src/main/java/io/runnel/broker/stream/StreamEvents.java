package io.runnel.broker.stream;

import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.KeyspaceEvent;
import io.runnel.broker.keyspace.ShardState;

import java.util.List;

/** The deterministic changes stream commands are reduced to. */
public final class StreamEvents {

    /**
     * The group's consumer, created if it is new. A consumer comes into being wherever a read or
     * claim first names it, so its creation is announced here (xgroup-createconsumer, as Redis
     * announces it) rather than by each command.
     */
    private static ConsumerGroup.Consumer consumerOf(ShardState state, int db, byte[] key, ConsumerGroup group,
                                                     byte[] name, long time) {
        ConsumerGroup.Consumer existing = group.consumers().get(name);
        if (existing != null) {
            return existing;
        }
        ConsumerGroup.Consumer created = group.consumer(name, time);
        state.notify(KeyEvent.XGROUP_CREATECONSUMER, db, key);
        return created;
    }


    private StreamEvents() {
    }

    /**
     * Consumer-group bookkeeping and Runnel's own settings: changes WATCH does not see, as
     * Redis's consumer-group commands make no watched key dirty (unless they create the stream).
     */
    private interface Bookkeeping extends KeyspaceEvent {
        @Override
        default boolean touchesWatchedKey() {
            return false;
        }
    }

    private static StreamValue streamAt(ShardState state, int db, byte[] key) {
        return (StreamValue) state.valueAt(db, key);
    }

    /** The stream at {@code key}, created empty when missing. */
    private static StreamValue streamCreatedAt(ShardState state, int db, byte[] key) {
        StreamValue stream = streamAt(state, db, key);
        if (stream == null) {
            stream = new StreamValue();
            state.createKey(db, key, stream);
        }
        return stream;
    }

    /** An entry with its concrete ID (never "*"): the stream is created when missing. */
    public record EntryAdded(int db, byte[] key, StreamId id, byte[][] fieldsAndValues) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            StreamValue stream = streamCreatedAt(state, db, key);
            stream.append(id, fieldsAndValues);
            state.changedInPlace(db, key);
        }
    }

    public record EntriesDeleted(int db, byte[] key, List<StreamId> ids) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            StreamValue stream = streamAt(state, db, key);
            long before = stream.length();
            for (StreamId id : ids) {
                stream.delete(id);
            }
            if (stream.length() < before) {
                state.changedInPlace(db, key); // deleting absent IDs changes nothing (WATCH, waiters)
            }
        }
    }

    /**
     * A trim by MAXLEN or MINID. Trimming is a pure function of the stream and these settings,
     * so the event records the settings and replay removes exactly what the command removed.
     */
    public record Trimmed(int db, byte[] key, boolean byMaxLen, long maxLen, StreamId minId, boolean approximate,
                          long limit, ReferencePolicy policy) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            if (streamAt(state, db, key).trim(byMaxLen, maxLen, minId, approximate, limit, policy) > 0) {
                state.changedInPlace(db, key); // a trim that removes nothing changes nothing (WATCH, waiters)
            }
        }
    }

    /** XGROUP CREATE; creates an empty stream when MKSTREAM allowed it and the key is missing. */
    public record GroupCreated(int db, byte[] key, byte[] group, StreamId lastDelivered, long entriesRead)
            implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            StreamValue stream = streamCreatedAt(state, db, key);
            stream.createGroup(group, lastDelivered, entriesRead);
            state.changedInPlace(db, key);
        }
    }

    public record GroupDestroyed(int db, byte[] key, byte[] group) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            streamAt(state, db, key).destroyGroup(group);
            state.changedInPlace(db, key);
        }
    }

    /** XGROUP SETID: the group's last delivered ID and read counter are set. */
    public record GroupIdSet(int db, byte[] key, byte[] group, StreamId lastDelivered, long entriesRead)
            implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            ConsumerGroup consumerGroup = streamAt(state, db, key).group(group);
            consumerGroup.lastDeliveredId = lastDelivered;
            consumerGroup.entriesRead = entriesRead;
        }
    }

    public record ConsumerCreated(int db, byte[] key, byte[] group, byte[] consumer, long time) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            consumerOf(state, db, key, streamAt(state, db, key).group(group), consumer, time);
        }
    }

    /** XGROUP DELCONSUMER: the consumer and the pending entries it owned are gone. */
    public record ConsumerDeleted(int db, byte[] key, byte[] group, byte[] consumer) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            ConsumerGroup consumerGroup = streamAt(state, db, key).group(group);
            ConsumerGroup.Consumer removed = consumerGroup.consumers.remove(consumer);
            if (removed != null) {
                removed.pending.keySet().forEach(consumerGroup.pending::remove);
            }
        }
    }

    /**
     * A read by a consumer of a group, at {@code time}: entries newly delivered (">") and
     * entries of its own pending list delivered again (a history read). The consumer is created
     * if needed and marked as seen.
     */
    public record Delivered(int db, byte[] key, byte[] group, byte[] consumer, long time, List<StreamId> newIds,
                            boolean noAck, List<StreamId> redelivered) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            StreamValue stream = streamAt(state, db, key);
            ConsumerGroup consumerGroup = stream.group(group);
            ConsumerGroup.Consumer reader = consumerOf(state, db, key, consumerGroup, consumer, time);
            reader.seenTime = time;
            if (!newIds.isEmpty() || !redelivered.isEmpty()) {
                reader.activeTime = time;
            }
            stream.deliverNew(consumerGroup, reader, time, newIds, noAck);
            for (StreamId id : redelivered) {
                ConsumerGroup.PendingEntry entry = reader.pending.get(id);
                if (entry != null) {
                    entry.deliveryCount++;
                    entry.deliveryTime = time;
                }
            }
        }
    }

    public record Acknowledged(int db, byte[] key, byte[] group, List<StreamId> ids) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            ConsumerGroup consumerGroup = streamAt(state, db, key).group(group);
            for (StreamId id : ids) {
                ConsumerGroup.PendingEntry entry = consumerGroup.pending.remove(id);
                if (entry != null) {
                    entry.consumer.pending.remove(id);
                }
            }
        }
    }

    /**
     * XCLAIM / XAUTOCLAIM: each claimed entry is now the consumer's, delivered at
     * {@code deliveryTime} with the given delivery count; entries that no longer exist in the
     * stream are dropped from the pending list; the group's last delivered ID may move forward
     * (XCLAIM LASTID).
     */
    public record Claimed(int db, byte[] key, byte[] group, byte[] consumer, long time, List<StreamId> ids,
                          List<Long> deliveryCounts, long deliveryTime, List<StreamId> dropped, StreamId lastDelivered)
            implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            ConsumerGroup consumerGroup = streamAt(state, db, key).group(group);
            if (lastDelivered != null && lastDelivered.compareTo(consumerGroup.lastDeliveredId) > 0) {
                consumerGroup.lastDeliveredId = lastDelivered;
            }
            for (StreamId id : dropped) {
                ConsumerGroup.PendingEntry entry = consumerGroup.pending.remove(id);
                if (entry != null) {
                    entry.consumer.pending.remove(id);
                }
            }
            if (ids.isEmpty()) {
                return;
            }
            ConsumerGroup.Consumer owner = consumerOf(state, db, key, consumerGroup, consumer, time);
            owner.seenTime = time;
            owner.activeTime = time;
            for (int i = 0; i < ids.size(); i++) {
                StreamId id = ids.get(i);
                ConsumerGroup.PendingEntry entry = consumerGroup.pending.get(id);
                if (entry == null) {
                    entry = new ConsumerGroup.PendingEntry(owner, deliveryTime, 0);
                    consumerGroup.pending.put(id, entry);
                } else if (entry.consumer != owner) {
                    entry.consumer.pending.remove(id);
                    entry.consumer = owner;
                }
                owner.pending.put(id, entry);
                entry.deliveryTime = deliveryTime;
                entry.deliveryCount = deliveryCounts.get(i);
            }
        }
    }

    /** XSETID: the last ID, and optionally the entries-added counter and the largest deleted ID. */
    public record IdsSet(int db, byte[] key, StreamId lastId, long entriesAdded, StreamId maxDeletedId)
            implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            streamAt(state, db, key).setIds(lastId, entriesAdded, maxDeletedId);
            state.changedInPlace(db, key);
        }
    }

    /** DELREF: the IDs leave the pending lists of every group (the entries may be gone already). */
    public record ReferencesDropped(int db, byte[] key, List<StreamId> ids) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            streamAt(state, db, key).dropReferences(ids);
        }
    }

    /** Runnel's retention: entries older than {@code maxAgeMillis} are trimmed over time (0: off). */
    public record RetentionSet(int db, byte[] key, long maxAgeMillis) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            streamAt(state, db, key).maxAgeMillis(maxAgeMillis);
            if (maxAgeMillis > 0) {
                state.registerTimed(db, key);
            }
        }
    }

    /** Runnel's dead-letter setting of a group: after {@code maxDeliveries} (0: off) entries move to {@code target}. */
    public record DeadLetterSet(int db, byte[] key, byte[] group, long maxDeliveries, byte[] target) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            ConsumerGroup consumerGroup = streamAt(state, db, key).group(group);
            consumerGroup.maxDeliveries = maxDeliveries;
            consumerGroup.deadLetterKey = maxDeliveries > 0 ? target : null;
        }
    }

    /** Runnel's delayed entry: kept out of sight until {@code slot.ms()}, then appended. */
    public record EntryScheduled(int db, byte[] key, StreamId slot, byte[][] fieldsAndValues) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            StreamValue stream = streamCreatedAt(state, db, key);
            stream.schedule(slot, fieldsAndValues);
            state.registerTimed(db, key);
        }
    }

    /** A delayed entry was appended (by the EntryAdded before this event) and leaves the schedule. */
    public record ScheduledReleased(int db, byte[] key, StreamId slot) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            streamAt(state, db, key).release(slot);
        }
    }

    /** An idempotent XADD added {@code entry}: the producer's idempotent ID now refers to it. */
    public record IdempotentRecorded(int db, byte[] key, byte[] producer, byte[] idempotentId, StreamId entry, long time)
            implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            streamAt(state, db, key).recordIdempotent(producer, idempotentId, entry, time);
        }
    }

    /** XCFGSET: new idempotency settings (what was remembered is forgotten). */
    public record IdempotencyConfigured(int db, byte[] key, int durationSeconds, int maxSize) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            streamAt(state, db, key).configureIdempotency(durationSeconds, maxSize);
        }
    }

    /**
     * XNACK: the entries leave their consumers and become unowned, with no delivery time (they
     * can be claimed at once) and the given delivery counts; FORCE may add entries to the list.
     */
    public record Nacked(int db, byte[] key, byte[] group, List<StreamId> ids, List<Long> deliveryCounts) implements Bookkeeping {
        @Override
        public void applyTo(ShardState state) {
            ConsumerGroup consumerGroup = streamAt(state, db, key).group(group);
            for (int i = 0; i < ids.size(); i++) {
                StreamId id = ids.get(i);
                ConsumerGroup.PendingEntry entry = consumerGroup.pending.get(id);
                if (entry == null) {
                    entry = new ConsumerGroup.PendingEntry(consumerGroup.unowned, -1, 0);
                    consumerGroup.pending.put(id, entry);
                } else {
                    entry.consumer.pending.remove(id);
                    entry.consumer = consumerGroup.unowned;
                }
                consumerGroup.unowned.pending.put(id, entry);
                entry.deliveryTime = -1;
                entry.deliveryCount = deliveryCounts.get(i);
            }
        }
    }
}
