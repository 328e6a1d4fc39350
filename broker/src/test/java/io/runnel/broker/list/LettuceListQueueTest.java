package io.runnel.broker.list;

import io.lettuce.core.KeyValue;
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
 * A job queue as worker services build one on lists, through Lettuce: workers wait in BRPOP on
 * two queues (in different entities), a producer pushes jobs to both; every job reaches exactly
 * one worker, and each queue's jobs in the order they were pushed.
 */
class LettuceListQueueTest extends LettuceCase {

    @Test
    void workersInBrpopGetEveryJobOnce() throws Exception {
        int workers = 8;
        int jobs = 2000;
        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        List<List<String>> seenByWorker = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger received = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(workers);
        List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            StatefulRedisConnection<String, String> connection = client.connect();
            connections.add(connection);
            RedisCommands<String, String> commands = connection.sync();
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            seenByWorker.add(seen);
            Thread worker = new Thread(() -> {
                try {
                    while (received.get() < jobs) {
                        KeyValue<String, String> job = commands.brpop(1, "lq:urgent", "lq:normal");
                        if (job != null) {
                            deliveries.merge(job.getValue(), 1, Integer::sum);
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
                String queue = i % 3 == 0 ? "lq:urgent" : "lq:normal";
                producer.sync().lpush(queue, queue + ":" + i);
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), "workers finished: " + received.get() + " of " + jobs);
            assertEquals(jobs, deliveries.size(), "every job delivered");
            assertTrue(deliveries.values().stream().allMatch(count -> count == 1), "no job delivered twice");
            assertEquals(0L, producer.sync().llen("lq:urgent") + producer.sync().llen("lq:normal"));
        } finally {
            connections.forEach(StatefulRedisConnection::close);
        }
        // a worker sees each queue's jobs in push order (LPUSH + BRPOP is first in, first out)
        for (List<String> seen : seenByWorker) {
            for (String queue : new String[] {"lq:urgent", "lq:normal"}) {
                int last = -1;
                for (String job : new ArrayList<>(seen)) {
                    if (job.startsWith(queue + ":")) {
                        int number = Integer.parseInt(job.substring(queue.length() + 1));
                        assertTrue(number > last, "order within " + queue + ": " + number + " after " + last);
                        last = number;
                    }
                }
            }
        }
    }
}
