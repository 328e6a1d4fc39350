package io.runnel.broker.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * Base of the tests that go through Lettuce: one client for the class, pointed at the shared
 * Runnel server, shut down after the last test.
 */
public abstract class LettuceCase {

    protected static RedisClient client;

    @BeforeAll
    static void connectLettuce() {
        client = RedisClient.create(RedisURI.create("127.0.0.1", RunnelTestServer.port()));
        client.setDefaultTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void shutdownLettuce() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /**
     * A job queue under load: {@code workers} connections call {@code take} (null when their wait
     * timed out) until {@code jobs} jobs were taken, while a producer connection runs
     * {@code produce}. Asserts that every job (named by {@code id}) reached exactly one worker and
     * that {@code left} finds nothing queued afterwards; returns what each worker took, in order.
     */
    protected static <T> java.util.List<java.util.List<T>> runQueue(int workers, int jobs,
            java.util.function.Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> take,
            java.util.function.Function<T, String> id,
            java.util.function.Consumer<io.lettuce.core.api.sync.RedisCommands<String, String>> produce,
            java.util.function.ToLongFunction<io.lettuce.core.api.sync.RedisCommands<String, String>> left) throws Exception {
        java.util.Map<String, Integer> deliveries = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.List<java.util.List<T>> seenByWorker = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(workers);
        java.util.List<io.lettuce.core.api.StatefulRedisConnection<String, String>> connections = new java.util.ArrayList<>();
        for (int w = 0; w < workers; w++) {
            io.lettuce.core.api.StatefulRedisConnection<String, String> connection = client.connect();
            connections.add(connection);
            java.util.List<T> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            seenByWorker.add(seen);
            Thread worker = new Thread(() -> {
                try {
                    while (received.get() < jobs) {
                        T job = take.apply(connection.sync());
                        if (job != null) {
                            deliveries.merge(id.apply(job), 1, Integer::sum);
                            seen.add(job);
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
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> producer = client.connect()) {
            produce.accept(producer.sync());
            org.junit.jupiter.api.Assertions.assertTrue(done.await(60, java.util.concurrent.TimeUnit.SECONDS),
                    "workers finished: " + received.get() + " of " + jobs);
            org.junit.jupiter.api.Assertions.assertEquals(jobs, deliveries.size(), "every job delivered");
            org.junit.jupiter.api.Assertions.assertTrue(deliveries.values().stream().allMatch(count -> count == 1),
                    "no job delivered twice");
            org.junit.jupiter.api.Assertions.assertEquals(0L, left.applyAsLong(producer.sync()));
        } finally {
            connections.forEach(io.lettuce.core.api.StatefulRedisConnection::close);
        }
        return seenByWorker;
    }

    /** Starts the threads, waits for them (2 minutes at most each) and asserts that none reported a problem. */
    protected static void runConcurrently(java.util.List<Thread> threads, java.util.Collection<String> problems, long seed)
            throws InterruptedException {
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        org.junit.jupiter.api.Assertions.assertTrue(problems.isEmpty(), "seed " + seed + ": " + problems.stream().limit(5).toList());
    }
}
