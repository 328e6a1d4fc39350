package io.runnel.broker.commands;

import io.runnel.broker.testing.KeyEventCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keyspace notifications of the stream commands newer than the reference redis-server (XDELEX,
 * XACKDEL, XCFGSET, XNACK) and of Runnel's own (XSCHEDULE, XRETENTION, XDEADLETTER): each is
 * asserted here by its key-event sequence, as KeyspaceNotificationDifferentialTest compares the
 * others with redis-server.
 */
class KeyspaceNotificationExtensionTest extends KeyEventCase {

    @Override
    protected String classes() {
        return "Et";
    }

    @BeforeEach
    void startClean() throws Exception {
        client.callText("FLUSHALL");
    }

    @Test
    void deletionsByXdelexAndXackdelAreXdel() throws Exception {
        client.callText("XADD", "{e}s", "1-1", "f", "v");
        client.callText("XADD", "{e}s", "2-1", "f", "v");
        client.callText("XADD", "{e}s", "3-1", "f", "v");
        client.callText("XGROUP", "CREATE", "{e}s", "g", "0");
        client.callText("XREADGROUP", "GROUP", "g", "c", "STREAMS", "{e}s", ">");
        events();
        assertEquals(":1\r\n", client.callText("XDELEX", "{e}s", "IDS", "1", "1-1").substring(4));
        assertEquals(List.of("xdel {e}s"), events());
        client.callText("XDELEX", "{e}s", "IDS", "1", "9-9");
        assertEquals(List.of(), events());
        client.callText("XACKDEL", "{e}s", "g", "IDS", "1", "2-1");
        assertEquals(List.of("xdel {e}s"), events());
        client.callText("XACKDEL", "{e}s", "g", "IDS", "1", "2-1");
        assertEquals(List.of(), events());
    }

    @Test
    void configurationAndNackCommandsNameThemselves() throws Exception {
        client.callText("XADD", "{e}s", "1-1", "f", "v");
        client.callText("XGROUP", "CREATE", "{e}s", "g", "0");
        client.callText("XREADGROUP", "GROUP", "g", "c", "STREAMS", "{e}s", ">");
        events();
        client.callText("XCFGSET", "{e}s", "IDMP-DURATION", "10");
        client.callText("XNACK", "{e}s", "g", "FAIL", "IDS", "1", "1-1");
        client.callText("XNACK", "{e}s", "g", "FAIL", "IDS", "1", "9-9");
        client.callText("XRETENTION", "{e}s", "MAXAGE", "100000000000000");
        client.callText("XRETENTION", "{e}s");
        client.callText("XDEADLETTER", "{e}s", "g", "MAXDELIVERIES", "3", "TO", "{e}dead");
        client.callText("XDEADLETTER", "{e}s", "g");
        assertEquals(List.of("xcfgset {e}s", "xnack {e}s", "xretention {e}s", "xdeadletter {e}s"), events());
    }

    /** The events until {@code count} have arrived (the entity's periodic cycle raises some of them). */
    private List<String> eventsUntil(int count) throws Exception {
        List<String> all = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5000;
        while (all.size() < count && System.currentTimeMillis() < deadline) {
            all.addAll(events());
            Thread.sleep(20);
        }
        return all;
    }

    @Test
    void scheduledEntriesAreAddedWhenDue() throws Exception {
        client.callText("XSCHEDULE", "{e}s", "IN", "50", "f", "v");
        // released by the entity's periodic cycle (every 100 ms)
        assertEquals(List.of("xschedule {e}s", "xadd {e}s"), eventsUntil(2));
    }

    @Test
    void retentionTrimsAreXtrim() throws Exception {
        client.callText("XADD", "{e}s", "1-1", "f", "v");
        client.callText("XADD", "{e}s", "*", "f", "v");
        client.callText("XRETENTION", "{e}s", "MAXAGE", "60000");
        assertEquals(List.of("xadd {e}s", "xadd {e}s", "xretention {e}s", "xtrim {e}s"), eventsUntil(4));
    }

    @Test
    void deadLettersAreXaddToTheDeadLetterStream() throws Exception {
        client.callText("XADD", "{e}s", "1-1", "f", "v");
        client.callText("XGROUP", "CREATE", "{e}s", "g", "0");
        client.callText("XDEADLETTER", "{e}s", "g", "MAXDELIVERIES", "1", "TO", "{e}dead");
        client.callText("XREADGROUP", "GROUP", "g", "c", "STREAMS", "{e}s", ">");
        events();
        client.callText("XCLAIM", "{e}s", "g", "other", "0", "1-1");
        assertEquals(List.of("xadd {e}dead"), events());
    }
}
