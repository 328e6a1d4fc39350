package io.runnel.broker.commands;

import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.runnel.broker.testing.LettuceCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Transactions through Lettuce under concurrency: transfers between accounts spread over many
 * entities never show half done to a reader's transaction, and WATCH-guarded increments from
 * several clients lose no update.
 */
class LettuceTransactionTest extends LettuceCase {

    private static final int ACCOUNTS = 12;
    private static final int BALANCE = 1000;

    private static String account(int i) {
        return "tx:account:" + i;
    }

    @Test
    void transfersAcrossEntitiesAreNeverSeenHalfDone() throws Exception {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("LettuceTransactionTest seed=" + seed);
        try (StatefulRedisConnection<String, String> setup = client.connect()) {
            for (int i = 0; i < ACCOUNTS; i++) {
                setup.sync().set(account(i), Integer.toString(BALANCE));
            }
        }
        int writers = 4;
        int readers = 2;
        int transfers = 300;
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger writersLeft = new AtomicInteger(writers);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Random random = new Random(seed + w);
            threads.add(new Thread(() -> {
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    RedisCommands<String, String> redis = connection.sync();
                    for (int t = 0; t < transfers; t++) {
                        int from = random.nextInt(ACCOUNTS);
                        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        redis.multi();
                        redis.decrby(account(from), 7);
                        redis.incrby(account(to), 7);
                        TransactionResult result = redis.exec();
                        if (result.wasDiscarded() || result.size() != 2) {
                            problems.add("transfer not applied: " + result);
                        }
                    }
                } finally {
                    writersLeft.decrementAndGet();
                }
            }));
        }
        for (int r = 0; r < readers; r++) {
            threads.add(new Thread(() -> {
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    RedisCommands<String, String> redis = connection.sync();
                    while (writersLeft.get() > 0) {
                        redis.multi();
                        for (int i = 0; i < ACCOUNTS; i++) {
                            redis.get(account(i));
                        }
                        TransactionResult result = redis.exec();
                        long sum = 0;
                        for (int i = 0; i < ACCOUNTS; i++) {
                            sum += Long.parseLong(result.get(i));
                        }
                        if (sum != (long) ACCOUNTS * BALANCE) {
                            problems.add("a reader saw a total of " + sum);
                        }
                    }
                }
            }));
        }
        runConcurrently(threads, problems, seed);
        try (StatefulRedisConnection<String, String> check = client.connect()) {
            long sum = 0;
            for (int i = 0; i < ACCOUNTS; i++) {
                sum += Long.parseLong(check.sync().get(account(i)));
            }
            assertEquals((long) ACCOUNTS * BALANCE, sum);
        }
    }

    @Test
    void watchGuardedIncrementsLoseNoUpdate() throws Exception {
        try (StatefulRedisConnection<String, String> setup = client.connect()) {
            setup.sync().set("tx:counter", "0");
        }
        int clients = 6;
        int increments = 60;
        AtomicInteger retries = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(new Thread(() -> {
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    RedisCommands<String, String> redis = connection.sync();
                    int done = 0;
                    while (done < increments) {
                        redis.watch("tx:counter");
                        long value = Long.parseLong(redis.get("tx:counter"));
                        redis.multi();
                        redis.set("tx:counter", Long.toString(value + 1));
                        if (redis.exec().wasDiscarded()) {
                            retries.incrementAndGet();
                        } else {
                            done++;
                        }
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        try (StatefulRedisConnection<String, String> check = client.connect()) {
            assertEquals(Integer.toString(clients * increments), check.sync().get("tx:counter"), "retries " + retries.get());
        }
    }
}
