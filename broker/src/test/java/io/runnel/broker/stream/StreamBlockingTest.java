package io.runnel.broker.stream;

import io.runnel.broker.keyspace.SlotLayout;
import io.runnel.broker.testing.BlockingScenarios;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking stream reads through real connections: clients waiting on streams owned by
 * different entities, FIFO wake-ups, timeouts, and the errors a blocked group reader gets.
 */
class StreamBlockingTest {

    private static final String LEFT = "blk:left";
    private static final String RIGHT = "blk:right";

    @BeforeEach
    void clean() throws Exception {
        try (RawClient client = client()) {
            client.callText("DEL", LEFT, RIGHT, "blk:q");
        }
    }

    private static RawClient client() throws Exception {
        return new RawClient(RunnelTestServer.port());
    }


    @Test
    void xreadOnStreamsOfTwoEntitiesIsWokenByTheOneThatReceives() throws Exception {
        SlotLayout layout = RunnelTestServer.shared().context().router().layout();
        assertNotEquals(layout.entityOf(LEFT.getBytes(StandardCharsets.UTF_8)), layout.entityOf(RIGHT.getBytes(StandardCharsets.UTF_8)),
                "the two streams must live in different entities for this test");
        try (RawClient reader = client(); RawClient writer = client()) {
            reader.send(RawClient.encode(RawClient.bytes("XREAD", "BLOCK", "0", "STREAMS", LEFT, RIGHT, "$", "$")));
            BlockingScenarios.awaitBlocked(writer, 1);
            assertEquals("$3\r\n7-1\r\n", writer.callText("XADD", RIGHT, "7-1", "job", "42"));
            String reply = new String(reader.readReply(), StandardCharsets.UTF_8);
            assertEquals("*1\r\n*2\r\n$9\r\nblk:right\r\n*1\r\n*2\r\n$3\r\n7-1\r\n*2\r\n$3\r\njob\r\n$2\r\n42\r\n", reply);
            BlockingScenarios.awaitBlocked(writer, 0);
        }
    }

    @Test
    void timeoutAnswersNullAfterTheGivenMilliseconds() throws Exception {
        try (RawClient reader = client()) {
            long start = System.nanoTime();
            assertEquals("*-1\r\n", reader.callText("XREAD", "BLOCK", "150", "STREAMS", LEFT, "$"));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 150, "waited " + elapsedMillis + " ms");
        }
    }

    @Test
    void groupReadersAreServedInTheOrderTheyBlockedAndNeverGetTheSameEntry() throws Exception {
        try (RawClient first = client(); RawClient second = client(); RawClient writer = client()) {
            assertEquals("+OK\r\n", writer.callText("XGROUP", "CREATE", "blk:q", "g", "$", "MKSTREAM"));
            first.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "blk:q", ">")));
            BlockingScenarios.awaitBlocked(writer, 1);
            second.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "c2", "BLOCK", "0", "STREAMS", "blk:q", ">")));
            BlockingScenarios.awaitBlocked(writer, 2);
            writer.callText("XADD", "blk:q", "1-0", "n", "1");
            assertTrue(new String(first.readReply(), StandardCharsets.UTF_8).contains("1-0"), "the first to block gets the first entry");
            writer.callText("XADD", "blk:q", "2-0", "n", "2");
            assertTrue(new String(second.readReply(), StandardCharsets.UTF_8).contains("2-0"));
            assertEquals("*4\r\n:2\r\n$3\r\n1-0\r\n$3\r\n2-0\r\n*2\r\n*2\r\n$2\r\nc1\r\n$1\r\n1\r\n*2\r\n$2\r\nc2\r\n$1\r\n1\r\n",
                    writer.callText("XPENDING", "blk:q", "g"));
        }
    }

    @Test
    void manyBlockedConsumersReceiveEveryEntryExactlyOnce() throws Exception {
        int consumers = 4;
        int entries = 200;
        RawClient[] readers = new RawClient[consumers];
        try (RawClient writer = client()) {
            writer.callText("XGROUP", "CREATE", "blk:q", "g", "$", "MKSTREAM");
            for (int i = 0; i < consumers; i++) {
                readers[i] = client();
            }
            Set<String> delivered = new HashSet<>();
            int produced = 0;
            Pattern id = Pattern.compile("\\$\\d+\\r\\n(\\d+-\\d+)\\r\\n");
            while (produced < entries) {
                for (int i = 0; i < consumers; i++) {
                    readers[i].send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "c" + i, "COUNT", "1", "BLOCK", "0",
                            "STREAMS", "blk:q", ">")));
                }
                BlockingScenarios.awaitBlocked(writer, consumers);
                for (int i = 0; i < consumers; i++) {
                    writer.callText("XADD", "blk:q", "*", "n", Integer.toString(produced++));
                }
                for (int i = 0; i < consumers; i++) {
                    Matcher m = id.matcher(new String(readers[i].readReply(), StandardCharsets.UTF_8));
                    assertTrue(m.find());
                    assertTrue(delivered.add(m.group(1)), "entry " + m.group(1) + " delivered twice");
                }
            }
            assertEquals(entries, delivered.size());
            assertEquals(":" + entries + "\r\n", writer.callText("XLEN", "blk:q"));
        } finally {
            for (RawClient reader : readers) {
                if (reader != null) {
                    reader.close();
                }
            }
        }
    }

    @Test
    void blockedGroupReaderGetsAnErrorWhenItsStreamOrGroupGoes() throws Exception {
        try (RawClient reader = client(); RawClient writer = client()) {
            writer.callText("XGROUP", "CREATE", "blk:q", "g", "$", "MKSTREAM");
            reader.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "blk:q", ">")));
            BlockingScenarios.awaitBlocked(writer, 1);
            writer.callText("XGROUP", "DESTROY", "blk:q", "g");
            assertEquals("-NOGROUP the consumer group this client was blocked on no longer exists\r\n",
                    new String(reader.readReply(), StandardCharsets.UTF_8));
            writer.callText("XGROUP", "CREATE", "blk:q", "g", "$");
            reader.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "blk:q", ">")));
            BlockingScenarios.awaitBlocked(writer, 1);
            writer.callText("DEL", "blk:q");
            assertEquals("-UNBLOCKED the stream key no longer exists\r\n", new String(reader.readReply(), StandardCharsets.UTF_8));
            BlockingScenarios.awaitBlocked(writer, 0);
        }
    }
}
