package io.runnel.broker.commands;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One seeded random run per collection type against redis-server: a few keys, small member pools
 * (so that members meet again), now and then a member long enough to change the encoding, and
 * the type's commands with random arguments, edge values included. Replies are compared exactly,
 * except where a hash table's order is each server's own. The seed is printed.
 */
class CollectionRandomDifferentialTest extends DifferentialCase {

    private SplittableRandom random;
    private final List<String> history = new ArrayList<>();

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String member() {
        return random.nextInt(40) == 0 ? "long-" + "m".repeat(70) : pick("a", "b", "c", "d", "e", "f", "g", "1", "2", "10", "-3", "");
    }

    private String score() {
        return pick("0", "1", "1.5", "-2", "2", "3", "+inf", "-inf", "1e10", "0x10", "5", "7");
    }

    private String bound() {
        return pick("-inf", "+inf", "0", "1", "(1", "2", "(2", "5", "(7", "-2", "1e10");
    }

    private String lexBound() {
        return pick("-", "+", "[a", "(a", "[c", "(d", "[", "(", "[1", "(g");
    }

    private String index() {
        return pick("0", "1", "2", "-1", "-2", "-5", "5", "100", "-100");
    }

    private void run(String name, int commands, java.util.function.Supplier<String[]> next, java.util.Set<String> unordered) {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println(name + " seed=" + seed);
        random = new SplittableRandom(seed);
        for (int i = 0; i < commands; i++) {
            String[] command = next.get();
            history.add(String.join(" ", command));
            if (history.size() > 30) {
                history.remove(0);
            }
            try {
                if (unordered.contains(command[0])) {
                    d.sameUnordered(command);
                } else {
                    d.same(command);
                }
            } catch (AssertionError e) {
                throw new AssertionError(name + " seed=" + seed + ", command #" + i + "; recent:\n  " + String.join("\n  ", history)
                        + "\n" + e.getMessage(), e);
            }
        }
    }

    private String key() {
        return pick("k1", "k2", "{k}3");
    }

    @Test
    void sortedSets() {
        run("sorted sets", 2500, () -> switch (random.nextInt(16)) {
            case 0, 1, 2 -> {
                List<String> c = new ArrayList<>(List.of("ZADD", key()));
                if (random.nextInt(4) == 0) {
                    c.add(pick("NX", "XX", "GT", "LT", "CH", "INCR"));
                }
                for (int n = random.nextInt(3); n >= 0; n--) {
                    c.add(score());
                    c.add(member());
                }
                yield c.toArray(new String[0]);
            }
            case 3 -> new String[] {"ZINCRBY", key(), score(), member()};
            case 4 -> new String[] {"ZREM", key(), member(), member()};
            case 5 -> new String[] {pick("ZRANGE", "ZREVRANGE"), key(), index(), index(), "WITHSCORES"};
            case 6 -> new String[] {pick("ZRANGEBYSCORE", "ZREVRANGEBYSCORE"), key(), bound(), bound(), "WITHSCORES", "LIMIT", index(), index()};
            // lex ranges are defined over equal scores (else even Redis's answer depends on its skip list's levels)
            case 7 -> random.nextBoolean() ? new String[] {pick("ZRANGEBYLEX", "ZREVRANGEBYLEX"), "lex", lexBound(), lexBound()}
                    : new String[] {"ZADD", "lex", "0", member(), "0", member()};
            case 8 -> new String[] {pick("ZCOUNT", "ZREMRANGEBYSCORE"), key(), bound(), bound()};
            case 9 -> random.nextInt(3) > 0 ? new String[] {pick("ZLEXCOUNT", "ZREMRANGEBYLEX"), "lex", lexBound(), lexBound()}
                    : new String[] {"ZREM", "lex", member()};
            case 10 -> new String[] {pick("ZRANK", "ZREVRANK", "ZSCORE"), key(), member()};
            case 11 -> new String[] {"ZREMRANGEBYRANK", key(), index(), index()};
            case 12 -> new String[] {pick("ZPOPMIN", "ZPOPMAX"), key(), pick("1", "2", "0")};
            case 13 -> new String[] {pick("ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"), key(), "2", key(), key()};
            case 14 -> new String[] {pick("ZUNION", "ZINTER", "ZDIFF"), "2", key(), key(), "WITHSCORES"};
            default -> new String[] {pick("ZCARD", "ZRANDMEMBER"), key()}.length > 0 && random.nextBoolean()
                    ? new String[] {"ZCARD", key()} : new String[] {"OBJECT", "ENCODING", key()};
        }, java.util.Set.of());
    }

    @Test
    void sets() {
        run("sets", 2500, () -> switch (random.nextInt(9)) {
            case 0, 1, 2 -> new String[] {"SADD", key(), member(), member(), member()};
            case 3 -> new String[] {"SREM", key(), member(), member()};
            case 4 -> new String[] {pick("SISMEMBER", "SMISMEMBER"), key(), member()};
            case 5 -> new String[] {pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), key(), key(), key()};
            case 6 -> new String[] {pick("SINTER", "SUNION", "SDIFF", "SMEMBERS"), key(), key()};
            case 7 -> new String[] {"SMOVE", key(), key(), member()};
            default -> random.nextBoolean() ? new String[] {"SCARD", key()} : new String[] {"OBJECT", "ENCODING", key()};
        }, java.util.Set.of("SINTER", "SUNION", "SDIFF", "SMEMBERS"));
    }

    @Test
    void lists() {
        run("lists", 2500, () -> switch (random.nextInt(10)) {
            case 0, 1, 2 -> new String[] {pick("LPUSH", "RPUSH", "LPUSHX", "RPUSHX"), key(), member(), member()};
            case 3 -> new String[] {pick("LPOP", "RPOP"), key(), pick("1", "2", "0")};
            case 4 -> new String[] {pick("LRANGE", "LTRIM"), key(), index(), index()};
            case 5 -> new String[] {"LINSERT", key(), pick("BEFORE", "AFTER"), member(), member()};
            case 6 -> new String[] {"LREM", key(), pick("0", "1", "-1", "2"), member()};
            case 7 -> new String[] {pick("LSET", "LINDEX"), key(), index(), member()}.length > 0 && random.nextBoolean()
                    ? new String[] {"LSET", key(), index(), member()} : new String[] {"LINDEX", key(), index()};
            case 8 -> new String[] {"LPOS", key(), member(), "RANK", pick("1", "-1", "2"), "COUNT", pick("0", "1", "2")};
            default -> new String[] {"LMOVE", key(), key(), pick("LEFT", "RIGHT"), pick("LEFT", "RIGHT")};
        }, java.util.Set.of());
    }

    @Test
    void hashes() {
        run("hashes", 2500, () -> switch (random.nextInt(8)) {
            case 0, 1, 2 -> new String[] {pick("HSET", "HSETNX"), key(), member(), member()};
            case 3 -> new String[] {"HDEL", key(), member(), member()};
            case 4 -> new String[] {pick("HGET", "HEXISTS", "HSTRLEN"), key(), member()};
            case 5 -> new String[] {"HINCRBY", key(), member(), pick("1", "-5", "100")};
            case 6 -> new String[] {pick("HGETALL", "HKEYS", "HVALS"), key()};
            default -> random.nextBoolean() ? new String[] {"HLEN", key()} : new String[] {"OBJECT", "ENCODING", key()};
        }, java.util.Set.of("HGETALL", "HKEYS", "HVALS"));
    }
}
