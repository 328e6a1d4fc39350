package io.runnel.broker.script;

import io.lettuce.core.ScriptOutputType;
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
 * Functions and scripts through Lettuce under concurrency: transfers between accounts in many
 * entities, made by FCALL and by EVALSHA, are never seen half done by a reader's FCALL_RO over all
 * accounts; and the variables a library's functions share are never raced (a counter bumped by
 * concurrent calls on different entities loses no increment).
 */
class LettuceFunctionAtomicityTest extends LettuceCase {

    private static final int ACCOUNTS = 12;
    private static final int BALANCE = 1000;
    private static final String LIBRARY = String.join("\n",
            "#!lua name=bank",
            "local calls = 0",
            "redis.register_function('transfer', function(keys, args)",
            "  calls = calls + 1",
            "  redis.call('DECRBY', keys[1], args[1])",
            "  redis.call('INCRBY', keys[2], args[1])",
            "  return calls",
            "end)",
            "redis.register_function('calls', function() return calls end)",
            "redis.register_function{function_name='total', flags={'no-writes'}, callback=function(keys)",
            "  local sum = 0",
            "  for _, key in ipairs(keys) do sum = sum + tonumber(redis.call('GET', key)) end",
            "  return sum",
            "end}");
    private static final String SCRIPT_TRANSFER = "redis.call('DECRBY', KEYS[1], ARGV[1]) return redis.call('INCRBY', KEYS[2], ARGV[1])";

    private static String account(int i) {
        return "fn:account:" + i;
    }

    @Test
    void transfersByFunctionsAndScriptsAreNeverSeenHalfDone() throws Exception {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("LettuceFunctionAtomicityTest seed=" + seed);
        String[] accounts = new String[ACCOUNTS];
        String sha;
        try (StatefulRedisConnection<String, String> setup = client.connect()) {
            setup.sync().functionFlush(io.lettuce.core.FlushMode.SYNC);
            setup.sync().functionLoad(LIBRARY);
            sha = setup.sync().scriptLoad(SCRIPT_TRANSFER);
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts[i] = account(i);
                setup.sync().set(accounts[i], Integer.toString(BALANCE));
            }
        }
        int writers = 4;
        int transfers = 250;
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger writersLeft = new AtomicInteger(writers);
        AtomicInteger byFunction = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Random random = new Random(seed + w);
            threads.add(new Thread(() -> {
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    RedisCommands<String, String> redis = connection.sync();
                    for (int t = 0; t < transfers; t++) {
                        int from = random.nextInt(ACCOUNTS);
                        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        String[] keys = {account(from), account(to)};
                        if (random.nextBoolean()) {
                            redis.fcall("transfer", ScriptOutputType.INTEGER, keys, "7");
                            byFunction.incrementAndGet();
                        } else {
                            redis.evalsha(sha, ScriptOutputType.INTEGER, keys, "7");
                        }
                    }
                } catch (RuntimeException e) {
                    problems.add("a transfer failed: " + e);
                } finally {
                    writersLeft.decrementAndGet();
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    RedisCommands<String, String> redis = connection.sync();
                    while (writersLeft.get() > 0) {
                        Long sum = redis.fcallReadOnly("total", ScriptOutputType.INTEGER, accounts);
                        if (sum != (long) ACCOUNTS * BALANCE) {
                            problems.add("a reader saw a total of " + sum);
                        }
                    }
                } catch (RuntimeException e) {
                    problems.add("a reader failed: " + e);
                }
            }));
        }
        runConcurrently(threads, problems, seed);
        try (StatefulRedisConnection<String, String> check = client.connect()) {
            Long total = check.sync().fcallReadOnly("total", ScriptOutputType.INTEGER, accounts);
            assertEquals((long) ACCOUNTS * BALANCE, total);
            Long calls = check.sync().fcall("calls", ScriptOutputType.INTEGER);
            assertEquals(byFunction.get(), calls.intValue(), "the library's shared counter lost increments");
            check.sync().functionFlush(io.lettuce.core.FlushMode.SYNC);
        }
    }
}
