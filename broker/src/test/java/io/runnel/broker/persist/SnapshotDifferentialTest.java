package io.runnel.broker.persist;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RedisServerProcess;
import io.runnel.broker.testing.Resp;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SAVE, BGSAVE, BGREWRITEAOF and LASTSAVE against a redis-server with appendonly yes: the same
 * replies and errors (LASTSAVE's time compared by type). Then what Runnel's snapshots do: the
 * journal is compacted to what came after them, and a restart finds everything.
 */
class SnapshotDifferentialTest {

    @TempDir
    Path dir;

    private RedisServerProcess redis;
    private RunnelServer runnel;
    private Differential d;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start("--appendonly", "yes");
        runnel = RunnelTestServer.start("--port", "0", "--appendonly", "yes", "--dir", dir.toString());
        d = Differential.connect(redis.port(), runnel.port());
    }

    @AfterEach
    void stop() {
        d.close();
        runnel.close();
        redis.stop();
    }

    /** Waits until neither server has a snapshot or rewrite under way. */
    private void idle() throws Exception {
        for (int i = 0; i < 200; i++) {
            String[] info = d.replies("INFO", "persistence");
            if (info[0].contains("rdb_bgsave_in_progress:0") && info[0].contains("aof_rewrite_in_progress:0")
                    && info[0].contains("aof_rewrite_scheduled:0") && info[1].contains("rdb_bgsave_in_progress:0")
                    && info[1].contains("aof_rewrite_in_progress:0") && info[1].contains("aof_rewrite_scheduled:0")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("a save did not end");
    }

    /** Without a journal (appendonly no, the dump file): the same replies, the same count of changes. */
    @Test
    void withoutAJournalRepliesAndChangeCountsAreRedis() throws Exception {
        stop();
        redis = RedisServerProcess.start();
        runnel = RunnelTestServer.start("--port", "0", "--appendonly", "no", "--save", "", "--dir", dir.toString());
        d = Differential.connect(redis.port(), runnel.port());
        d.same("SET", "k", "v");
        d.same("MSET", "a", "1", "b", "2", "c", "3");
        d.same("INCR", "n");
        d.same("DEL", "a", "missing");
        d.same("XADD", "s", "1-1", "f", "v");
        String[] changes = changesSinceLastSave();
        assertEquals(changes[0], changes[1], "rdb_changes_since_last_save");
        d.same("SAVE");
        changes = changesSinceLastSave();
        assertEquals("0", changes[0]);
        assertEquals(changes[0], changes[1]);
        d.same("SET", "k2", "v");
        d.same("BGSAVE");
        idle();
        d.same("BGSAVE", "SCHEDULE");
        idle();
        d.same("BGSAVE", "NOW");
        d.same("SAVE", "extra");
        d.same("DBSIZE");
    }

    private String[] changesSinceLastSave() {
        String[] info = d.replies("INFO", "persistence");
        String[] counts = new String[2];
        for (int i = 0; i < 2; i++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("rdb_changes_since_last_save:(\\d+)").matcher(info[i]);
            assertTrue(m.find(), info[i]);
            counts[i] = m.group(1);
        }
        return counts;
    }

    @Test
    void repliesAndErrorsAreRedis() throws Exception {
        idle();
        d.same("SET", "k", "v");
        d.same("SAVE");
        d.same("BGSAVE", "NOW");
        d.same("BGSAVE", "SCHEDULE", "EXTRA");
        d.same("BGSAVE");
        idle();
        d.same("BGREWRITEAOF");
        idle();
        d.same("BGSAVE", "SCHEDULE");
        idle();
        d.same("SAVE", "extra");
        d.same("LASTSAVE", "extra");
        Resp.Node[] lastsave = d.parsed("LASTSAVE");
        assertEquals(lastsave[0].type(), lastsave[1].type());
        assertTrue(Math.abs(Long.parseLong(lastsave[0].text()) - Long.parseLong(lastsave[1].text())) < 30);
        String[] info = d.replies("INFO", "persistence");
        for (String field : new String[] {"rdb_changes_since_last_save:0", "rdb_last_bgsave_status:ok", "aof_last_bgrewrite_status:ok",
                "aof_enabled:1"}) {
            assertTrue(info[0].contains(field) && info[1].contains(field), field + "\n" + info[1]);
        }
    }

    @Test
    void aRewriteCompactsTheJournalAndARestartFindsEverything() throws Exception {
        try (RawClient client = new RawClient(runnel.port())) {
            for (int i = 0; i < 5000; i++) {
                client.call("SET", "key:" + i, "value:" + i);
            }
            client.call("XADD", "jobs", "1-1", "task", "a");
            client.call("XGROUP", "CREATE", "jobs", "workers", "0");
            client.call("XREADGROUP", "GROUP", "workers", "w1", "STREAMS", "jobs", ">");
            long before = journalBytes();
            assertEquals("+Background append only file rewriting started\r\n", text(client.call("BGREWRITEAOF")));
            for (int i = 0; i < 200 && !text(client.call("INFO", "persistence")).contains("aof_rewrites:1"); i++) {
                Thread.sleep(50);
            }
            assertTrue(text(client.call("INFO", "persistence")).contains("aof_rewrites:1"));
            Thread.sleep(300); // the journal drops the replaced events just after the snapshots are safe
            long after = journalBytes();
            assertTrue(after < before / 10, "journal " + before + " bytes before the rewrite, " + after + " after");
            client.call("SET", "after", "rewrite");
            client.call("XACK", "jobs", "workers", "1-1");
            assertEquals("+OK\r\n", text(client.call("SAVE")));
            client.call("SET", "after", "save");
        }
        runnel.close();
        runnel = RunnelTestServer.start("--port", "0", "--appendonly", "yes", "--dir", dir.toString());
        try (RawClient client = new RawClient(runnel.port())) {
            assertEquals(":5002\r\n", text(client.call("DBSIZE")));
            assertEquals("$10\r\nvalue:4999\r\n", text(client.call("GET", "key:4999")));
            assertEquals("$4\r\nsave\r\n", text(client.call("GET", "after")));
            assertEquals("*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n", text(client.call("XPENDING", "jobs", "workers")));
        }
        d.close();
        d = Differential.connect(redis.port(), runnel.port());
    }

    private long journalBytes() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("appendonlydir"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("segment-")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }
}
