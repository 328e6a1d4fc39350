package io.runnel.broker.stream;

import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyAccess;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.KeyspaceEvent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runnel's dead-letter queues: a group may allow each entry a number of deliveries; an entry
 * about to be delivered once more than that (by a claim) is appended instead to the group's
 * dead-letter stream, with where it came from, and acknowledged. The dead-letter stream shares
 * the stream's hash slot, so the move happens in one entity, atomically.
 */
final class DeadLetters {

    private DeadLetters() {
    }

    /** Whether delivering this pending entry again would exceed the group's allowance. */
    static boolean exhausted(ConsumerGroup group, ConsumerGroup.PendingEntry pending) {
        return group.maxDeliveries > 0 && pending.deliveryCount() >= group.maxDeliveries;
    }

    /**
     * Moves the entries to the group's dead-letter stream: each becomes an entry with fields
     * source-stream, source-id, group, consumer and deliveries, followed by its own fields;
     * then the group acknowledges them. Entries whose dead-letter stream holds another type
     * stay pending.
     */
    static void move(Consumer<KeyspaceEvent> emit, KeyAccess keys, long now, int db, byte[] key, StreamValue stream,
                     ConsumerGroup group, List<StreamId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        byte[] target = group.deadLetterKey;
        Entry existing = keys.peek(db, target, now);
        if (existing != null && !(existing.value() instanceof StreamValue)) {
            return;
        }
        for (StreamId id : ids) {
            ConsumerGroup.PendingEntry pending = group.pending().get(id);
            byte[][] fields = stream.entry(id);
            byte[][] letter = new byte[10 + (fields == null ? 0 : fields.length)][];
            letter[0] = bytes("source-stream");
            letter[1] = key;
            letter[2] = bytes("source-id");
            letter[3] = id.bytes();
            letter[4] = bytes("group");
            letter[5] = group.name();
            letter[6] = bytes("consumer");
            letter[7] = pending.consumer().name();
            letter[8] = bytes("deliveries");
            letter[9] = bytes(Long.toString(pending.deliveryCount()));
            if (fields != null) {
                System.arraycopy(fields, 0, letter, 10, fields.length);
            }
            Entry current = keys.peek(db, target, now);
            StreamId last = current == null ? StreamId.MIN : ((StreamValue) current.value()).lastId();
            StreamId letterId = Long.compareUnsigned(now, last.ms()) > 0 ? new StreamId(now, 0) : last.next();
            if (letterId == null) {
                return; // the dead-letter stream has used up its IDs: leave the rest pending
            }
            emit.accept(new StreamEvents.EntryAdded(db, target, letterId, letter));
            keys.notify(KeyEvent.XADD, db, target);
            emit.accept(new StreamEvents.Acknowledged(db, key, group.name(), List.of(id)));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
