package io.runnel.broker.persist;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A disk that refuses writes (full, here simulated by the journal's fault file): the write that
 * met it waits, writes after it are refused with Redis's MISCONF error while reads go on, INFO
 * shows aof_last_write_status:err; when the disk takes writes again the waiting write completes,
 * writes are accepted again, and after a restart nothing acknowledged is missing.
 */
class JournalWriteErrorTest {

    @TempDir
    Path dir;

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }

    /** A journaled server whose journal fails while {@code fault} exists (the journal's fault-file). */
    private RunnelServer startWithFaultFile(Path fault, String... extra) {
        System.setProperty("runnel.journal.fault-file", fault.toString());
        com.typesafe.config.ConfigFactory.invalidateCaches(); // the configuration caches system properties
        String[] arguments = new String[6 + extra.length];
        System.arraycopy(new String[] {"--port", "0", "--appendonly", "yes", "--dir", dir.toString()}, 0, arguments, 0, 6);
        System.arraycopy(extra, 0, arguments, 6, extra.length);
        return RunnelTestServer.start(arguments);
    }

    private static void stopForgettingFaultFile(RunnelServer server) {
        server.close();
        System.clearProperty("runnel.journal.fault-file");
        com.typesafe.config.ConfigFactory.invalidateCaches();
    }

    /** A library change the journal refuses is answered with the reason, never left waiting; once there is space, changes are written. */
    @Test
    void aFunctionLibraryChangeOnAFullDiskIsRefused() throws Exception {
        Path fault = dir.resolve("disk-full");
        RunnelServer server = startWithFaultFile(fault);
        String library = "#!lua name=full\nredis.register_function('f', function() return 1 end)";
        try (RawClient client = new RawClient(server.port())) {
            Files.createFile(fault);
            assertEquals("-MISCONF Errors writing to the AOF file: No space left on device\r\n",
                    text(client.call("FUNCTION", "LOAD", library)));
            Files.delete(fault);
            String accepted = "";
            for (int i = 0; i < 250 && !accepted.equals("$4\r\nfull\r\n"); i++) {
                Thread.sleep(20); // the journal takes writes again once it has seen the space back
                accepted = text(client.call("FUNCTION", "LOAD", "REPLACE", library));
            }
            assertEquals("$4\r\nfull\r\n", accepted);
        } finally {
            stopForgettingFaultFile(server);
        }
        server = RunnelTestServer.start("--port", "0", "--appendonly", "yes", "--dir", dir.toString());
        try (RawClient client = new RawClient(server.port())) {
            assertEquals(":1\r\n", text(client.call("FCALL", "f", "0")));
        } finally {
            server.close();
        }
    }

    /**
     * What Redis 7.0 refuses while its AOF cannot be written, beyond plain write commands (the
     * replies below were taken from redis-server with its AOF on a full tmpfs): PING; a write
     * queued in MULTI (EXEC then aborts for previous errors); EXEC of a transaction that queued a
     * write before the disk filled (EXECABORT with the reason); a write spanning entities; a
     * script whose shebang does not say no-writes; a script without shebang at its first write.
     * Reads, read-only transactions and no-writes scripts go on.
     */
    @Test
    void whatMayWriteIsRefusedWhileTheDiskIsFull() throws Exception {
        Path fault = dir.resolve("disk-full");
        RunnelServer server = startWithFaultFile(fault);
        String misconf = "-MISCONF Errors writing to the AOF file: No space left on device\r\n";
        try (RawClient queued = new RawClient(server.port()); RawClient client = new RawClient(server.port());
             RawClient stuck = new RawClient(server.port())) {
            assertEquals("+OK\r\n", text(queued.call("MULTI")));
            assertEquals("+QUEUED\r\n", text(queued.call("SET", "x", "1")));
            Files.createFile(fault);
            stuck.send(RawClient.encode(RawClient.bytes("SET", "during", "2"))); // meets the full disk, waits
            String refused = "";
            for (int i = 0; i < 100 && !refused.startsWith("-MISCONF"); i++) {
                Thread.sleep(20);
                refused = text(client.call("SET", "k", "v"));
            }
            assertEquals(misconf, refused);
            assertEquals(misconf, text(client.call("PING")));
            assertEquals(misconf, text(client.call("MSET", "a", "1", "b", "2", "c", "3")), "a write spanning entities");
            assertEquals("$-1\r\n", text(client.call("GET", "x")));
            assertEquals("-EXECABORT Transaction discarded because of: MISCONF Errors writing to the AOF file: "
                    + "No space left on device\r\n", text(queued.call("EXEC")));
            assertEquals("-ERR EXEC without MULTI\r\n", text(queued.call("EXEC")), "the transaction is over");

            assertEquals("+OK\r\n", text(client.call("MULTI")));
            assertEquals("+QUEUED\r\n", text(client.call("GET", "x")));
            assertEquals("*1\r\n$-1\r\n", text(client.call("EXEC")), "a read-only transaction runs");
            assertEquals("+OK\r\n", text(client.call("MULTI")));
            assertEquals(misconf, text(client.call("SET", "x", "2")));
            assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", text(client.call("EXEC")));

            assertEquals(misconf, text(client.call("EVAL", "#!lua\nreturn 1", "0")));
            assertEquals(":1\r\n", text(client.call("EVAL", "#!lua flags=no-writes\nreturn 1", "0")));
            assertEquals("-MISCONF Errors writing to the AOF file: No space left on device script: "
                    + "5a394deccd7685759bc05b9c015e3fb4d820451a, on @user_script:1.\r\n",
                    text(client.call("EVAL", "return redis.call('SET','y','1')", "0")));
            assertEquals(misconf, text(client.call("EVAL", "local r = redis.pcall('SET','y','1') return r", "0")));
            assertEquals(":1\r\n", text(client.call("EVAL", "return 1", "0")));
            Files.delete(fault);
            stuck.readReply();
        } finally {
            stopForgettingFaultFile(server);
        }
    }

    @Test
    void writesAreRefusedWhileTheDiskIsFullAndResumeAfterIt() throws Exception {
        Path fault = dir.resolve("disk-full");
        RunnelServer server = startWithFaultFile(fault, "--appendfsync", "always");
        try {
            try (RawClient client = new RawClient(server.port()); RawClient stuck = new RawClient(server.port())) {
                assertEquals("+OK\r\n", text(client.call("SET", "before", "1")));
                Files.createFile(fault); // the disk fills up

                stuck.send(RawClient.encode(RawClient.bytes("SET", "during", "2")));
                CompletableFuture<String> stuckReply = CompletableFuture.supplyAsync(() -> {
                    try {
                        return text(stuck.readReply());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                String refused = "";
                for (int i = 0; i < 100 && !refused.startsWith("-MISCONF"); i++) {
                    Thread.sleep(20);
                    refused = text(client.call("SET", "during", "3"));
                }
                assertEquals("-MISCONF Errors writing to the AOF file: No space left on device\r\n", refused);
                assertEquals("$1\r\n1\r\n", text(client.call("GET", "before")), "reads go on");
                assertTrue(text(client.call("INFO", "persistence")).contains("aof_last_write_status:err"));
                assertFalse(stuckReply.isDone(), "the write that met the full disk is not acknowledged");

                Files.delete(fault); // space again
                assertEquals("+OK\r\n", stuckReply.get(10, TimeUnit.SECONDS));
                String accepted = "";
                for (int i = 0; i < 100 && !accepted.equals("+OK\r\n"); i++) {
                    Thread.sleep(20);
                    accepted = text(client.call("SET", "after", "4"));
                }
                assertEquals("+OK\r\n", accepted);
                assertTrue(text(client.call("INFO", "persistence")).contains("aof_last_write_status:ok"));
            }
        } finally {
            stopForgettingFaultFile(server);
        }
        server = RunnelTestServer.start("--port", "0", "--appendonly", "yes", "--dir", dir.toString());
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n4\r\n", text(client.call("MGET", "before", "during", "after")));
        } finally {
            server.close();
        }
    }
}
