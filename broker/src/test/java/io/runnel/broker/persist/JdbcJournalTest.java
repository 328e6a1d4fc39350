package io.runnel.broker.persist;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.PostgresProcess;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared journal: with journal-backend jdbc, Runnel journals and snapshots into PostgreSQL
 * through Pekko's JDBC plugin (tables created on first start), and a restarted server, with no
 * local files at all, finds its data there. The test runs its own PostgreSQL cluster.
 */
class JdbcJournalTest {

    private static RunnelServer start(PostgresProcess postgres) {
        return RunnelTestServer.start("--port", "0", "--appendonly", "yes", "--journal-backend", "jdbc",
                "--jdbc-url", postgres.jdbcUrl(), "--jdbc-user", "runnel");
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }

    @Test
    void aRestartedServerFindsItsDataInPostgres() throws Exception {
        try (PostgresProcess postgres = PostgresProcess.start()) {
            RunnelServer server = start(postgres);
            try (RawClient client = new RawClient(server.port())) {
                for (int i = 0; i < 300; i++) {
                    client.call("SET", "key:" + i, "value:" + i);
                }
                client.call("INCRBY", "counter", "42");
                client.call("XADD", "jobs", "1-1", "task", "a");
                client.call("XGROUP", "CREATE", "jobs", "workers", "0");
                client.call("XREADGROUP", "GROUP", "workers", "w1", "STREAMS", "jobs", ">");
                assertEquals("$3\r\nlib\r\n", text(client.call("FUNCTION", "LOAD",
                        "#!lua name=lib\nredis.register_function('answer', function() return 42 end)")));
            } finally {
                server.close();
            }
            assertTrue(postgres.count("event_journal") > 0, "events are rows of PostgreSQL's journal");

            server = start(postgres);
            try (RawClient client = new RawClient(server.port())) {
                assertEquals(":302\r\n", text(client.call("DBSIZE")));
                assertEquals("$9\r\nvalue:299\r\n", text(client.call("GET", "key:299")));
                assertEquals("$2\r\n42\r\n", text(client.call("GET", "counter")));
                assertEquals(":42\r\n", text(client.call("FCALL", "answer", "0")));
                assertTrue(text(client.call("XPENDING", "jobs", "workers")).startsWith("*4\r\n:1\r\n"));
                assertEquals("+OK\r\n", text(client.call("SAVE")));
                client.call("SET", "after", "snapshot");
            } finally {
                server.close();
            }
            assertTrue(postgres.count("snapshot") > 0, "snapshots are rows too");

            server = start(postgres);
            try (RawClient client = new RawClient(server.port())) {
                assertEquals(":303\r\n", text(client.call("DBSIZE")));
                assertEquals("$8\r\nsnapshot\r\n", text(client.call("GET", "after")));
            } finally {
                server.close();
            }
        }
    }
}
