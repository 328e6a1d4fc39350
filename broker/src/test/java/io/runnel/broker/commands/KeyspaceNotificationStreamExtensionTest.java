package io.runnel.broker.commands;

import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.Resp;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notification stream (Runnel's extension): with notify-keyspace-stream set, changes are
 * appended to that stream as entries {db, event, key}, readable later and by consumer groups.
 */
class KeyspaceNotificationStreamExtensionTest {

    private static final String LOG = "ks:log";

    private RawClient client;

    @BeforeEach
    void open() throws Exception {
        client = new RawClient(RunnelTestServer.port());
        client.callText("FLUSHALL");
        assertEquals("+OK\r\n", client.callText("CONFIG", "SET", "notify-keyspace-stream", LOG,
                "notify-keyspace-stream-events", "A", "notify-keyspace-stream-maxlen", "1000000"));
    }

    @AfterEach
    void close() throws Exception {
        client.callText("CONFIG", "SET", "notify-keyspace-stream", "", "notify-keyspace-stream-events", "A",
                "notify-keyspace-stream-maxlen", "1000000");
        client.close();
    }

    /** The entries of the log as "db event key", once it holds {@code expected} of them. */
    private List<String> logOnceItHas(int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            Resp.Node entries = Resp.parse(client.call("XRANGE", LOG, "-", "+"));
            if (entries.size() >= expected) {
                List<String> out = new ArrayList<>();
                for (Resp.Node entry : entries.elements()) {
                    Resp.Node fields = entry.get(1);
                    assertEquals("db", fields.get(0).text());
                    assertEquals("event", fields.get(2).text());
                    assertEquals("key", fields.get(4).text());
                    out.add(fields.get(1).text() + " " + fields.get(3).text() + " " + fields.get(5).text());
                }
                return out;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the log did not reach " + expected + " entries: " + client.callText("XRANGE", LOG, "-", "+"));
    }

    @Test
    void changesAreAppendedInTheOrderOfTheirSlotRange() throws Exception {
        client.callText("SET", "{k}a", "1");
        client.callText("EXPIRE", "{k}a", "100");
        client.callText("INCR", "{k}n");
        client.callText("RENAME", "{k}a", "{k}b");
        client.callText("XADD", "{k}s", "*", "f", "v");
        client.callText("DEL", "{k}b", "{k}n", "{k}s");
        client.callText("SELECT", "5");
        client.callText("SET", "{k}other-db", "1");
        client.callText("SELECT", "0"); // the log lives in database 0, whichever database changed
        assertEquals(List.of("0 set {k}a", "0 expire {k}a", "0 incrby {k}n", "0 rename_from {k}a", "0 rename_to {k}b",
                "0 xadd {k}s", "0 del {k}b", "0 del {k}n", "0 del {k}s", "5 set {k}other-db"), logOnceItHas(10));
    }

    @Test
    void pubSubNotificationsNeedNotBeOn() throws Exception {
        assertEquals("*2\r\n$22\r\nnotify-keyspace-events\r\n$0\r\n\r\n",
                client.callText("CONFIG", "GET", "notify-keyspace-events"));
        client.callText("SET", "a", "1");
        assertEquals(List.of("0 set a"), logOnceItHas(1));
    }

    @Test
    void consumerGroupsReadAndAcknowledgeNotifications() throws Exception {
        client.callText("XGROUP", "CREATE", LOG, "auditors", "$", "MKSTREAM");
        client.callText("SET", "job:1", "queued");
        client.callText("DEL", "job:1");
        logOnceItHas(2);
        Resp.Node read = Resp.parse(client.call("XREADGROUP", "GROUP", "auditors", "a1", "STREAMS", LOG, ">"));
        Resp.Node entries = read.get(0).get(1);
        assertEquals(2, entries.size());
        assertEquals(":2\r\n", client.callText("XACK", LOG, "auditors", entries.get(0).get(0).text(), entries.get(1).get(0).text()));
    }

    @Test
    void theClassesChooseWhatIsAppended() throws Exception {
        client.callText("CONFIG", "SET", "notify-keyspace-stream-events", "gx");
        client.callText("SET", "a", "1", "PX", "150");
        client.callText("SET", "b", "1");
        client.callText("DEL", "b");
        Thread.sleep(500); // a expires in the background
        assertEquals(List.of("0 expire a", "0 del b", "0 expired a"), logOnceItHas(3));
        assertTrue(client.callText("CONFIG", "SET", "notify-keyspace-stream-events", "KA").startsWith("-ERR CONFIG SET failed"));
        assertEquals("*2\r\n$29\r\nnotify-keyspace-stream-events\r\n$2\r\ngx\r\n",
                client.callText("CONFIG", "GET", "notify-keyspace-stream-events"));
    }

    @Test
    void theLogIsCappedNearItsMaximumLength() throws Exception {
        client.callText("CONFIG", "SET", "notify-keyspace-stream-maxlen", "10");
        for (int i = 0; i < 500; i++) {
            client.callText("SET", "{c}k" + i, "v");
        }
        client.callText("SET", "{c}last", "v");
        long deadline = System.currentTimeMillis() + 5000;
        String last = "";
        while (System.currentTimeMillis() < deadline && !last.contains("{c}last")) {
            last = client.callText("XREVRANGE", LOG, "+", "-", "COUNT", "1");
        }
        assertTrue(last.contains("{c}last"), last);
        long length = Long.parseLong(client.callText("XLEN", LOG).substring(1).trim());
        assertTrue(length >= 10 && length <= 110, "approximately capped: " + length);
    }

    @Test
    void theLogItselfIsNotLoggedAndAnotherTypeThereStopsNothing() throws Exception {
        client.callText("SET", "a", "1");
        assertEquals(List.of("0 set a"), logOnceItHas(1));
        client.callText("DEL", LOG);
        client.callText("SET", LOG, "not a stream");
        client.callText("SET", "b", "1");
        assertEquals("$1\r\n1\r\n", client.callText("GET", "b"));
        assertEquals("$12\r\nnot a stream\r\n", client.callText("GET", LOG));
        client.callText("DEL", LOG);
        client.callText("SET", "c", "1");
        assertEquals(List.of("0 set c"), logOnceItHas(1));
    }

    @Test
    void emptyingTheDirectiveStopsTheLog() throws Exception {
        client.callText("CONFIG", "SET", "notify-keyspace-stream", "");
        client.callText("SET", "a", "1");
        client.callText("CONFIG", "SET", "notify-keyspace-stream", LOG);
        client.callText("SET", "b", "1");
        assertEquals(List.of("0 set b"), logOnceItHas(1));
    }
}
