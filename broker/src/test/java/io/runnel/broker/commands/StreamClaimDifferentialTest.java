package io.runnel.broker.commands;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** XCLAIM and XAUTOCLAIM against redis-server (idle times masked in XPENDING). */
class StreamClaimDifferentialTest extends DifferentialCase {

    @BeforeEach
    void pendingEntries() {
        for (int i = 1; i <= 6; i++) {
            d.same("XADD", "s", i + "-0", "n", Integer.toString(i));
        }
        d.same("XGROUP", "CREATE", "s", "g", "0");
        d.same("XREADGROUP", "GROUP", "g", "dead", "COUNT", "4", "STREAMS", "s", ">");
    }

    private void samePending(String... command) {
        String[] replies = d.replies(command);
        assertEquals(replies[0].replaceAll(":\\d+\\r\\n(?=:\\d+\\r\\n)", ":#\r\n"),
                replies[1].replaceAll(":\\d+\\r\\n(?=:\\d+\\r\\n)", ":#\r\n"), String.join(" ", command));
    }

    @Test
    void xclaimTransfersEntriesAndCountsDeliveries() {
        d.same("XCLAIM", "s", "g", "alive", "0", "1-0", "2-0");
        samePending("XPENDING", "s", "g", "-", "+", "10");
        d.same("XCLAIM", "s", "g", "alive", "0", "1-0", "JUSTID");
        d.same("XCLAIM", "s", "g", "other", "0", "2-0", "RETRYCOUNT", "7");
        samePending("XPENDING", "s", "g", "-", "+", "10");
        d.same("XCLAIM", "s", "g", "other", "3600000", "3-0");
        d.same("XCLAIM", "s", "g", "other", "0", "5-0");
        d.same("XCLAIM", "s", "g", "other", "0", "5-0", "FORCE");
        d.same("XCLAIM", "s", "g", "other", "0", "6-0", "FORCE", "JUSTID");
        samePending("XPENDING", "s", "g", "-", "+", "10");
        d.same("XDEL", "s", "4-0");
        d.same("XCLAIM", "s", "g", "other", "0", "4-0");
        d.same("XPENDING", "s", "g");
        d.same("XCLAIM", "s", "g", "other", "0", "3-0", "IDLE", "5000", "TIME", "1", "LASTID", "9-0");
        d.same("XREADGROUP", "GROUP", "g", "late", "STREAMS", "s", ">");
    }

    @Test
    void xclaimErrors() {
        d.same("XCLAIM", "s", "nope", "c", "0", "1-0");
        d.same("XCLAIM", "missing", "g", "c", "0", "1-0");
        d.same("XCLAIM", "s", "g", "c", "abc", "1-0");
        d.same("XCLAIM", "s", "g", "c", "0", "1-0", "BOGUS");
        d.same("XCLAIM", "s", "g", "c", "0", "1-0", "IDLE", "x");
        d.same("XCLAIM", "s", "g", "c", "0", "1-0", "TIME", "x");
        d.same("XCLAIM", "s", "g", "c", "0", "1-0", "RETRYCOUNT", "x");
        d.same("XCLAIM", "s", "g", "c", "0", "1-0", "LASTID", "x");
        d.same("XCLAIM", "s", "g", "c", "0", "abc");
        d.same("SET", "str", "x");
        d.same("XCLAIM", "str", "g", "c", "0", "1-0");
    }

    @Test
    void xautoclaimWalksThePendingListWithACursor() {
        d.same("XAUTOCLAIM", "s", "g", "alive", "0", "0", "COUNT", "2");
        d.same("XAUTOCLAIM", "s", "g", "alive", "0", "3-0", "COUNT", "2", "JUSTID");
        d.same("XAUTOCLAIM", "s", "g", "alive", "0", "(3-0");
        d.same("XDEL", "s", "1-0", "2-0");
        d.same("XAUTOCLAIM", "s", "g", "other", "0", "-");
        samePending("XPENDING", "s", "g", "-", "+", "10");
        d.same("XAUTOCLAIM", "s", "g", "other", "3600000", "-");
        d.resp3();
        d.same("XAUTOCLAIM", "s", "g", "alive", "0", "-", "COUNT", "1");
    }

    @Test
    void xautoclaimErrors() {
        d.same("XAUTOCLAIM", "s", "nope", "c", "0", "0");
        d.same("XAUTOCLAIM", "missing", "g", "c", "0", "0");
        d.same("XAUTOCLAIM", "s", "g", "c", "abc", "0");
        d.same("XAUTOCLAIM", "s", "g", "c", "0", "abc");
        d.same("XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "0");
        d.same("XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "x");
        d.same("XAUTOCLAIM", "s", "g", "c", "0", "0", "BOGUS");
        d.same("XAUTOCLAIM", "s", "g", "c", "0", "(18446744073709551615-18446744073709551615");
    }
}
