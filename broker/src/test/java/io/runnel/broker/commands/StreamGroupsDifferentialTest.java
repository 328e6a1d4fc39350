package io.runnel.broker.commands;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Consumer groups and reads, replies compared with redis-server byte for byte (XPENDING's
 * idle times are masked: each server has its own clock).
 */
class StreamGroupsDifferentialTest extends DifferentialCase {

    /** XPENDING's extended form with the idle milliseconds (an integer before the delivery count) masked. */
    private void samePending(String... command) {
        String[] replies = d.replies(command);
        assertEquals(replies[0].replaceAll(":\\d+\\r\\n(?=:\\d+\\r\\n)", ":#\r\n"),
                replies[1].replaceAll(":\\d+\\r\\n(?=:\\d+\\r\\n)", ":#\r\n"), String.join(" ", command));
    }

    private void threeEntries() {
        d.same("XADD", "s", "1-0", "f", "a");
        d.same("XADD", "s", "2-0", "f", "b");
        d.same("XADD", "s", "3-0", "g", "c");
    }

    @Test
    void xgroupLifecycle() {
        d.same("XGROUP", "CREATE", "missing", "g", "0");
        d.same("XGROUP", "CREATE", "m", "g", "$", "MKSTREAM");
        d.same("TYPE", "m");
        d.same("XLEN", "m");
        threeEntries();
        d.same("XGROUP", "CREATE", "s", "g", "0");
        d.same("XGROUP", "CREATE", "s", "g", "0");
        d.same("XGROUP", "CREATE", "s", "g2", "$", "ENTRIESREAD", "3");
        d.same("XGROUP", "CREATE", "s", "g3", "0", "ENTRIESREAD", "-2");
        d.same("XGROUP", "CREATE", "s", "g3", "abc");
        d.same("XGROUP", "CREATE", "s", "g3", "0", "BOGUS");
        d.same("XGROUP", "CREATECONSUMER", "s", "g", "alice");
        d.same("XGROUP", "CREATECONSUMER", "s", "g", "alice");
        d.same("XGROUP", "CREATECONSUMER", "s", "nope", "alice");
        d.same("XGROUP", "SETID", "s", "g", "2-0");
        d.same("XGROUP", "SETID", "s", "g", "$");
        d.same("XGROUP", "SETID", "s", "nope", "0");
        d.same("XGROUP", "SETID", "missing", "g", "0");
        d.same("XGROUP", "DELCONSUMER", "s", "g", "alice");
        d.same("XGROUP", "DELCONSUMER", "s", "g", "nobody");
        d.same("XGROUP", "DESTROY", "s", "g");
        d.same("XGROUP", "DESTROY", "s", "g");
        d.same("XGROUP", "DESTROY", "missing", "g");
        d.same("SET", "str", "x");
        d.same("XGROUP", "CREATE", "str", "g", "0");
        d.same("XGROUP", "NOPE", "s", "g");
        d.same("XGROUP", "CREATE", "s");
    }

    @Test
    void xreadgroupDeliversNewEntriesAndHistory() {
        threeEntries();
        d.same("XGROUP", "CREATE", "s", "g", "0");
        d.same("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">");
        d.same("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">");
        d.same("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">");
        d.same("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0");
        d.same("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "1-0");
        d.same("XREADGROUP", "GROUP", "g", "nobody", "STREAMS", "s", "0");
        d.same("XPENDING", "s", "g");
        samePending("XPENDING", "s", "g", "-", "+", "10");
        samePending("XPENDING", "s", "g", "-", "+", "10", "bob");
        samePending("XPENDING", "s", "g", "(1-0", "+", "1");
        samePending("XPENDING", "s", "g", "IDLE", "0", "-", "+", "10", "alice");
        d.same("XPENDING", "s", "g", "-", "+", "10", "nobody");
        d.same("XACK", "s", "g", "1-0", "9-9");
        d.same("XACK", "s", "g", "abc");
        d.same("XACK", "s", "nope", "1-0");
        d.same("XDEL", "s", "2-0");
        d.same("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0");
        d.same("XPENDING", "s", "g");
        d.same("XGROUP", "DELCONSUMER", "s", "g", "alice");
        d.same("XPENDING", "s", "g");
        d.same("XADD", "s", "4-0", "h", "d");
        d.same("XREADGROUP", "GROUP", "g", "carol", "NOACK", "STREAMS", "s", ">");
        d.same("XPENDING", "s", "g");
        d.resp3();
        d.same("XADD", "s", "5-0", "h", "e");
        d.same("XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", ">");
        d.same("XPENDING", "s", "g");
    }

    @Test
    void xreadgroupErrors() {
        threeEntries();
        d.same("XGROUP", "CREATE", "s", "g", "0");
        d.same("XREADGROUP", "GROUP", "nope", "c", "STREAMS", "s", ">");
        d.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "missing", ">");
        d.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "$");
        d.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s");
        d.same("XREADGROUP", "STREAMS", "s", ">");
        d.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "x", "STREAMS", "s", ">");
        d.same("XREADGROUP", "GROUP", "g", "c", "BOGUS", "STREAMS", "s", ">");
        d.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "abc");
        d.same("XPENDING", "s", "g", "-", "+");
        d.same("XPENDING", "s", "g", "-", "+", "x");
        d.same("XPENDING", "s", "g", "IDLE", "5", "-", "+");
        d.same("XPENDING", "s", "nope");
        d.same("XPENDING", "missing", "g");
        d.same("SET", "str", "x");
        d.same("XPENDING", "str", "g");
        d.same("XACK", "str", "g", "1-0");
        d.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "str", ">");
    }

    @Test
    void xreadWithoutBlocking() {
        threeEntries();
        d.same("XADD", "t", "9-0", "k", "v");
        d.same("XREAD", "STREAMS", "s", "0");
        d.same("XREAD", "COUNT", "1", "STREAMS", "s", "t", "0", "0");
        d.same("XREAD", "STREAMS", "s", "t", "2-0", "9-0");
        d.same("XREAD", "STREAMS", "s", "$");
        d.same("XREAD", "STREAMS", "missing", "0");
        d.same("XREAD", "STREAMS", "s", ">");
        // "+" (Redis 7.4, after the reference server): the last entry of each stream
        assertEquals("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n3-0\r\n*2\r\n$1\r\ng\r\n$1\r\nc\r\n",
                d.replies("XREAD", "STREAMS", "s", "missing", "+", "+")[1]);
        d.same("XREAD", "STREAMS", "s");
        d.same("XREAD", "GROUP", "g", "c", "STREAMS", "s", "0");
        d.same("XREAD", "NOACK", "STREAMS", "s", "0");
        d.same("XREAD", "COUNT", "-5", "STREAMS", "s", "0");
        d.same("XREAD", "BLOCK", "-1", "STREAMS", "s", "0");
        d.same("XREAD", "BLOCK", "x", "STREAMS", "s", "0");
        d.same("XREAD", "BLOCK", "10", "STREAMS", "s", "1-0");
        d.same("XREAD", "BLOCK", "10", "STREAMS", "s", "$");
        d.resp3();
        d.same("XREAD", "COUNT", "2", "STREAMS", "s", "t", "0", "0");
        d.same("XREAD", "STREAMS", "s", "$");
    }
}
