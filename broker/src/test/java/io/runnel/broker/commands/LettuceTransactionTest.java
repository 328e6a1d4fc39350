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

    /**
     * Plain commands on the entities that transactions hold keep their order and lose nothing:
     * while transfers move amounts between accounts in many entities, other clients pipeline
     * INCRs on counters beside each account (same hash tag, so the same entity), which wait
     * for the transactions holding it. Each client's replies count up one by one, every INCR
     * lands, and the transfers' total stays whole.
     */
    private static final String SLOW_TRANSFER = "local left = redis.call('DECRBY', KEYS[1], ARGV[1]) "
            + "for i = 1, 100000 do end "
            + "redis.call('INCRBY', KEYS[2], ARGV[1]) return left";

    @Test
    void plainCommandsOnHeldEntitiesKeepOrderAndLoseNothing() throws Exception {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("LettuceTransactionTest mixed seed=" + seed);
        int accounts = 8;
        java.util.function.IntFunction<String> balance = i -> "{mix" + i + "}balance";
        java.util.function.IntFunction<String> hits = i -> "{mix" + i + "}hits";
        try (StatefulRedisConnection<String, String> setup = client.connect()) {
            for (int i = 0; i < accounts; i++) {
                setup.sync().set(balance.apply(i), Integer.toString(BALANCE));
                setup.sync().del(hits.apply(i));
            }
        }
        int transferers = 3;
        int counters = 4;
        AtomicInteger transferersLeft = new AtomicInteger(transferers);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger[] sent = new AtomicInteger[accounts];
        for (int i = 0; i < accounts; i++) {
            sent[i] = new AtomicInteger();
        }
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < transferers; w++) {
            Random random = new Random(seed + w);
            threads.add(new Thread(() -> {
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    RedisCommands<String, String> redis = connection.sync();
                    for (int t = 0; t < 150; t++) {
                        int from = random.nextInt(accounts);
                        int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                        if (t % 2 == 0) {
                            // a script holds its entities longer: the INCRs arriving meanwhile wait parked
                            redis.eval(SLOW_TRANSFER, io.lettuce.core.ScriptOutputType.INTEGER,
                                    new String[] {balance.apply(from), balance.apply(to)}, "3");
                            continue;
                        }
                        redis.multi();
                        redis.decrby(balance.apply(from), 3);
                        redis.get(hits.apply(from));
                        redis.incrby(balance.apply(to), 3);
                        TransactionResult result = redis.exec();
                        if (result.wasDiscarded() || result.size() != 3) {
                            problems.add("transfer not applied: " + result);
                        }
                    }
                } finally {
                    transferersLeft.decrementAndGet();
                }
            }));
        }
        for (int c = 0; c < counters; c++) {
            int account = c % 2; // two clients per entity, each with a counter of its own beside the shared one
            String key = "{mix" + account + "}own" + c;
            threads.add(new Thread(() -> {
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    // its own counter has one client: its INCRs, pipelined, must answer 1, 2, 3, ...
                    connection.sync().del(key);
                    long expected = 0;
                    while (transferersLeft.get() > 0 || expected < 200) {
                        List<io.lettuce.core.RedisFuture<Long>> replies = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            replies.add(connection.async().incr(key));
                            replies.add(connection.async().incr(hits.apply(account)));
                            sent[account].incrementAndGet();
                        }
                        for (int i = 0; i < replies.size(); i += 2) {
                            long own = replies.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
                            replies.get(i + 1).get(60, java.util.concurrent.TimeUnit.SECONDS);
                            if (own != ++expected) {
                                problems.add(key + " answered " + own + " to INCR number " + expected);
                                return;
                            }
                        }
                    }
                } catch (Exception e) {
                    problems.add(e.toString());
                }
            }));
        }
        runConcurrently(threads, problems, seed);
        try (StatefulRedisConnection<String, String> check = client.connect()) {
            long sum = 0;
            for (int i = 0; i < accounts; i++) {
                sum += Long.parseLong(check.sync().get(balance.apply(i)));
                String counted = check.sync().get(hits.apply(i));
                assertEquals(sent[i].get(), counted == null ? 0 : Integer.parseInt(counted), "seed " + seed + ": " + hits.apply(i));
            }
            assertEquals((long) accounts * BALANCE, sum, "seed " + seed);
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
