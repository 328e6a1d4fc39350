package io.runnel.broker.keyspace;

import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys with a TTL disappear without being touched: the entities' active expiry cycle removes
 * them (DBSIZE and INFO count keys without looking them up, so only the cycle can lower them).
 */
class ActiveExpiryTest {

    @Test
    void expiredKeysAreRemovedWithoutBeingAccessed() throws Exception {
        try (RawClient client = new RawClient(RunnelTestServer.port())) {
            assertEquals("+OK\r\n", client.callText("SELECT", "9"));
            client.callText("FLUSHDB");
            for (int i = 0; i < 500; i++) {
                assertEquals("+OK\r\n", client.callText("SET", "expiring:" + i, "v", "PX", "1500"));
            }
            assertEquals("+OK\r\n", client.callText("SET", "staying", "v"));
            String before = client.callText("DBSIZE");
            assertTrue(before.equals(":501\r\n"), "all keys present before their TTL: " + before);
            long deadline = System.currentTimeMillis() + 10_000; // the cycle runs ten times a second
            String size = client.callText("DBSIZE");
            while (!size.equals(":1\r\n") && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
                size = client.callText("DBSIZE");
            }
            assertEquals(":1\r\n", size, "only the key without a TTL is left");
            assertTrue(client.callText("INFO", "stats").contains("expired_keys:"));
            assertEquals("$1\r\nv\r\n", client.callText("GET", "staying"));
            client.callText("FLUSHDB");
        }
    }
}
