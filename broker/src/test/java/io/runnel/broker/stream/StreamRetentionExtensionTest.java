package io.runnel.broker.stream;

import io.runnel.broker.testing.RunnelClientCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runnel's time-based stream retention: XRETENTION key MAXAGE ms, enforced by the entities' cycle. */
class StreamRetentionExtensionTest extends RunnelClientCase {

    @BeforeEach
    void prepare() throws Exception {
        r.callText("DEL", "ret:s", "ret:t");
    }

    /** Waits (bounded) for XLEN of {@code key} to reach {@code expected}. */
    private String awaitLength(String key, long expected) throws Exception {
        String length = "";
        for (int i = 0; i < 200; i++) {
            length = r.callText("XLEN", key);
            if (length.equals(":" + expected + "\r\n")) {
                break;
            }
            Thread.sleep(25);
        }
        return length;
    }

    @Test
    void entriesOlderThanTheMaximumAgeAreTrimmedInTheBackground() throws Exception {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            r.callText("XADD", "ret:s", (now - 60_000 + i) + "-0", "old", Integer.toString(i));
        }
        r.callText("XADD", "ret:s", "*", "fresh", "1");
        assertEquals(":4\r\n", r.callText("XLEN", "ret:s"));
        assertEquals(":-1\r\n", r.callText("XRETENTION", "ret:s"));
        assertEquals("+OK\r\n", r.callText("XRETENTION", "ret:s", "MAXAGE", "30000"));
        assertEquals(":30000\r\n", r.callText("XRETENTION", "ret:s"));
        assertEquals(":1\r\n", awaitLength("ret:s", 1), "only the fresh entry is left");
        assertEquals("+OK\r\n", r.callText("XRETENTION", "ret:s", "NONE"));
        assertEquals(":-1\r\n", r.callText("XRETENTION", "ret:s"));
    }

    @Test
    void retentionMovesWithARenamedStream() throws Exception {
        r.callText("XADD", "ret:s", "*", "f", "v");
        r.callText("XRETENTION", "ret:s", "MAXAGE", "200");
        r.callText("RENAME", "ret:s", "ret:t");
        assertEquals(":200\r\n", r.callText("XRETENTION", "ret:t"));
        assertEquals(":0\r\n", awaitLength("ret:t", 0));
    }

    @Test
    void errors() throws Exception {
        assertEquals("-ERR no such key\r\n", r.callText("XRETENTION", "ret:missing"));
        r.callText("XADD", "ret:s", "*", "f", "v");
        assertEquals("-ERR MAXAGE must be a positive number of milliseconds\r\n", r.callText("XRETENTION", "ret:s", "MAXAGE", "0"));
        assertEquals("-ERR value is not an integer or out of range\r\n", r.callText("XRETENTION", "ret:s", "MAXAGE", "x"));
        assertEquals("-ERR syntax error\r\n", r.callText("XRETENTION", "ret:s", "FOREVER"));
        assertEquals("-ERR syntax error\r\n", r.callText("XRETENTION", "ret:s", "NONE", "extra"));
        r.callText("SET", "ret:str", "x");
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", r.callText("XRETENTION", "ret:str"));
    }
}
