package io.runnel.broker.persist;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.Resp;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With appendonly yes, everything written reaches the journal and a restarted server finds it
 * (and with appendonly no, everything saved reaches the dump file):
 * strings with their expiries, several databases, multi-entity commands, streams with groups,
 * pending entries, claims and extensions. A seeded random workload (printed seed, replay with
 * -Drunnel.seed=N) runs over TCP; the whole keyspace is read before the shutdown and after the
 * restart and must be the same, in every appendfsync mode.
 */
class PersistenceRestartTest {

    @TempDir
    Path dir;

    private static final String[] KEYS = {"a", "b", "c", "{t}x", "{t}y", "n1", "n2", "n3"};
    private static final String[] STREAMS = {"s1", "s2", "{t}s"};
    private static final String[] HASHES = {"h1", "h2", "{t}h"};

    /** "always", "everysec", "no": appendonly yes with that appendfsync; "dump": appendonly no, SAVE before each stop. */
    private RunnelServer start(String fsync) {
        if (fsync.equals("dump")) {
            return RunnelTestServer.start("--port", "0", "--appendonly", "no", "--save", "", "--dir", dir.toString());
        }
        return RunnelTestServer.start("--port", "0", "--appendonly", "yes", "--appendfsync", fsync,
                "--dir", dir.toString());
    }

    private static void saveIfDumping(String fsync, RawClient client) throws Exception {
        if (fsync.equals("dump")) {
            assertEquals("+OK\r\n", client.callText("SAVE"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"always", "everysec", "no", "dump"})
    void aRestartedServerFindsEverythingItWasTold(String fsync) throws Exception {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("PersistenceRestartTest seed=" + seed + " fsync=" + fsync);
        Random random = new Random(seed);
        String before;
        RunnelServer server = start(fsync);
        try (RawClient client = new RawClient(server.port())) {
            ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
            int commands = 0;
            for (int i = 0; i < 3000; i++) {
                pipeline.writeBytes(RawClient.encode(RawClient.bytes(randomCommand(random, i))));
                commands++;
                if (commands % 100 == 0) {
                    client.send(pipeline.toByteArray());
                    pipeline.reset();
                    for (int r = 0; r < 100; r++) {
                        client.readReply();
                    }
                }
            }
            pipeline.writeBytes(RawClient.encode(RawClient.bytes("EXEC"))); // ends a transaction left open
            client.send(pipeline.toByteArray());
            for (int r = 0; r < commands % 100 + 1; r++) {
                client.readReply();
            }
            before = fingerprint(client);
            assertTrue(before.contains("stream") && before.contains("hash") && before.contains("list"), before);
            saveIfDumping(fsync, client);
        } finally {
            server.close();
        }
        server = start(fsync);
        try (RawClient client = new RawClient(server.port())) {
            assertEquals(before, fingerprint(client), "seed " + seed);
            // and it goes on writing after recovery
            assertEquals("+OK\r\n", client.callText("SET", "after", "restart"));
            saveIfDumping(fsync, client);
        } finally {
            server.close();
        }
        server = start(fsync);
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("$7\r\nrestart\r\n", client.callText("GET", "after"));
        } finally {
            server.close();
        }
    }

    /**
     * A blocked group reader served by another client's XADD hears of its entry only once the
     * delivery is journaled: after a restart the entry is in its pending list.
     */
    @org.junit.jupiter.api.Test
    void aBlockedReaderServedByAWriteFindsItsDeliveryAfterARestart() throws Exception {
        RunnelServer server = start("always");
        try (RawClient reader = new RawClient(server.port()); RawClient writer = new RawClient(server.port())) {
            writer.call("XGROUP", "CREATE", "jobs", "workers", "$", "MKSTREAM");
            reader.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "workers", "w1", "BLOCK", "5000", "STREAMS", "jobs", ">")));
            Thread.sleep(100);
            writer.call("XADD", "jobs", "7-1", "task", "t");
            assertTrue(text(reader.readReply()).contains("7-1"));
        } finally {
            server.close();
        }
        server = start("always");
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("*4\r\n:1\r\n$3\r\n7-1\r\n$3\r\n7-1\r\n*1\r\n*2\r\n$2\r\nw1\r\n$1\r\n1\r\n",
                    text(client.call("XPENDING", "jobs", "workers")));
        } finally {
            server.close();
        }
    }

    private static String[] randomCommand(Random random, int i) {
        String key = KEYS[random.nextInt(KEYS.length)];
        String other = KEYS[random.nextInt(KEYS.length)];
        String stream = STREAMS[random.nextInt(STREAMS.length)];
        String value = Integer.toString(random.nextInt(1000));
        String group = "g" + random.nextInt(2);
        String consumer = "c" + random.nextInt(3);
        String hash = HASHES[random.nextInt(HASHES.length)];
        String field = "f" + random.nextInt(6);
        return switch (random.nextInt(51)) {
            case 34 -> new String[] {"SADD", "set" + random.nextInt(2), value, field};
            case 35 -> new String[] {"SREM", "set" + random.nextInt(2), value, field};
            case 37 -> new String[] {"ZADD", "zset" + random.nextInt(2), value, field, Integer.toString(random.nextInt(5)), "m" + value};
            case 38 -> new String[] {"ZINCRBY", "zset" + random.nextInt(2), "0.5", field};
            case 39 -> new String[] {random.nextBoolean() ? "ZPOPMIN" : "ZREM", "zset" + random.nextInt(2), field};
            case 40 -> new String[] {"ZUNIONSTORE", "zset" + random.nextInt(3), "2", "zset0", "zset1", "WEIGHTS", "1", "2"};
            case 41 -> new String[] {"SETBIT", key, Integer.toString(random.nextInt(64)), Integer.toString(random.nextInt(2))};
            case 42 -> new String[] {"BITFIELD", key, "INCRBY", "i5", Integer.toString(random.nextInt(40)), value};
            case 43 -> new String[] {"PFADD", "hll" + random.nextInt(2), value, field};
            case 44 -> random.nextBoolean() ? new String[] {"PFCOUNT", "hll" + random.nextInt(2)}
                    : new String[] {"PFMERGE", "hll" + random.nextInt(3), "hll0", "hll1"};
            case 45 -> new String[] {"GEOADD", "geo", Integer.toString(random.nextInt(100)), Integer.toString(random.nextInt(60)), field};
            case 46 -> new String[] {"GEOSEARCHSTORE", "geo" + random.nextInt(2), "geo", "FROMLONLAT", "50", "30", "BYRADIUS", "3000",
                "km", "STOREDIST"};
            case 36 -> new String[] {random.nextBoolean() ? "SUNIONSTORE" : "SDIFFSTORE", "set" + random.nextInt(3), "set0", "set1"};
            case 30 -> new String[] {random.nextBoolean() ? "LPUSH" : "RPUSH", "list" + random.nextInt(2), value, field};
            case 31 -> new String[] {random.nextBoolean() ? "LPOP" : "RPOP", "list" + random.nextInt(2)};
            case 32 -> new String[] {"LINSERT", "list" + random.nextInt(2), "BEFORE", field, value};
            case 33 -> new String[] {"LMOVE", "list0", "list1", random.nextBoolean() ? "LEFT" : "RIGHT", "LEFT"};
            case 26 -> new String[] {"HSET", hash, field, value, "f" + random.nextInt(6), value + "x"};
            case 27 -> new String[] {"HDEL", hash, field, "f" + random.nextInt(6)};
            case 28 -> new String[] {"HINCRBY", hash, "n" + random.nextInt(2), value};
            case 29 -> new String[] {"HINCRBYFLOAT", hash, "x", "0.5"};
            case 47 -> new String[] {"HPEXPIREAT", hash, Long.toString(4_000_000_000_000L + random.nextInt(1000)), "FIELDS", "2", field, "n0"};
            case 48 -> new String[] {"HPERSIST", hash, "FIELDS", "1", field};
            case 49 -> new String[] {"MULTI"}; // the commands up to the next EXEC run as one transaction
            case 50 -> new String[] {"EXEC"};
            case 0 -> new String[] {"SET", key, value};
            case 1 -> new String[] {"SET", key, value, "PXAT", Long.toString(4_000_000_000_000L + random.nextInt(1000))};
            case 2 -> new String[] {"INCRBY", key, value};
            case 3 -> new String[] {"APPEND", key, value};
            case 4 -> new String[] {"SETRANGE", key, Integer.toString(random.nextInt(5)), value};
            case 5 -> new String[] {"DEL", key, other};
            case 6 -> new String[] {"MSET", key, value, other, value + "m"};
            case 7 -> new String[] {"RENAME", key, other};
            case 8 -> new String[] {"PEXPIREAT", key, Long.toString(4_000_000_000_000L + random.nextInt(1000))};
            case 9 -> new String[] {"PERSIST", key};
            case 10 -> new String[] {"SELECT", Integer.toString(random.nextInt(3))};
            case 11 -> new String[] {"INCRBYFLOAT", key, "1.5"};
            case 12, 13, 14 -> new String[] {"XADD", stream, "*", "f", value};
            case 15 -> new String[] {"XGROUP", "CREATE", stream, group, "0", "MKSTREAM"};
            case 16 -> new String[] {"XREADGROUP", "GROUP", group, consumer, "COUNT", "3", "STREAMS", stream, ">"};
            case 17 -> new String[] {"XAUTOCLAIM", stream, group, consumer, "0", "0", "COUNT", "2"};
            case 18 -> new String[] {"XACK", stream, group, "0-1"};
            case 19 -> new String[] {"XTRIM", stream, "MAXLEN", "~", Integer.toString(random.nextInt(200))};
            case 20 -> new String[] {"XNACK", stream, group, "FAIL", "IDS", "1", "0-1"};
            case 21 -> new String[] {"COPY", stream, "copy:" + stream, "REPLACE"};
            case 22 -> new String[] {"XADD", stream, "IDMP", "p", "id" + random.nextInt(20), "*", "f", value};
            case 23 -> new String[] {"XSCHEDULE", stream, "IN", "100000000", "f", value};
            case 24 -> random.nextInt(20) == 0 ? new String[] {"SWAPDB", "1", "2"} : new String[] {"GET", key};
            default -> random.nextInt(40) == 0 ? new String[] {"FLUSHDB"} : new String[] {"XDEL", stream, "0-1"};
        };
    }

    /** Every key of databases 0-2 with its type, expiry and contents, in key order. */
    private static String fingerprint(RawClient client) throws Exception {
        StringBuilder out = new StringBuilder();
        for (int db = 0; db < 3; db++) {
            client.call("SELECT", Integer.toString(db));
            TreeMap<String, String> keys = new TreeMap<>();
            Resp.Node names = Resp.parse(client.call("KEYS", "*"));
            for (Resp.Node name : names.elements()) {
                String key = name.text();
                String type = client.callText("TYPE", key).trim();
                String contents = switch (type) {
                    case "+stream" -> text(client.call("XINFO", "STREAM", key, "FULL")) + text(client.call("XRANGE", key, "-", "+"));
                    case "+hash" -> text(client.call("HGETALL", key)) + " encoding " + text(client.call("OBJECT", "ENCODING", key))
                            + " times " + text(client.call("HPEXPIRETIME", key, "FIELDS", "9", "f0", "f1", "f2", "f3", "f4", "f5", "n0", "n1", "x"));
                    case "+list" -> text(client.call("LRANGE", key, "0", "-1"));
                    case "+zset" -> text(client.call("ZRANGE", key, "0", "-1", "WITHSCORES")) + " encoding "
                            + text(client.call("OBJECT", "ENCODING", key));
                    case "+set" -> new java.util.TreeSet<>(java.util.Arrays.asList(text(client.call("SMEMBERS", key)).split("\r\n")))
                            + " encoding " + text(client.call("OBJECT", "ENCODING", key));
                    default -> text(client.call("GET", key)) + " encoding " + text(client.call("OBJECT", "ENCODING", key));
                };
                keys.put(key, type + " expires " + text(client.call("PEXPIRETIME", key)) + " " + contents);
            }
            for (var entry : keys.entrySet()) {
                out.append(db).append(' ').append(entry.getKey()).append(' ').append(entry.getValue()).append('\n');
            }
        }
        client.call("SELECT", "0");
        return out.toString();
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }
}
