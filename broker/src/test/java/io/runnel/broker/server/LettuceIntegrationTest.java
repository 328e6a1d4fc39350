package io.runnel.broker.server;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.runnel.broker.keyspace.SlotLayout;
import io.runnel.broker.testing.LettuceCase;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runnel through a real client, Lettuce 6, over TCP. */
class LettuceIntegrationTest extends LettuceCase {


    private static SlotLayout layout() {
        return RunnelTestServer.shared().context().router().layout();
    }

    private static int entity(String key) {
        return layout().entityOf(key.getBytes(StandardCharsets.UTF_8));
    }

    /** A key with {@code prefix} that lives in a different entity than {@code other}. */
    private static String keyOutside(String prefix, String other) {
        for (int i = 0; ; i++) {
            String key = prefix + (i == 0 ? "" : "~" + i);
            if (entity(key) != entity(other)) {
                return key;
            }
        }
    }

    @Test
    void syncAndAsyncCommandsOverResp3() throws Exception {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            assertEquals("PONG", sync.ping());
            assertEquals("OK", sync.set("lettuce:a", "1"));
            assertEquals("1", sync.get("lettuce:a"));
            assertEquals(2L, sync.incr("lettuce:a"));
            assertEquals("hi", sync.echo("hi"));
            // Lettuce 6 negotiates RESP3 with HELLO 3
            long id = sync.clientId();
            String info = sync.clientList();
            String self = info.lines().filter(l -> l.startsWith("id=" + id + " ")).findFirst().orElseThrow();
            assertTrue(self.contains(" resp=3"), self);
            assertTrue(sync.info("server").contains("redis_version:7.2.4"));
            assertEquals("10000", sync.configGet("maxclients").get("maxclients"));
            assertTrue(sync.dbsize() >= 1);

            RedisAsyncCommands<String, String> async = connection.async();
            RedisFuture<String> set = async.set("lettuce:b", "x");
            RedisFuture<String> get = async.get("lettuce:b");
            RedisFuture<Long> del = async.del("lettuce:a", "lettuce:b");
            assertEquals("OK", set.get(10, TimeUnit.SECONDS));
            assertEquals("x", get.get(10, TimeUnit.SECONDS));
            assertEquals(2L, del.get(10, TimeUnit.SECONDS));
            assertEquals(null, sync.get("lettuce:a"));
        }
    }

    @Test
    void thousandsOfPipelinedCommands() throws Exception {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();
            connection.setAutoFlushCommands(false);
            int count = 20_000;
            List<RedisFuture<?>> futures = new ArrayList<>(count * 2);
            for (int i = 0; i < count; i++) {
                futures.add(async.set("pipe:" + i, "value-" + i));
                futures.add(async.incr("pipe:counter"));
            }
            connection.flushCommands();
            assertTrue(LettuceFutures.awaitAll(Duration.ofSeconds(60), futures.toArray(RedisFuture[]::new)));
            for (int i = 0; i < count; i++) {
                assertEquals((long) i + 1, futures.get(2 * i + 1).get(), "INCR replies in order");
            }
            List<RedisFuture<String>> gets = new ArrayList<>();
            for (int i = 0; i < count; i += 7) {
                gets.add(async.get("pipe:" + i));
            }
            connection.flushCommands();
            assertTrue(LettuceFutures.awaitAll(Duration.ofSeconds(60), gets.toArray(RedisFuture[]::new)));
            for (int i = 0, g = 0; i < count; i += 7, g++) {
                assertEquals("value-" + i, gets.get(g).get());
            }
            connection.setAutoFlushCommands(true);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                keys.add("pipe:" + i);
            }
            keys.add("pipe:counter");
            assertEquals(count + 1L, connection.sync().del(keys.toArray(String[]::new)));
        }
    }

    /**
     * A producer pipelines SET job:N then SET ready:N (different entities); any client that sees
     * ready:N must find job:N, whether it reads the two one after the other or pipelined.
     */
    @Test
    void aPipelineTakesEffectInOrderForEveryObserver() throws Exception {
        int jobs = 3000;
        String[] jobKeys = new String[jobs];
        String[] readyKeys = new String[jobs];
        for (int n = 0; n < jobs; n++) {
            jobKeys[n] = "job:" + n;
            readyKeys[n] = keyOutside("ready:" + n, jobKeys[n]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (StatefulRedisConnection<String, String> producer = client.connect()) {
            producer.sync().del(jobKeys);
            producer.sync().del(readyKeys);
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                boolean pipelined = r % 2 == 1;
                readers.add(pool.submit(reader(jobKeys, readyKeys, pipelined)));
            }
            RedisAsyncCommands<String, String> async = producer.async();
            producer.setAutoFlushCommands(false);
            List<RedisFuture<?>> writes = new ArrayList<>();
            for (int n = 0; n < jobs; n++) {
                writes.add(async.set(jobKeys[n], "payload-" + n));
                writes.add(async.set(readyKeys[n], "1"));
                if (n % 100 == 99) {
                    producer.flushCommands();
                }
            }
            producer.flushCommands();
            assertTrue(LettuceFutures.awaitAll(Duration.ofSeconds(60), writes.toArray(RedisFuture[]::new)));
            int seen = 0;
            for (Future<Integer> reader : readers) {
                seen += reader.get(120, TimeUnit.SECONDS);
            }
            assertEquals(3 * jobs, seen, "every reader saw every job ready");
            producer.setAutoFlushCommands(true);
            producer.sync().del(jobKeys);
            producer.sync().del(readyKeys);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Callable<Integer> reader(String[] jobKeys, String[] readyKeys, boolean pipelined) {
        return () -> {
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> sync = connection.sync();
                RedisAsyncCommands<String, String> async = connection.async();
                int seen = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                for (int n = 0; n < jobKeys.length && System.nanoTime() < deadline; ) {
                    String ready;
                    String job;
                    if (pipelined) {
                        RedisFuture<String> r = async.get(readyKeys[n]);
                        RedisFuture<String> j = async.get(jobKeys[n]);
                        ready = r.get(20, TimeUnit.SECONDS);
                        job = j.get(20, TimeUnit.SECONDS);
                    } else {
                        ready = sync.get(readyKeys[n]);
                        job = ready == null ? null : sync.get(jobKeys[n]);
                    }
                    if (ready == null) {
                        continue; // not produced yet: poll the same job again
                    }
                    assertEquals("payload-" + n, job, "ready:" + n + " was visible before job:" + n);
                    seen++;
                    n++;
                }
                return seen;
            }
        };
    }

    /** MSET over keys of several entities is atomic for a concurrent MGET. */
    @Test
    void msetAcrossEntitiesIsNeverSeenHalfApplied() throws Exception {
        Map<Integer, String> byEntity = new LinkedHashMap<>();
        for (int i = 0; byEntity.size() < 6; i++) {
            byEntity.putIfAbsent(entity("atomic:" + i), "atomic:" + i);
        }
        String[] keys = byEntity.values().toArray(String[]::new);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (StatefulRedisConnection<String, String> writer = client.connect()) {
            Map<String, String> initial = new LinkedHashMap<>();
            for (String key : keys) {
                initial.put(key, "v0");
            }
            writer.sync().mset(initial);
            int rounds = 2000;
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    try (StatefulRedisConnection<String, String> connection = client.connect()) {
                        int distinct = 0;
                        String last = "v0";
                        for (int i = 0; i < rounds; i++) {
                            List<KeyValue<String, String>> values = connection.sync().mget(keys);
                            String first = values.get(0).getValue();
                            for (KeyValue<String, String> value : values) {
                                assertEquals(first, value.getValue(), "MGET saw a mix: " + values);
                            }
                            if (!first.equals(last)) {
                                distinct++;
                                last = first;
                            }
                        }
                        return distinct;
                    }
                }));
            }
            for (int round = 1; round <= rounds; round++) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String key : keys) {
                    values.put(key, "v" + round);
                }
                assertEquals("OK", writer.sync().mset(values));
            }
            for (Future<Integer> reader : readers) {
                reader.get(120, TimeUnit.SECONDS);
            }
            assertNotEquals(0L, writer.sync().del(keys));
        } finally {
            pool.shutdownNow();
        }
    }
}
