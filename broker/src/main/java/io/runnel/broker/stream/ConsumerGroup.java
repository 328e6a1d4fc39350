package io.runnel.broker.stream;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A consumer group of a stream: the last ID delivered to it, how many entries it has read (for
 * lag), its pending entries list (delivered, not yet acknowledged) and its consumers, each with
 * its own view of the pending entries it owns. Consumers are kept in name order, as XINFO lists
 * them. Mutated only by stream events.
 */
public final class ConsumerGroup {

    /** Entries-read value meaning "not known": lag cannot be computed until it is again. */
    public static final long ENTRIES_READ_UNKNOWN = -1;

    final byte[] name;
    StreamId lastDeliveredId;
    long entriesRead;
    final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();
    final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);
    /**
     * The owner of entries released by XNACK: not a consumer of the group (XINFO and XPENDING's
     * summary do not list it), its name is empty, and what it holds can be claimed at once.
     */
    final Consumer unowned = new Consumer(new byte[0], 0);
    /** Runnel's dead-letter setting: deliveries allowed before an entry moves; 0 for none. */
    long maxDeliveries;
    byte[] deadLetterKey;

    ConsumerGroup(byte[] name, StreamId lastDeliveredId, long entriesRead) {
        this.name = name;
        this.lastDeliveredId = lastDeliveredId;
        this.entriesRead = entriesRead;
    }

    public byte[] name() {
        return name;
    }

    public StreamId lastDeliveredId() {
        return lastDeliveredId;
    }

    public long entriesRead() {
        return entriesRead;
    }

    public TreeMap<StreamId, PendingEntry> pending() {
        return pending;
    }

    public long maxDeliveries() {
        return maxDeliveries;
    }

    public byte[] deadLetterKey() {
        return deadLetterKey;
    }

    public Consumer unowned() {
        return unowned;
    }

    public TreeMap<byte[], Consumer> consumers() {
        return consumers;
    }

    Consumer consumer(byte[] consumerName, long now) {
        return consumers.computeIfAbsent(consumerName, n -> new Consumer(n, now));
    }

    /** A pending entry as a serialized group lists it; its owner is given by {@link #restoreOwner}. */
    public void restorePending(StreamId id, long deliveryTime, long deliveryCount) {
        PendingEntry entry = new PendingEntry(unowned, deliveryTime, deliveryCount);
        pending.put(id, entry);
        unowned.pending.put(id, entry);
    }

    public Consumer restoreConsumer(byte[] consumerName, long seenTime, long activeTime) {
        Consumer consumer = new Consumer(consumerName, seenTime);
        consumer.activeTime = activeTime;
        consumers.put(consumerName, consumer);
        return consumer;
    }

    /** Hands a restored pending entry to its consumer; false when the group has no such entry unowned. */
    public boolean restoreOwner(Consumer consumer, StreamId id) {
        PendingEntry entry = unowned.pending.remove(id);
        if (entry == null) {
            return false;
        }
        entry.consumer = consumer;
        consumer.pending.put(id, entry);
        return true;
    }

    /** Whether every pending entry has an owner (a serialized group must give each one). */
    public boolean everyPendingOwned() {
        return unowned.pending.isEmpty();
    }

    /** Writes the group: its counters, settings, consumers and pending entries with their owners. */
    void writeTo(io.runnel.broker.persist.EventOutput out) {
        out.writeBytes(name).writeId(lastDeliveredId).writeLong(entriesRead).writeVarLong(maxDeliveries)
                .writeNullableBytes(deadLetterKey);
        out.writeVarInt(consumers.size());
        java.util.Map<Consumer, Integer> numbers = new java.util.IdentityHashMap<>();
        for (Consumer consumer : consumers.values()) {
            numbers.put(consumer, numbers.size() + 1); // 0 is the unowned holder of XNACKed entries
            out.writeBytes(consumer.name).writeLong(consumer.seenTime).writeLong(consumer.activeTime);
        }
        out.writeVarInt(pending.size());
        pending.forEach((id, entry) -> out.writeId(id)
                .writeVarInt(entry.consumer == unowned ? 0 : numbers.get(entry.consumer))
                .writeLong(entry.deliveryTime).writeLong(entry.deliveryCount));
    }

    static ConsumerGroup readFrom(io.runnel.broker.persist.EventInput in) {
        ConsumerGroup group = new ConsumerGroup(in.readBytes(), in.readId(), in.readLong());
        group.maxDeliveries = in.readVarLong();
        group.deadLetterKey = in.readNullableBytes();
        int consumerCount = in.readVarInt();
        Consumer[] byNumber = new Consumer[consumerCount + 1];
        byNumber[0] = group.unowned;
        for (int i = 1; i <= consumerCount; i++) {
            Consumer consumer = new Consumer(in.readBytes(), in.readLong());
            consumer.activeTime = in.readLong();
            group.consumers.put(consumer.name, consumer);
            byNumber[i] = consumer;
        }
        int pendingCount = in.readVarInt();
        for (int i = 0; i < pendingCount; i++) {
            StreamId id = in.readId();
            int owner = in.readVarInt();
            if (owner < 0 || owner >= byNumber.length) {
                throw new io.runnel.broker.persist.MalformedEventException("pending entry of an unknown consumer");
            }
            PendingEntry entry = new PendingEntry(byNumber[owner], in.readLong(), in.readLong());
            group.pending.put(id, entry);
            byNumber[owner].pending.put(id, entry);
        }
        return group;
    }

    ConsumerGroup copy() {
        ConsumerGroup copy = new ConsumerGroup(name, lastDeliveredId, entriesRead);
        copy.maxDeliveries = maxDeliveries;
        copy.deadLetterKey = deadLetterKey;
        for (Consumer consumer : consumers.values()) {
            Consumer c = new Consumer(consumer.name, consumer.seenTime);
            c.activeTime = consumer.activeTime;
            copy.consumers.put(c.name, c);
        }
        pending.forEach((id, entry) -> {
            Consumer owner = entry.consumer == unowned ? copy.unowned : copy.consumers.get(entry.consumer.name);
            PendingEntry e = new PendingEntry(owner, entry.deliveryTime, entry.deliveryCount);
            copy.pending.put(id, e);
            owner.pending.put(id, e);
        });
        return copy;
    }

    /** A consumer of the group and the pending entries it owns. */
    public static final class Consumer {
        final byte[] name;
        long seenTime;
        long activeTime = -1;
        final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();

        Consumer(byte[] name, long seenTime) {
            this.name = name;
            this.seenTime = seenTime;
        }

        public byte[] name() {
            return name;
        }

        public long seenTime() {
            return seenTime;
        }

        public long activeTime() {
            return activeTime;
        }

        public TreeMap<StreamId, PendingEntry> pending() {
            return pending;
        }
    }

    /** An entry delivered and not acknowledged: who has it, since when, how many deliveries. */
    public static final class PendingEntry {
        Consumer consumer;
        long deliveryTime;
        long deliveryCount;

        PendingEntry(Consumer consumer, long deliveryTime, long deliveryCount) {
            this.consumer = consumer;
            this.deliveryTime = deliveryTime;
            this.deliveryCount = deliveryCount;
        }

        public Consumer consumer() {
            return consumer;
        }

        public long deliveryTime() {
            return deliveryTime;
        }

        public long deliveryCount() {
            return deliveryCount;
        }
    }
}
