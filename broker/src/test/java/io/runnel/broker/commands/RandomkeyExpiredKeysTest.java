package io.runnel.broker.commands;

import io.runnel.broker.keyspace.KeyspaceEvents.ValueSet;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.broker.testing.ShardRunner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RANDOMKEY among many keys that have expired but that active expiry has not removed yet:
 * Redis goes on drawing (deleting each expired key it draws) until it finds a live key or the
 * database is empty. Run on a slot range directly, where no expiry cycle runs.
 */
class RandomkeyExpiredKeysTest {

    private static final int EXPIRED = 3000;

    @Test
    void findsTheOneLiveKey() {
        ShardRunner runner = new ShardRunner();
        for (int i = 0; i < EXPIRED; i++) {
            runner.shard().emit(new ValueSet(0, ("gone:" + i).getBytes(), StringValue.of("v".getBytes(), true), 1));
        }
        assertEquals(EXPIRED, runner.shard().database(0).size());
        runner.run("SET", "live", "v");
        assertEquals("$4\\r\\nlive\\r\\n", runner.run("RANDOMKEY"));
        assertEquals(":1\\r\\n", runner.run("EXISTS", "live"));
    }

    @Test
    void answersNilOnceEveryKeyHasExpired() {
        ShardRunner runner = new ShardRunner();
        for (int i = 0; i < EXPIRED; i++) {
            runner.shard().emit(new ValueSet(0, ("gone:" + i).getBytes(), StringValue.of("v".getBytes(), true), 1));
        }
        assertEquals("$-1\\r\\n", runner.run("RANDOMKEY"));
        assertEquals(0, runner.shard().database(0).size());
    }
}
