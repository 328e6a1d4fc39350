package io.runnel.broker.stream;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.runnel.broker.testing.LettuceCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job queue on a consumer group through Lettuce (RESP3): several workers block in
 * XREADGROUP on their own connections while a producer adds jobs; every job is delivered to
 * exactly one worker and acknowledged.
 */
class LettuceStreamTest extends LettuceCase {


    @Test
    void blockedWorkersShareTheJobsOfOneGroup() throws Exception {
        int workers = 4;
        int jobs = 400;
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            admin.sync().del("lettuce:jobs");
            admin.sync().xgroupCreate(XReadArgs.StreamOffset.from("lettuce:jobs", "$"), "workers", XGroupCreateArgs.Builder.mkstream());
            List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
            List<CompletableFuture<Set<String>>> results = new ArrayList<>();
            Set<String> delivered = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
            for (int w = 0; w < workers; w++) {
                StatefulRedisConnection<String, String> connection = client.connect();
                connections.add(connection);
                String name = "worker-" + w;
                results.add(CompletableFuture.supplyAsync(() -> {
                    Set<String> mine = new HashSet<>();
                    var sync = connection.sync();
                    while (delivered.size() < jobs) {
                        List<StreamMessage<String, String>> batch = sync.xreadgroup(Consumer.from("workers", name),
                                XReadArgs.Builder.block(200).count(10), XReadArgs.StreamOffset.lastConsumed("lettuce:jobs"));
                        for (StreamMessage<String, String> message : batch) {
                            if (!delivered.add(message.getId())) {
                                duplicates.incrementAndGet();
                            }
                            mine.add(message.getBody().get("job"));
                            sync.xack("lettuce:jobs", "workers", message.getId());
                        }
                    }
                    return mine;
                }));
            }
            RedisAsyncCommands<String, String> producer = admin.async();
            for (int i = 0; i < jobs; i++) {
                producer.xadd("lettuce:jobs", Map.of("job", Integer.toString(i)));
            }
            Set<String> all = new HashSet<>();
            int total = 0;
            for (CompletableFuture<Set<String>> result : results) {
                Set<String> mine = result.get(60, TimeUnit.SECONDS);
                total += mine.size();
                all.addAll(mine);
            }
            assertEquals(0, duplicates.get(), "no job delivered twice");
            assertEquals(jobs, all.size());
            assertEquals(jobs, total);
            assertEquals(0L, admin.sync().xpending("lettuce:jobs", "workers").getCount());
            assertTrue(results.stream().filter(r -> !r.join().isEmpty()).count() >= 2, "the work was shared");
            connections.forEach(StatefulRedisConnection::close);
        }
    }
}
