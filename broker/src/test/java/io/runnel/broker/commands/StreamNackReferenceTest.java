package io.runnel.broker.commands;

import io.runnel.broker.testing.RunnelClientCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XNACK (Redis 8.8): newer than the reference server, so these scenarios assert the replies
 * Redis's documentation of the command gives.
 */
class StreamNackReferenceTest extends RunnelClientCase {

    @BeforeEach
    void prepare() throws Exception {
        r.callText("DEL", "{n}s", "{n}dead");
        r.callText("XADD", "{n}s", "1-0", "field", "value1");
        r.callText("XADD", "{n}s", "2-0", "field", "value2");
        r.callText("XGROUP", "CREATE", "{n}s", "mygroup", "0");
        r.callText("XREADGROUP", "GROUP", "mygroup", "consumer1", "STREAMS", "{n}s", ">");
    }

    private static String pendingEntry(String id, String consumer, long idle, long deliveries) {
        return "*4\r\n$" + id.length() + "\r\n" + id + "\r\n$" + consumer.length() + "\r\n" + consumer + "\r\n:" + idle + "\r\n:"
                + deliveries + "\r\n";
    }

    @Test
    void failReleasesEntriesUnownedAndClaimableAtOnce() throws Exception {
        assertEquals(":2\r\n", r.callText("XNACK", "{n}s", "mygroup", "FAIL", "IDS", "2", "1-0", "2-0"));
        assertEquals("*2\r\n" + pendingEntry("1-0", "", -1, 1) + pendingEntry("2-0", "", -1, 1),
                r.callText("XPENDING", "{n}s", "mygroup", "-", "+", "10"));
        String claimed = r.callText("XREADGROUP", "GROUP", "mygroup", "consumer2", "CLAIM", "1000000", "STREAMS", "{n}s", ">");
        assertTrue(claimed.contains("1-0") && claimed.contains("2-0"), claimed);
        assertTrue(r.callText("XPENDING", "{n}s", "mygroup", "-", "+", "10").contains("consumer2"));
    }

    @Test
    void silentTakesTheDeliveryBackAndFatalMarksTheEntryFailed() throws Exception {
        assertEquals(":1\r\n", r.callText("XNACK", "{n}s", "mygroup", "SILENT", "IDS", "1", "1-0"));
        assertEquals(":1\r\n", r.callText("XNACK", "{n}s", "mygroup", "FATAL", "IDS", "1", "2-0"));
        assertEquals("*2\r\n" + pendingEntry("1-0", "", -1, 0) + pendingEntry("2-0", "", -1, Long.MAX_VALUE),
                r.callText("XPENDING", "{n}s", "mygroup", "-", "+", "10"));
    }

    @Test
    void retrycountForceAndUnknownIds() throws Exception {
        r.callText("XADD", "{n}s", "3-0", "field", "value3");
        assertEquals(":0\r\n", r.callText("XNACK", "{n}s", "mygroup", "SILENT", "IDS", "1", "999999999999-0"));
        assertEquals(":1\r\n", r.callText("XNACK", "{n}s", "mygroup", "FAIL", "IDS", "1", "3-0", "FORCE"));
        assertEquals(":1\r\n", r.callText("XNACK", "{n}s", "mygroup", "FAIL", "IDS", "1", "1-0", "RETRYCOUNT", "5"));
        String pending = r.callText("XPENDING", "{n}s", "mygroup", "-", "+", "10");
        assertTrue(pending.startsWith("*3\r\n" + pendingEntry("1-0", "", -1, 5)), pending);
        assertTrue(pending.endsWith(pendingEntry("3-0", "", -1, 0)), pending);
    }

    @Test
    void withADeadLetterQueueFatalMovesTheEntry() throws Exception {
        r.callText("XDEADLETTER", "{n}s", "mygroup", "MAXDELIVERIES", "3", "TO", "{n}dead");
        assertEquals(":1\r\n", r.callText("XNACK", "{n}s", "mygroup", "FATAL", "IDS", "1", "1-0"));
        assertEquals(":1\r\n", r.callText("XLEN", "{n}dead"));
        assertEquals(":1\r\n", r.callText("XNACK", "{n}s", "mygroup", "FAIL", "IDS", "1", "2-0"));
        assertEquals(":1\r\n", r.callText("XLEN", "{n}dead"), "FAIL with deliveries left releases the entry");
    }

    @Test
    void errors() throws Exception {
        assertEquals("-ERR mode must be SILENT, FAIL, or FATAL\r\n", r.callText("XNACK", "{n}s", "mygroup", "MAYBE", "IDS", "1", "1-0"));
        assertEquals("-ERR numids must be a positive integer\r\n", r.callText("XNACK", "{n}s", "mygroup", "FAIL", "IDS", "0", "1-0"));
        assertEquals("-ERR number of IDs doesn't match numids\r\n", r.callText("XNACK", "{n}s", "mygroup", "FAIL", "IDS", "3", "1-0"));
        assertEquals("-ERR Invalid RETRYCOUNT value, must be >= 0\r\n",
                r.callText("XNACK", "{n}s", "mygroup", "FAIL", "IDS", "1", "1-0", "RETRYCOUNT", "-1"));
        assertEquals("-NOGROUP No such key '{n}s' or consumer group 'nope'\r\n",
                r.callText("XNACK", "{n}s", "nope", "FAIL", "IDS", "1", "1-0"));
    }
}
