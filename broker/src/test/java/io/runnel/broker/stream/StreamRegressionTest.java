package io.runnel.broker.stream;

import io.runnel.broker.testing.BlockingScenarios;
import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stream bugs that other Redis reimplementations shipped, each reproduced against Runnel (the
 * issue or pull request that described it is named on each test).
 */
class StreamRegressionTest {

    @BeforeEach
    void clean() throws Exception {
        try (RawClient client = client()) {
            client.callText("DEL", "rg:a", "rg:b", "rg:q");
        }
    }

    private static RawClient client() throws Exception {
        return new RawClient(RunnelTestServer.port());
    }


    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }

    /** dragonfly#1860: NOGROUP for a missing stream instead of blocking; an empty MKSTREAM stream blocks. */
    @Test
    void missingStreamIsAnErrorAndAnEmptyStreamBlocks() throws Exception {
        try (Differential d = Differential.open()) {
            d.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "10", "BLOCK", "50", "STREAMS", "rg:q", ">");
            d.same("XGROUP", "CREATE", "rg:q", "g", "0", "MKSTREAM");
            d.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "10", "BLOCK", "50", "STREAMS", "rg:q", ">");
        }
    }

    /** dragonfly#2294: a blocked ">" reader gets only entries never delivered to anyone. */
    @Test
    void wokenGroupReaderGetsOnlyNeverDeliveredEntries() throws Exception {
        try (RawClient admin = client(); RawClient reader = client()) {
            admin.callText("XGROUP", "CREATE", "rg:q", "g", "$", "MKSTREAM");
            admin.callText("XADD", "rg:q", "1-0", "n", "1");
            admin.callText("XREADGROUP", "GROUP", "g", "first", "STREAMS", "rg:q", ">");
            reader.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "second", "BLOCK", "0", "STREAMS", "rg:q", ">")));
            BlockingScenarios.awaitBlocked(admin, 1);
            admin.callText("XADD", "rg:q", "2-0", "n", "2");
            String reply = text(reader.readReply());
            assertTrue(reply.contains("2-0") && !reply.contains("1-0"), reply);
        }
    }

    /** dragonfly#6494: a history read of one stream does not turn the next stream's ">" into history. */
    @Test
    void historyReadDoesNotStickToTheNextStream() throws Exception {
        try (Differential d = Differential.open()) {
            for (String key : new String[] {"rg:a", "rg:b"}) {
                d.same("XADD", key, "1-0", "f", "v");
                d.same("XGROUP", "CREATE", key, "g", "0");
            }
            d.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "rg:a", "rg:b", "0", ">");
            d.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "rg:a", "rg:b", ">", "0");
        }
    }

    /** dragonfly#7958: a stream emptied by XDEL (last ID still set) makes a blocking read wait. */
    @Test
    void emptiedStreamBlocksUntilANewEntry() throws Exception {
        try (RawClient admin = client(); RawClient reader = client()) {
            admin.callText("XADD", "rg:q", "5-0", "f", "v");
            admin.callText("XGROUP", "CREATE", "rg:q", "g", "0");
            admin.callText("XDEL", "rg:q", "5-0");
            reader.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "rg:q", ">")));
            BlockingScenarios.awaitBlocked(admin, 1);
            admin.callText("XADD", "rg:q", "6-0", "f", "w");
            assertTrue(text(reader.readReply()).contains("6-0"));
        }
    }

    /** dragonfly#7872: COUNT holds when one burst of XADDs wakes several blocked consumers. */
    @Test
    void countIsHonouredWhenABurstWakesConsumers() throws Exception {
        RawClient[] consumers = new RawClient[4];
        try (RawClient admin = client()) {
            admin.callText("XGROUP", "CREATE", "rg:q", "workers", "$", "MKSTREAM");
            for (int i = 0; i < consumers.length; i++) {
                consumers[i] = client();
                consumers[i].send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "workers", "c" + i, "COUNT", "1",
                        "BLOCK", "0", "STREAMS", "rg:q", ">")));
                BlockingScenarios.awaitBlocked(admin, i + 1);
            }
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 50; i++) {
                burst.writeBytes(RawClient.encode(RawClient.bytes("XADD", "rg:q", "*", "f", Integer.toString(i))));
            }
            admin.send(burst.toByteArray());
            for (int i = 0; i < 50; i++) {
                admin.readReply();
            }
            for (RawClient consumer : consumers) {
                String reply = text(consumer.readReply());
                assertEquals(1, reply.split("\\r\\n\\*2\\r\\n\\$1\\r\\nf\\r\\n", -1).length - 1, reply);
            }
            assertTrue(admin.callText("XPENDING", "rg:q", "workers").startsWith("*4\r\n:4\r\n"));
        } finally {
            for (RawClient consumer : consumers) {
                if (consumer != null) {
                    consumer.close();
                }
            }
        }
    }

    /** dragonfly#8158: a multi-stream XREADGROUP that fails on one stream changes nothing on the others. */
    @Test
    void failedMultiStreamReadChangesNothing() throws Exception {
        try (Differential d = Differential.open()) {
            d.same("XADD", "rg:a", "1-0", "f", "v");
            d.same("XGROUP", "CREATE", "rg:a", "g", "0");
            d.same("XADD", "rg:b", "1-0", "f", "v");
            d.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "rg:a", "rg:b", ">", ">");
            d.same("XPENDING", "rg:a", "g");
            d.same("XINFO", "GROUPS", "rg:a");
        }
    }

    /** dragonfly#8067: a waiter that cannot use a change must not hide later waiters of the key. */
    @Test
    void aWaiterThatCannotUseAChangeDoesNotHideLaterOnes() throws Exception {
        try (RawClient admin = client(); RawClient plain = client(); RawClient grouped = client()) {
            admin.callText("XGROUP", "CREATE", "rg:q", "g", "0", "MKSTREAM");
            plain.send(RawClient.encode(RawClient.bytes("XREAD", "BLOCK", "0", "STREAMS", "rg:q", "$")));
            BlockingScenarios.awaitBlocked(admin, 1);
            grouped.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "rg:q", ">")));
            BlockingScenarios.awaitBlocked(admin, 2);
            admin.callText("DEL", "rg:q");
            assertEquals("-UNBLOCKED the stream key no longer exists\r\n", text(grouped.readReply()));
            BlockingScenarios.awaitBlocked(admin, 1); // XREAD keeps waiting for the stream to come back
            admin.callText("XADD", "rg:q", "1-0", "f", "v");
            assertTrue(text(plain.readReply()).contains("1-0"));
        }
    }

    /** dragonfly#8019 and #8031: FLUSHDB and expiry wake a blocked group reader too. */
    @Test
    void flushAndExpiryWakeBlockedGroupReaders() throws Exception {
        try (RawClient admin = client(); RawClient reader = client()) {
            admin.callText("SELECT", "3");
            reader.callText("SELECT", "3");
            admin.callText("XGROUP", "CREATE", "rg:q", "g", "$", "MKSTREAM");
            reader.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "rg:q", ">")));
            BlockingScenarios.awaitBlocked(admin, 1);
            admin.callText("FLUSHDB");
            assertEquals("-UNBLOCKED the stream key no longer exists\r\n", text(reader.readReply()));

            admin.callText("XGROUP", "CREATE", "rg:q", "g", "$", "MKSTREAM");
            admin.callText("PEXPIRE", "rg:q", "300");
            reader.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "rg:q", ">")));
            assertEquals("-UNBLOCKED the stream key no longer exists\r\n", text(reader.readReply()), "the active expiry cycle wakes it");
            admin.callText("FLUSHDB");
        }
    }

    /** dragonfly#7959: an XREAD waiting after an ID is not woken by an entry below that ID. */
    @Test
    void xreadIsWokenOnlyByEntriesAfterItsId() throws Exception {
        try (RawClient admin = client(); RawClient reader = client()) {
            admin.callText("XADD", "rg:q", "5-0", "f", "v");
            admin.callText("XDEL", "rg:q", "5-0");
            reader.send(RawClient.encode(RawClient.bytes("XREAD", "BLOCK", "0", "STREAMS", "rg:q", "100-0")));
            BlockingScenarios.awaitBlocked(admin, 1);
            admin.callText("XADD", "rg:q", "50-0", "f", "below");
            admin.callText("XADD", "rg:q", "150-0", "f", "above");
            String reply = text(reader.readReply());
            assertTrue(reply.contains("150-0") && !reply.contains("50-0\r\n*2\r\n$1\r\nf\r\n$5\r\nbelow"), reply);
        }
    }

    /**
     * dragonfly#8038: a blocked group reader is woken when another type overwrites its stream
     * (redis-server 7.0.15 answers this UNBLOCKED error, checked side by side).
     */
    @Test
    void overwritingTheStreamWakesABlockedGroupReader() throws Exception {
        try (RawClient admin = client(); RawClient reader = client()) {
            admin.callText("XGROUP", "CREATE", "rg:q", "g", "$", "MKSTREAM");
            reader.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "rg:q", ">")));
            BlockingScenarios.awaitBlocked(admin, 1);
            admin.callText("SET", "rg:q", "now a string");
            assertEquals("-UNBLOCKED the stream key no longer exists\r\n", text(reader.readReply()));
            admin.callText("DEL", "rg:q");
        }
    }
}
