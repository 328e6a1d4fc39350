package io.runnel.broker.commands;

import io.runnel.broker.testing.RunnelClientCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idempotent production, XADD IDMP / IDMPAUTO and XCFGSET (Redis 8.6): newer than the reference
 * server, so these scenarios assert what Redis's own test suite expects.
 */
class StreamIdempotencyReferenceTest extends RunnelClientCase {

    @BeforeEach
    void prepare() throws Exception {
        r.callText("DEL", "mystream");
    }

    private String xadd(String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "XADD";
        command[1] = "mystream";
        System.arraycopy(args, 0, command, 2, args.length);
        return r.callText(command);
    }

    @Test
    void syntaxErrors() throws Exception {
        assertEquals("-ERR Invalid stream ID specified as stream command argument\r\n", xadd("IDMP", "p1", "*", "f", "v"));
        assertEquals("-ERR IDMP/IDMPAUTO can be used only with auto-generated IDs\r\n", xadd("IDMP", "p1", "iid1", "1-1", "f", "v"));
        assertEquals("-ERR IDMP/IDMPAUTO specified multiple times\r\n", xadd("IDMP", "p1", "iid1", "IDMP", "p2", "iid2", "*", "f", "v"));
        assertEquals("-ERR IDMP/IDMPAUTO specified multiple times\r\n", xadd("IDMPAUTO", "p1", "IDMP", "p2", "iid2", "*", "f", "v"));
        assertEquals("-ERR IDMP requires a non-empty producer ID\r\n", xadd("IDMP", "", "iid1", "*", "f", "v"));
        assertEquals("-ERR IDMP requires a non-empty idempotent ID\r\n", xadd("IDMP", "p1", "", "*", "f", "v"));
        assertEquals("-ERR IDMPAUTO requires a non-empty producer ID\r\n", xadd("IDMPAUTO", "", "*", "f", "v"));
    }

    @Test
    void aRetryReturnsTheFirstEntry() throws Exception {
        String first = xadd("IDMP", "p1", "payment-abc", "*", "amount", "100", "currency", "USD");
        assertEquals(first, xadd("IDMP", "p1", "payment-abc", "*", "amount", "200", "currency", "EUR"));
        assertEquals(":1\r\n", r.callText("XLEN", "mystream"));
        assertTrue(r.callText("XRANGE", "mystream", "-", "+").contains("USD"));
        assertNotEquals(first, xadd("IDMP", "p2", "payment-abc", "*", "amount", "100"), "producers are separate");
        assertEquals("$-1\r\n", r.callText("XADD", "other", "NOMKSTREAM", "IDMP", "p1", "x", "*", "f", "v"));
    }

    @Test
    void idmpautoDerivesTheIdFromTheContent() throws Exception {
        String first = xadd("IDMPAUTO", "p1", "*", "event", "login", "user", "alice");
        assertEquals(first, xadd("IDMPAUTO", "p1", "*", "event", "login", "user", "alice"));
        assertNotEquals(first, xadd("IDMPAUTO", "p1", "*", "event", "login", "user", "bob"));
        assertNotEquals(first, xadd("IDMPAUTO", "p1", "*", "user", "alice", "event", "login"), "order matters");
        assertEquals(":3\r\n", r.callText("XLEN", "mystream"));
    }

    @Test
    void theOldestIdsAreForgottenBeyondTheMaximumSize() throws Exception {
        xadd("IDMP", "p1", "init", "*", "field", "init");
        assertEquals("+OK\r\n", r.callText("XCFGSET", "mystream", "IDMP-MAXSIZE", "3", "IDMP-DURATION", "60"));
        String id1 = xadd("IDMP", "p1", "req-1", "*", "field", "v1");
        xadd("IDMP", "p1", "req-2", "*", "field", "v2");
        String id3 = xadd("IDMP", "p1", "req-3", "*", "field", "v3");
        assertEquals(id1, xadd("IDMP", "p1", "req-1", "*", "field", "dup"));
        xadd("IDMP", "p1", "req-4", "*", "field", "v4");
        assertNotEquals(id1, xadd("IDMP", "p1", "req-1", "*", "field", "new"));
        assertEquals(id3, xadd("IDMP", "p1", "req-3", "*", "field", "dup2"));
        assertEquals(":6\r\n", r.callText("XLEN", "mystream"));
    }

    @Test
    void idsExpireAfterTheDuration() throws Exception {
        xadd("IDMP", "p1", "req-1", "*", "field", "value1");
        r.callText("XCFGSET", "mystream", "IDMP-DURATION", "1");
        String id1 = xadd("IDMP", "p1", "req-1", "*", "field", "value1");
        assertEquals(id1, xadd("IDMP", "p1", "req-1", "*", "field", "value2"));
        Thread.sleep(1300);
        assertNotEquals(id1, xadd("IDMP", "p1", "req-1", "*", "field", "value3"));
    }

    @Test
    void xcfgsetValidation() throws Exception {
        assertEquals("-ERR no such key\r\n", r.callText("XCFGSET", "mystream", "IDMP-DURATION", "5"));
        xadd("IDMP", "p1", "req-1", "*", "field", "value");
        assertEquals("-ERR At least one parameter must be specified\r\n", r.callText("XCFGSET", "mystream"));
        assertEquals("-ERR syntax error\r\n", r.callText("XCFGSET", "mystream", "IDMP-DURATION"));
        assertEquals("-ERR value is not an integer or out of range\r\n", r.callText("XCFGSET", "mystream", "IDMP-DURATION", "3.14"));
        assertEquals("-ERR value is not an integer or out of range\r\n", r.callText("XCFGSET", "mystream", "IDMP-MAXSIZE", "000000000"));
        assertEquals("-ERR IDMP-DURATION must be between 1 and 86400\r\n", r.callText("XCFGSET", "mystream", "IDMP-DURATION", "86401"));
        assertEquals("-ERR IDMP-DURATION must be between 1 and 86400\r\n", r.callText("XCFGSET", "mystream", "IDMP-DURATION", "0"));
        assertEquals("-ERR IDMP-MAXSIZE must be between 1 and 10000\r\n", r.callText("XCFGSET", "mystream", "IDMP-MAXSIZE", "10001"));
        assertEquals("+OK\r\n", r.callText("XCFGSET", "mystream", "IDMP-DURATION", "86400", "IDMP-MAXSIZE", "10000"));
    }
}
