package io.runnel.broker.persist;

import io.runnel.broker.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills the server with SIGKILL under load and restarts it on the same directory. Writers on
 * several connections record every acknowledgement (SET of unique keys, XADD to a stream, group
 * reads that deliver entries into the pending list), then every acknowledged write is looked for
 * after the restart. With appendfsync always none may be missing; with everysec only writes
 * acknowledged in the last two seconds before the kill may be, and each writer's surviving
 * writes form a prefix of what it was told (no later write survives an earlier loss).
 *
 * <p>A killed process loses only what it had not yet handed to the operating system, so both
 * modes are held to what a process crash can show: a reply sent before its record reached the
 * journal file fails them (tried: replying first loses writes within a few runs). What fsync
 * adds, surviving a power loss, no process kill can show.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    private static final int WRITERS = 4;

    private record Ack(String key, String value, long at) {
    }

    private static int freePort() throws IOException {
        return io.runnel.broker.testing.RunnelProcess.freePort();
    }

    private Process launch(int port, String fsync) throws Exception {
        return io.runnel.broker.testing.RunnelProcess.start("--port", Integer.toString(port), "--appendonly", "yes",
                "--appendfsync", fsync, "--dir", dir.toString());
    }

    private List<List<Ack>> loadThenKill(Process process, int port, long[] killedAt) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<List<Ack>> acks = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            List<Ack> mine = java.util.Collections.synchronizedList(new ArrayList<>());
            acks.add(mine);
            int writer = w;
            Thread thread = new Thread(() -> {
                try (RawClient client = new RawClient(port)) {
                    for (int i = 0; running.get(); i++) {
                        String key = "w" + writer + ":" + i;
                        String reply = new String(client.call("SET", key, "v" + i), StandardCharsets.UTF_8);
                        if (reply.equals("+OK\r\n")) {
                            mine.add(new Ack(key, "v" + i, System.currentTimeMillis()));
                        }
                        if (i % 10 == 0) {
                            String id = new String(client.call("XADD", "{crash}jobs", "*", "writer", Integer.toString(writer),
                                    "n", Integer.toString(i)), StandardCharsets.UTF_8);
                            if (id.startsWith("$")) {
                                mine.add(new Ack("xadd", id.split("\r\n")[1], System.currentTimeMillis()));
                            }
                            // the other types: a hash field, a list element, a set member per writer
                            String n = Integer.toString(i);
                            if (new String(client.call("HSET", "{crash}h" + writer, "f" + n, n), StandardCharsets.UTF_8).startsWith(":")) {
                                mine.add(new Ack("hash|{crash}h" + writer + "|f" + n, n, System.currentTimeMillis()));
                            }
                            if (new String(client.call("RPUSH", "{crash}l" + writer, n), StandardCharsets.UTF_8).startsWith(":")) {
                                mine.add(new Ack("list|{crash}l" + writer, n, System.currentTimeMillis()));
                            }
                            if (new String(client.call("SADD", "{crash}s" + writer, n), StandardCharsets.UTF_8).startsWith(":")) {
                                mine.add(new Ack("set|{crash}s" + writer, n, System.currentTimeMillis()));
                            }
                        }
                    }
                } catch (Exception e) {
                    // the server was killed under us: what was acknowledged is recorded
                }
            });
            writers.add(thread);
            thread.start();
        }
        Thread.sleep(2500);
        killedAt[0] = System.currentTimeMillis();
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        process.waitFor(10, TimeUnit.SECONDS);
        running.set(false);
        for (Thread thread : writers) {
            thread.join(10_000);
        }
        return acks;
    }

    /** The acknowledged writes that the restarted server does not have, per writer. */
    private static List<List<Ack>> missing(int port, List<List<Ack>> acks) throws Exception {
        List<List<Ack>> missing = new ArrayList<>();
        try (RawClient client = new RawClient(port)) {
            String stream = new String(client.call("XRANGE", "{crash}jobs", "-", "+"), StandardCharsets.UTF_8);
            for (List<Ack> mine : acks) {
                List<Ack> lost = new ArrayList<>();
                for (Ack ack : mine) {
                    String bulk = "$" + ack.value().length() + "\r\n" + ack.value() + "\r\n";
                    String[] parts = ack.key().split("\\|");
                    boolean present = switch (parts[0]) {
                        case "xadd" -> stream.contains("\r\n" + ack.value() + "\r\n");
                        case "hash" -> new String(client.call("HGET", parts[1], parts[2]), StandardCharsets.UTF_8).equals(bulk);
                        case "list" -> new String(client.call("LRANGE", parts[1], "0", "-1"), StandardCharsets.UTF_8).contains("\r\n" + bulk);
                        case "set" -> new String(client.call("SISMEMBER", parts[1], ack.value()), StandardCharsets.UTF_8).equals(":1\r\n");
                        default -> new String(client.call("GET", ack.key()), StandardCharsets.UTF_8).equals(bulk);
                    };
                    if (!present) {
                        lost.add(ack);
                    }
                }
                missing.add(lost);
            }
        }
        return missing;
    }

    @Test
    void withAppendfsyncAlwaysNoAcknowledgedWriteIsLost() throws Exception {
        int port = freePort();
        Process process = launch(port, "always");
        long[] killedAt = new long[1];
        List<List<Ack>> acks = loadThenKill(process, port, killedAt);
        int total = acks.stream().mapToInt(List::size).sum();
        assertTrue(total > 500, "acknowledged writes: " + total);

        process = launch(port, "always");
        try {
            List<List<Ack>> lost = missing(port, acks);
            for (int w = 0; w < WRITERS; w++) {
                assertEquals(List.of(), lost.get(w), "writer " + w + " of " + total + " acknowledged writes");
            }
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withAppendfsyncEverysecTheLossIsRecentAndInOrder() throws Exception {
        int port = freePort();
        Process process = launch(port, "everysec");
        long[] killedAt = new long[1];
        List<List<Ack>> acks = loadThenKill(process, port, killedAt);
        int total = acks.stream().mapToInt(List::size).sum();
        assertTrue(total > 500, "acknowledged writes: " + total);

        process = launch(port, "everysec");
        try {
            List<List<Ack>> lost = missing(port, acks);
            for (int w = 0; w < WRITERS; w++) {
                List<Ack> mine = acks.get(w);
                List<Ack> gone = lost.get(w);
                for (Ack ack : gone) {
                    assertTrue(killedAt[0] - ack.at() <= 2000,
                            "writer " + w + " lost a write acknowledged " + (killedAt[0] - ack.at()) + " ms before the kill");
                }
                if (!gone.isEmpty()) {
                    // what survives is a prefix: everything after the first loss is lost too
                    int first = mine.indexOf(gone.get(0));
                    assertEquals(mine.subList(first, mine.size()), gone, "writer " + w + ": a later write survived an earlier loss");
                }
            }
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
