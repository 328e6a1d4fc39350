package io.runnel.broker.stream;

import io.runnel.broker.testing.RunnelClientCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runnel's dead-letter queues: XDEADLETTER key group MAXDELIVERIES n TO dead-letter-key. */
class DeadLetterExtensionTest extends RunnelClientCase {

    private static final String NOTHING_PENDING = "*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n";
    @BeforeEach
    void prepare() throws Exception {
        r.callText("DEL", "{q}jobs", "{q}dead");
        r.callText("XADD", "{q}jobs", "1-0", "task", "resize");
        r.callText("XGROUP", "CREATE", "{q}jobs", "g", "0");
        assertEquals("+OK\r\n", r.callText("XDEADLETTER", "{q}jobs", "g", "MAXDELIVERIES", "2", "TO", "{q}dead"));
        r.callText("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "{q}jobs", ">");
    }

    private void assertDeadLettered(String consumer, String deliveries) throws Exception {
        assertEquals(NOTHING_PENDING, r.callText("XPENDING", "{q}jobs", "g"));
        String letters = r.callText("XRANGE", "{q}dead", "-", "+");
        assertTrue(letters.startsWith("*1\r\n"), letters);
        assertTrue(letters.endsWith("*12\r\n$13\r\nsource-stream\r\n$7\r\n{q}jobs\r\n$9\r\nsource-id\r\n$3\r\n1-0\r\n"
                + "$5\r\ngroup\r\n$1\r\ng\r\n$8\r\nconsumer\r\n$" + consumer.length() + "\r\n" + consumer + "\r\n"
                + "$10\r\ndeliveries\r\n$" + deliveries.length() + "\r\n" + deliveries + "\r\n$4\r\ntask\r\n$6\r\nresize\r\n"), letters);
    }

    @Test
    void xclaimBeyondTheLimitMovesTheEntry() throws Exception {
        assertTrue(r.callText("XCLAIM", "{q}jobs", "g", "c2", "0", "1-0").startsWith("*1\r\n"), "second delivery allowed");
        assertEquals("*0\r\n", r.callText("XCLAIM", "{q}jobs", "g", "c3", "0", "1-0"), "third delivery refused");
        assertDeadLettered("c2", "2");
        assertEquals(":1\r\n", r.callText("XLEN", "{q}jobs"), "the entry stays in its stream");
    }

    @Test
    void xautoclaimBeyondTheLimitMovesTheEntry() throws Exception {
        r.callText("XAUTOCLAIM", "{q}jobs", "g", "c2", "0", "0");
        assertEquals("*3\r\n$3\r\n0-0\r\n*0\r\n*0\r\n", r.callText("XAUTOCLAIM", "{q}jobs", "g", "c3", "0", "0"));
        assertDeadLettered("c2", "2");
    }

    @Test
    void xreadgroupClaimBeyondTheLimitMovesTheEntry() throws Exception {
        r.callText("XREADGROUP", "GROUP", "g", "c2", "CLAIM", "0", "STREAMS", "{q}jobs", ">");
        assertEquals("*-1\r\n", r.callText("XREADGROUP", "GROUP", "g", "c3", "CLAIM", "0", "STREAMS", "{q}jobs", ">"));
        assertDeadLettered("c2", "2");
    }

    @Test
    void settingsAndErrors() throws Exception {
        assertEquals("*2\r\n:2\r\n$7\r\n{q}dead\r\n", r.callText("XDEADLETTER", "{q}jobs", "g"));
        assertEquals("-ERR the dead-letter stream must hash to the same slot as the stream (use a {hash tag})\r\n",
                r.callText("XDEADLETTER", "{q}jobs", "g", "MAXDELIVERIES", "2", "TO", "elsewhere"));
        assertEquals("-ERR MAXDELIVERIES must be a positive integer\r\n",
                r.callText("XDEADLETTER", "{q}jobs", "g", "MAXDELIVERIES", "0", "TO", "{q}dead"));
        assertEquals("-ERR syntax error\r\n", r.callText("XDEADLETTER", "{q}jobs", "g", "MAXDELIVERIES", "2"));
        assertEquals("-NOGROUP No such key '{q}jobs' or consumer group 'nope'\r\n", r.callText("XDEADLETTER", "{q}jobs", "nope"));
        assertEquals("+OK\r\n", r.callText("XDEADLETTER", "{q}jobs", "g", "NONE"));
        assertEquals("*-1\r\n", r.callText("XDEADLETTER", "{q}jobs", "g"));
        // without a limit, deliveries go on
        r.callText("XCLAIM", "{q}jobs", "g", "c2", "0", "1-0");
        assertTrue(r.callText("XCLAIM", "{q}jobs", "g", "c3", "0", "1-0").startsWith("*1\r\n"));
    }
}
