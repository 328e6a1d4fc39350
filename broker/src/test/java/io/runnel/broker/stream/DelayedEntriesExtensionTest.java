package io.runnel.broker.stream;

import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelClientCase;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runnel's delayed entries: XSCHEDULE key AT unix-ms | IN ms field value ... */
class DelayedEntriesExtensionTest extends RunnelClientCase {

    @BeforeEach
    void prepare() throws Exception {
        r.callText("DEL", "later:s");
    }

    @Test
    void entriesBecomeVisibleAtTheirTimeInTheOrderTheyWereScheduled() throws Exception {
        assertEquals(":1\r\n", r.callText("XSCHEDULE", "later:s", "IN", "300", "job", "first"));
        long due = System.currentTimeMillis() + 300;
        assertEquals(":2\r\n", r.callText("XSCHEDULE", "later:s", "AT", Long.toString(due), "job", "second"));
        assertEquals("+stream\r\n", r.callText("TYPE", "later:s"));
        assertEquals(":0\r\n", r.callText("XLEN", "later:s"), "not visible yet");
        String length = "";
        for (int i = 0; i < 200 && !length.equals(":2\r\n"); i++) {
            Thread.sleep(25);
            length = r.callText("XLEN", "later:s");
        }
        assertEquals(":2\r\n", length);
        assertTrue(System.currentTimeMillis() >= due, "not before its time");
        String entries = r.callText("XRANGE", "later:s", "-", "+");
        assertTrue(entries.indexOf("first") < entries.indexOf("second"), entries);
    }

    @Test
    void aBlockedGroupReaderReceivesTheEntryWhenItIsDue() throws Exception {
        r.callText("XGROUP", "CREATE", "later:s", "g", "$", "MKSTREAM");
        try (RawClient reader = new RawClient(RunnelTestServer.port())) {
            reader.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "c", "BLOCK", "10000", "STREAMS", "later:s", ">")));
            long start = System.nanoTime();
            r.callText("XSCHEDULE", "later:s", "IN", "200", "job", "delayed");
            String reply = new String(reader.readReply(), StandardCharsets.UTF_8);
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(reply.contains("delayed"), reply);
            assertTrue(waited >= 150, "woke after " + waited + " ms");
        }
    }

    @Test
    void errors() throws Exception {
        assertEquals("-ERR syntax error\r\n", r.callText("XSCHEDULE", "later:s", "SOON", "1", "f", "v"));
        assertEquals("-ERR value is not an integer or out of range\r\n", r.callText("XSCHEDULE", "later:s", "IN", "x", "f", "v"));
        assertEquals("-ERR IN must be a non-negative number of milliseconds\r\n", r.callText("XSCHEDULE", "later:s", "IN", "-1", "f", "v"));
        assertEquals("-ERR wrong number of arguments for 'xschedule' command\r\n",
                r.callText("XSCHEDULE", "later:s", "IN", "10", "f", "v", "odd"));
        r.callText("SET", "later:str", "x");
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                r.callText("XSCHEDULE", "later:str", "IN", "10", "f", "v"));
    }
}
