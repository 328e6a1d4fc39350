package io.runnel.broker.zset;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.runnel.broker.testing.LettuceCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A priority queue as worker services build one on sorted sets, through Lettuce: workers wait in
 * BZPOPMIN on two queues (in different entities), a producer ZADDs jobs with rising priorities to
 * both; every job reaches exactly one worker with its score, and each worker takes each queue's
 * jobs lowest score first.
 */
class LettuceZSetQueueTest extends LettuceCase {

    @Test
    void workersInBzpopminGetEveryJobOnce() throws Exception {
        int workers = 8;
        int jobs = 2000;
        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        List<List<ScoredValue<String>>> seenByWorker = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger received = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(workers);
        List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            StatefulRedisConnection<String, String> connection = client.connect();
            connections.add(connection);
            RedisCommands<String, String> commands = connection.sync();
            List<ScoredValue<String>> seen = Collections.synchronizedList(new ArrayList<>());
            seenByWorker.add(seen);
            Thread worker = new Thread(() -> {
                try {
                    while (received.get() < jobs) {
                        KeyValue<String, ScoredValue<String>> job = commands.bzpopmin(1, "zq:urgent", "zq:normal");
                        if (job != null && job.hasValue()) {
                            deliveries.merge(job.getValue().getValue(), 1, Integer::sum);
                            seen.add(job.getValue());
                            received.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
            worker.setDaemon(true);
            worker.start();
        }
        try (StatefulRedisConnection<String, String> producer = client.connect()) {
            for (int i = 0; i < jobs; i++) {
                String queue = i % 3 == 0 ? "zq:urgent" : "zq:normal";
                producer.sync().zadd(queue, i + 0.5, queue + ":" + i);
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), "workers finished: " + received.get() + " of " + jobs);
            assertEquals(jobs, deliveries.size(), "every job delivered");
            assertTrue(deliveries.values().stream().allMatch(count -> count == 1), "no job delivered twice");
            assertEquals(0L, producer.sync().zcard("zq:urgent") + producer.sync().zcard("zq:normal"));
        } finally {
            connections.forEach(StatefulRedisConnection::close);
        }
        for (List<ScoredValue<String>> seen : seenByWorker) {
            for (String queue : new String[] {"zq:urgent", "zq:normal"}) {
                double last = -1;
                for (ScoredValue<String> job : new ArrayList<>(seen)) {
                    if (job.getValue().startsWith(queue + ":")) {
                        int number = Integer.parseInt(job.getValue().substring(queue.length() + 1));
                        assertEquals(number + 0.5, job.getScore(), "the score travels with the job");
                        assertTrue(job.getScore() > last, "order within " + queue + ": " + job.getScore() + " after " + last);
                        last = job.getScore();
                    }
                }
            }
        }
    }
}
