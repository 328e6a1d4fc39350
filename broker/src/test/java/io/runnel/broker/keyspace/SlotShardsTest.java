package io.runnel.broker.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A shard channel is placed in the shard of the keyspace entity that owns its hash slot. */
class SlotShardsTest {

    private final SlotLayout layout = new SlotLayout(64);
    private final SlotShards<Object> keyspace = SlotShards.keyspace();
    private final SlotShards<Object> channels = SlotShards.byName(layout);

    private String keyspaceShardOf(String key) {
        return keyspace.shardId(Integer.toString(layout.entityOf(key.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aShardChannelSharesTheShardOfItsSlotsKeys() {
        for (String name : new String[] {"orders", "{user:1}:events", "{user:1}", "x", "", "\u00e9t\u00e9"}) {
            String entityId = new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            assertEquals(keyspaceShardOf(name), channels.shardId(entityId), name);
        }
        // a hash tag keeps a channel with its keys, whatever else its name holds
        assertEquals(channels.shardId("{user:1}:a"), channels.shardId("{user:1}:b"));
        assertEquals(Integer.toString(Slots.slot("{user:1}".getBytes(StandardCharsets.UTF_8)) / layout.slotsPerEntity()),
                channels.shardId("{user:1}:a"));
    }

    @Test
    void slotRangesHaveShardsOfTheirOwn() {
        assertEquals("0", keyspace.shardId("0"));
        assertEquals("63", keyspace.shardId("63"));
        assertNotEquals(keyspace.shardId("1"), keyspace.shardId("2"));
    }
}
