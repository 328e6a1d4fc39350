package io.runnel.broker.keyspace;

import io.runnel.broker.keyspace.KeyspaceEvents.ValueSet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mechanism blocking commands (BLPOP, XREAD BLOCK, ...) are built on: a client waits in the
 * entity that owns its key and is offered the key, first come first served, after a write.
 */
class BlockedClientMechanismTest {

    private static final byte[] KEY = "queue".getBytes(StandardCharsets.UTF_8);

    /** Takes the value of the key it waits for, as a pop would, when there is one. */
    private static final class TakingWaiter implements KeyWaiter {
        final String name;
        final List<String> served;
        final AtomicBoolean done;

        TakingWaiter(String name, List<String> served, AtomicBoolean done) {
            this.name = name;
            this.served = served;
            this.done = done;
        }

        @Override
        public boolean keyReady(ShardState state, int db, byte[] key) {
            Entry entry = state.database(db).get(key);
            if (entry == null || !done.compareAndSet(false, true)) {
                return done.get();
            }
            served.add(name + ":" + new String(((StringValue) entry.value()).bytes(), StandardCharsets.UTF_8));
            state.emit(new KeyspaceEvents.KeyRemoved(db, key, KeyspaceEvents.RemovalCause.DELETED));
            return true;
        }

        @Override
        public boolean finished() {
            return done.get();
        }
    }

    private static ShardState shard() {
        return new ShardState(0, 16, new KeyspaceStats(1, 16));
    }

    @Test
    void writesWakeWaitersInTheOrderTheyBlocked() {
        ShardState state = shard();
        List<String> served = new ArrayList<>();
        state.block(0, KEY, new TakingWaiter("first", served, new AtomicBoolean()));
        state.block(0, KEY, new TakingWaiter("second", served, new AtomicBoolean()));
        assertEquals(2, state.blockedOn(0, KEY));

        state.emit(new ValueSet(0, KEY, StringValue.of("job-1".getBytes(StandardCharsets.UTF_8)), Entry.NO_EXPIRY));
        state.serveReadyKeys();
        assertEquals(List.of("first:job-1"), served);
        assertEquals(1, state.blockedOn(0, KEY));

        state.emit(new ValueSet(0, KEY, StringValue.of("job-2".getBytes(StandardCharsets.UTF_8)), Entry.NO_EXPIRY));
        state.serveReadyKeys();
        assertEquals(List.of("first:job-1", "second:job-2"), served);
        assertEquals(0, state.blockedOn(0, KEY));
    }

    @Test
    void writesToOtherKeysOrDatabasesDoNotWakeAnyone() {
        ShardState state = shard();
        List<String> served = new ArrayList<>();
        state.block(0, KEY, new TakingWaiter("w", served, new AtomicBoolean()));
        state.emit(new ValueSet(1, KEY, StringValue.of(new byte[] {'x'}), Entry.NO_EXPIRY));
        state.emit(new ValueSet(0, "other".getBytes(StandardCharsets.UTF_8), StringValue.of(new byte[] {'x'}), Entry.NO_EXPIRY));
        state.serveReadyKeys();
        assertTrue(served.isEmpty());
        assertEquals(1, state.blockedOn(0, KEY));
    }

    @Test
    void aWaiterOnKeysOfTwoEntitiesIsServedByOnlyOne() {
        ShardState left = shard();
        ShardState right = shard();
        List<String> served = new ArrayList<>();
        AtomicBoolean claimed = new AtomicBoolean();
        TakingWaiter waiter = new TakingWaiter("both", served, claimed);
        left.block(0, KEY, waiter);
        right.block(0, KEY, waiter);

        left.emit(new ValueSet(0, KEY, StringValue.of("from-left".getBytes(StandardCharsets.UTF_8)), Entry.NO_EXPIRY));
        right.emit(new ValueSet(0, KEY, StringValue.of("from-right".getBytes(StandardCharsets.UTF_8)), Entry.NO_EXPIRY));
        left.serveReadyKeys();
        right.serveReadyKeys();

        assertEquals(List.of("both:from-left"), served);
        assertTrue(right.database(0).get(KEY) != null, "the entity that lost the race keeps its value");
        right.pruneWaiters();
        assertEquals(0, right.blockedOn(0, KEY));
    }
}
