package io.runnel.broker.persist;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelProcess;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without a journal (appendonly no, Redis's default) the data lives on in the dump file, as in
 * Redis's dump.rdb: SAVE and BGSAVE write it, the save rules do, SHUTDOWN and SIGTERM do when save
 * rules are set (or SHUTDOWN SAVE asks; never with NOSAVE), and the next start loads it. A save
 * that cannot be written is reported and keeps SHUTDOWN from stopping the server; a damaged file
 * stops the start with its name.
 */
class DumpFileTest {

    @TempDir
    Path dir;

    private RunnelServer start(String... extra) {
        String[] arguments = new String[6 + extra.length];
        System.arraycopy(new String[] {"--port", "0", "--appendonly", "no", "--dir", dir.toString()}, 0, arguments, 0, 6);
        System.arraycopy(extra, 0, arguments, 6, extra.length);
        return RunnelTestServer.start(arguments);
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }

    private static String info(RawClient client, String field) throws Exception {
        for (String line : client.callText("INFO", "persistence").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new AssertionError("no INFO field " + field);
    }

    /** With save rules, FLUSHALL saves the emptied keyspace, so a restart does not bring the keys back. */
    @Test
    void flushallWithSaveRulesSavesTheEmptyKeyspace() throws Exception {
        RunnelServer server = start("--save", "3600 1");
        try (RawClient client = new RawClient(server.port())) {
            client.call("MSET", "a", "1", "{x}b", "2");
            assertEquals("+OK\r\n", client.callText("SAVE"));
            assertEquals("+OK\r\n", client.callText("FLUSHALL"));
            for (int i = 0; i < 100 && !info(client, "rdb_bgsave_in_progress").equals("0"); i++) {
                Thread.sleep(50);
            }
            assertEquals("ok", info(client, "rdb_last_bgsave_status"));
        } finally {
            server.close(); // an embedded server stops without saving
        }
        server = start("--save", "3600 1");
        try (RawClient client = new RawClient(server.port())) {
            assertEquals(":0\r\n", client.callText("DBSIZE"));
        } finally {
            server.close();
        }
    }

    @Test
    void saveAndBgsaveWriteWhatTheNextStartLoads() throws Exception {
        RunnelServer server = start("--save", "");
        try (RawClient client = new RawClient(server.port())) {
            client.call("MSET", "a", "1", "{x}b", "2", "c", "3");
            client.call("SET", "ttl", "v", "PXAT", "4000000000000");
            client.call("XADD", "jobs", "1-1", "task", "t1");
            client.call("XGROUP", "CREATE", "jobs", "workers", "0");
            client.call("XREADGROUP", "GROUP", "workers", "w1", "STREAMS", "jobs", ">");
            client.call("SELECT", "3");
            client.call("SET", "in-db-3", "x");
            client.call("SELECT", "0");
            assertTrue(Long.parseLong(info(client, "rdb_changes_since_last_save")) >= 6, "changes counted");
            assertEquals("+OK\r\n", client.callText("SAVE"));
            assertEquals("0", info(client, "rdb_changes_since_last_save"));
            assertTrue(Files.exists(dir.resolve("dump.rdb")));

            client.call("SET", "after-save", "y");
            assertEquals("+Background saving started\r\n", client.callText("BGSAVE"));
            for (int i = 0; i < 100 && !info(client, "rdb_bgsave_in_progress").equals("0"); i++) {
                Thread.sleep(50);
            }
            assertEquals("ok", info(client, "rdb_last_bgsave_status"));
            assertEquals("-ERR Runnel rewrites its journal only with appendonly yes\r\n", client.callText("BGREWRITEAOF"));
            client.call("SET", "never-saved", "z");
        } finally {
            server.close(); // an embedded server stops without saving
        }
        server = start("--save", "");
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\ny\r\n", client.callText("MGET", "a", "{x}b", "c", "after-save"));
            assertEquals(":4000000000000\r\n", client.callText("PEXPIRETIME", "ttl"));
            assertEquals(":0\r\n", client.callText("EXISTS", "never-saved"));
            assertTrue(text(client.call("XPENDING", "jobs", "workers")).startsWith("*4\r\n:1\r\n$3\r\n1-1"));
            client.call("SELECT", "3");
            assertEquals("$1\r\nx\r\n", client.callText("GET", "in-db-3"));
        } finally {
            server.close();
        }
    }

    @Test
    void aSaveRuleSavesOnItsOwn() throws Exception {
        RunnelServer server = start("--save", "1 2");
        try (RawClient client = new RawClient(server.port())) {
            client.call("SET", "one", "1");
            Thread.sleep(2500);
            assertFalse(Files.exists(dir.resolve("dump.rdb")), "one change is not enough for the rule");
            client.call("SET", "two", "2");
            for (int i = 0; i < 60 && !Files.exists(dir.resolve("dump.rdb")); i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(dir.resolve("dump.rdb")), "the rule saved");
        } finally {
            server.close();
        }
    }

    @Test
    void aSaveThatCannotBeWrittenKeepsShutdownFromStopping() throws Exception {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        RunnelServer server = RunnelTestServer.start("--port", "0", "--dir", gone.toString());
        try (RawClient client = new RawClient(server.port())) {
            client.call("SET", "k", "v");
            Files.delete(gone);
            assertTrue(client.callText("SAVE").startsWith("-ERR "), "the save fails");
            assertEquals("-ERR Errors trying to SHUTDOWN. Check logs.\r\n", client.callText("SHUTDOWN"));
            assertEquals("+PONG\r\n", client.callText("PING"), "still serving");
        } finally {
            server.close();
        }
    }

    @Test
    void aDamagedDumpFileStopsTheStartNamingIt() throws Exception {
        RunnelServer server = start("--save", "");
        try (RawClient client = new RawClient(server.port())) {
            client.call("SET", "k", "v");
            client.call("SAVE");
        } finally {
            server.close();
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("dump.rdb"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(dir.resolve("dump.rdb"), bytes);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> start("--save", ""));
        String message = failure.getCause().getMessage();
        assertTrue(message.contains("dump.rdb is damaged (checksum mismatch)"), message);
    }

    /** SIGTERM and SHUTDOWN stop a real process: with save rules it saves first, with NOSAVE not. */
    @Test
    void shutdownAndSigtermSaveUnlessToldNot() throws Exception {
        int port = RunnelProcess.freePort();
        String[] arguments = {"--port", Integer.toString(port), "--dir", dir.toString()}; // Redis's default save rules
        Process process = RunnelProcess.start(arguments);
        try (RawClient client = new RawClient(port)) {
            client.call("SET", "by-sigterm", "1");
        }
        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));

        process = RunnelProcess.start(arguments);
        try (RawClient client = new RawClient(port)) {
            assertEquals("$1\r\n1\r\n", client.callText("GET", "by-sigterm"));
            client.call("SET", "by-shutdown", "2");
            client.send(RawClient.encode(RawClient.bytes("SHUTDOWN")));
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));

        process = RunnelProcess.start(arguments);
        try (RawClient client = new RawClient(port)) {
            assertEquals("$1\r\n2\r\n", client.callText("GET", "by-shutdown"));
            client.call("SET", "not-saved", "3");
            client.send(RawClient.encode(RawClient.bytes("SHUTDOWN", "NOSAVE")));
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));

        process = RunnelProcess.start(arguments);
        try (RawClient client = new RawClient(port)) {
            assertEquals(":0\r\n", client.callText("EXISTS", "not-saved"));
            assertEquals(":1\r\n", client.callText("EXISTS", "by-shutdown"));
        } finally {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
