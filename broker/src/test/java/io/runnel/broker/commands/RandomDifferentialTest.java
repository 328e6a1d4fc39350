package io.runnel.broker.commands;

import io.runnel.broker.testing.Differential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random mixes of the string and key commands over a small key space spread across entities,
 * every reply compared with redis-server's. The seed is printed; rerun a failure with
 * {@code -Drunnel.seed=<seed>}.
 *
 * <p>Only deterministic replies are compared exactly. Expiry times relative to each server's
 * clock are far in the future and of distinct magnitudes, so that no reply depends on the
 * milliseconds between the two servers: TTL and PTTL are compared with a tolerance, GT/LT only
 * ever compare absolute times with each other or with relative ones days apart.
 */
class RandomDifferentialTest {

    /** Commands per run; raise it with -Drunnel.commands to search longer. */
    private static final int COMMANDS = Integer.getInteger("runnel.commands", 6000);
    private static final String[] KEYS = {"a", "b", "c", "d", "e", "{x}1", "{x}2", "{x}3", "{y}1", "{y}2", "k1", "k2",
            "k3", "k4", "k5", "n1", "n2", "f1", "f2", "s"};
    private static final String[] VALUES = {"", "0", "1", "5", "-1", "42", "9999", "10000", "123456789",
            "9223372036854775807", "-9223372036854775808", "01", "+1", " 3", "1.5", "-0.25", "3.0e2", "inf", "abc",
            "hello world", "x".repeat(44), "y".repeat(45), "ohmytext", "mynewtext", "\u0000\r\n"};
    private static final String[] INTEGERS = {"0", "1", "-1", "7", "100", "-1000", "9223372036854775807",
            "-9223372036854775808", "1.5", "abc", ""};
    private static final String[] FLOATS = {"0", "0.1", "-0.1", "1.5", "10.5", "1e30", "-1e30", "3", "-0", "1e-20",
            "2.5e3", "abc", "inf", "5.", ".5", "0x10"};
    private static final String[] PATTERNS = {"*", "?", "k*", "{x}*", "*1", "[ab]", "[^ab]*", "n?", "*e*", "\\{*"};
    /** Relative expiries in seconds: days, and days apart. */
    private static final long[] RELATIVE_SECONDS = {100_000, 200_000, 300_000};

    private Differential d;
    private SplittableRandom random;
    private long absoluteBase;
    private final Deque<String> history = new ArrayDeque<>();

    @BeforeEach
    void open() {
        d = Differential.open();
    }

    @AfterEach
    void close() {
        d.both("SELECT", "0");
        d.close();
    }

    @Test
    void randomCommandsReplyAsRedis() {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        random = new SplittableRandom(seed);
        // absolute expiries (in seconds) are weeks ahead, beyond every relative one
        absoluteBase = System.currentTimeMillis() / 1000 + 30L * 24 * 3600;
        for (int i = 0; i < COMMANDS; i++) {
            if (i == COMMANDS / 2) {
                d.resp3();
            }
            String[] command = next();
            try {
                check(command);
            } catch (AssertionError e) {
                throw new AssertionError("seed=" + seed + ", command #" + i + "; recent commands:\n  "
                        + String.join("\n  ", history) + "\n" + e.getMessage(), e);
            }
        }
        check(command("DBSIZE"));
    }

    private void check(String[] command) {
        history.addLast(String.join(" ", command));
        if (history.size() > 30) {
            history.removeFirst();
        }
        switch (command[0]) {
            case "KEYS", "HGETALL", "HKEYS", "HVALS", "SMEMBERS", "SINTER", "SUNION", "SDIFF" -> d.sameUnordered(command); // a hash table's order is each server's own
            case "TTL", "EXPIRETIME" -> d.sameWithin(2, command);
            case "PTTL", "PEXPIRETIME" -> d.sameWithin(2000, command);
            case "SCAN" -> d.sameScan("MATCH", command[1]);
            case "DBSIZE" -> {
                // Redis 7.0 counts keys that expired (SET ... EXAT 1) until something removes
                // them; a full SCAN removes them in both servers
                d.sameScan();
                d.same(command);
            }
            default -> d.same(command);
        }
    }

    private String key() {
        return KEYS[random.nextInt(KEYS.length)];
    }

    private String value() {
        return VALUES[random.nextInt(VALUES.length)];
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private String relativeSeconds() {
        return Long.toString(RELATIVE_SECONDS[random.nextInt(RELATIVE_SECONDS.length)]);
    }

    private String relativeMillis() {
        return Long.toString(RELATIVE_SECONDS[random.nextInt(RELATIVE_SECONDS.length)] * 1000 + random.nextInt(1000));
    }

    private String absoluteSeconds() {
        return Long.toString(absoluteBase + random.nextInt(3) * 7L * 24 * 3600);
    }

    private String absoluteMillis() {
        return Long.toString((absoluteBase + random.nextInt(3) * 7L * 24 * 3600) * 1000 + random.nextInt(3) * 250);
    }

    /** A SET/GETEX expiry option with its amount; now and then an invalid or past one. */
    private List<String> expiry() {
        int kind = random.nextInt(10);
        return switch (kind) {
            case 0 -> List.of("EX", relativeSeconds());
            case 1 -> List.of("PX", relativeMillis());
            case 2 -> List.of("EXAT", absoluteSeconds());
            case 3 -> List.of("PXAT", absoluteMillis());
            case 4 -> List.of(pick("EX", "PX", "EXAT", "PXAT"), pick("0", "-5", "abc", "9223372036854775807"));
            case 5 -> List.of(pick("EXAT", "PXAT"), "1");
            default -> List.of(pick("ex", "px"), kind % 2 == 0 ? relativeSeconds() : relativeMillis());
        };
    }

    private String field() {
        return pick("f1", "f2", "f3", "n", "");
    }

    private String[] keys(int max) {
        int count = 1 + random.nextInt(max);
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = key();
        }
        return out;
    }

    private static String[] command(String name, String... args) {
        String[] out = new String[args.length + 1];
        out[0] = name;
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }

    private static String[] command(List<String> words) {
        return words.toArray(new String[0]);
    }

    private String[] next() {
        int choice = random.nextInt(75);
        return switch (choice) {
            case 0, 1, 2 -> set();
            case 3, 4 -> command("GET", key());
            case 5 -> command("GETSET", key(), value());
            case 6 -> command("GETDEL", key());
            case 7 -> getex();
            case 8 -> command("MGET", keys(5));
            case 9 -> mset("MSET");
            case 10 -> mset("MSETNX");
            case 11 -> command("SETNX", key(), value());
            case 12 -> command("SETEX", key(), chance(90) ? relativeSeconds() : pick("0", "-1", "abc"), value());
            case 13 -> command("PSETEX", key(), chance(90) ? relativeMillis() : pick("0", "-1", "abc"), value());
            case 14, 15 -> command(pick("INCR", "DECR"), key());
            case 16 -> command(pick("INCRBY", "DECRBY"), key(), INTEGERS[random.nextInt(INTEGERS.length)]);
            case 17, 18 -> command("INCRBYFLOAT", key(), FLOATS[random.nextInt(FLOATS.length)]);
            case 19 -> command("APPEND", key(), pick("", "x", "12", "abc", "-"));
            case 20 -> command("STRLEN", key());
            case 21 -> command("SETRANGE", key(), pick("0", "1", "3", "10", "-1", "abc"), pick("", "Z", "xyz"));
            case 22 -> command(pick("GETRANGE", "SUBSTR"), key(), pick("0", "1", "-1", "-3", "5", "-100"),
                    pick("0", "-1", "2", "-2", "100"));
            case 23 -> lcs();
            case 24, 25 -> command(pick("DEL", "UNLINK"), keys(3));
            case 26 -> command(pick("EXISTS", "TOUCH"), keys(4));
            case 27 -> command("TYPE", key());
            case 28 -> command("KEYS", PATTERNS[random.nextInt(PATTERNS.length)]);
            case 29 -> command(pick("RENAME", "RENAMENX"), key(), key());
            case 30 -> copy();
            case 31 -> command("MOVE", key(), pick("0", "1", "1", "16"));
            case 32, 33 -> expire();
            case 34, 35 -> command(pick("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"), key());
            case 36 -> command("PERSIST", key());
            case 37, 38 -> command("OBJECT", pick("ENCODING", "REFCOUNT"), key());
            case 39 -> command("SCAN", PATTERNS[random.nextInt(PATTERNS.length)]);
            case 40 -> command("DBSIZE");
            case 41 -> chance(10) ? command("SELECT", pick("0", "1")) : command("GET", key());
            case 42 -> chance(3) ? command("FLUSHDB") : command("EXISTS", key());
            case 43 -> command("SET", key(), pick("1", "2", "3", "10", "9998", "-5"));
            case 44 -> command("MSET", "{x}1", value(), "{x}2", value(), "{x}3", value());
            case 45, 46 -> chance(80) ? command(pick("HSET", "HMSET"), key(), field(), value(), field(), value())
                    : command("HSETNX", key(), field(), value());
            case 47 -> command(pick("HGET", "HEXISTS", "HSTRLEN"), key(), field());
            case 48 -> chance(50) ? command("HMGET", key(), field(), field()) : command(pick("HGETALL", "HKEYS", "HVALS", "HLEN"), key());
            case 49 -> command("HDEL", key(), field(), field());
            case 50 -> command("HINCRBY", key(), field(), INTEGERS[random.nextInt(INTEGERS.length)]);
            case 51 -> command("HINCRBYFLOAT", key(), field(), FLOATS[random.nextInt(FLOATS.length)]);
            case 52, 53 -> command(pick("LPUSH", "RPUSH", "LPUSHX", "RPUSHX"), key(), field(), value());
            case 54 -> chance(50) ? command(pick("LPOP", "RPOP"), key()) : command(pick("LPOP", "RPOP"), key(), pick("0", "1", "3"));
            case 55 -> command(pick("LRANGE", "LTRIM"), key(), pick("0", "1", "-1", "-3"), pick("0", "2", "-1", "-2"));
            case 56 -> chance(50) ? command("LREM", key(), pick("0", "1", "-1"), field())
                    : command("LINSERT", key(), pick("BEFORE", "AFTER"), field(), value());
            case 58 -> command(pick("SADD", "SREM"), key(), pick("1", "2", "-3", "a", "01"), pick("1", "5", "b", "f1"));
            case 59 -> command(pick("SISMEMBER", "SMISMEMBER"), key(), pick("1", "a", "01"));
            case 60 -> command(pick("SMEMBERS", "SCARD"), key());
            case 61 -> command(pick("SINTER", "SUNION", "SDIFF"), keys(3));
            case 63 -> command("ZADD", key(), pick("1", "2.5", "-1", "inf", "x"), field(), pick("1", "0", "1e300"), value());
            case 64 -> command(pick("ZINCRBY", "ZADD"), key(), pick("1", "INCR", "NX", "GT"), pick("1", "-2.5"), field());
            case 65 -> chance(50) ? command(pick("ZRANGE", "ZREVRANGE"), key(), pick("0", "1", "-1"), pick("-1", "2"), "WITHSCORES")
                    : command(pick("ZRANGEBYSCORE", "ZCOUNT", "ZREMRANGEBYSCORE"), key(), pick("-inf", "1", "(1"), pick("+inf", "2"));
            case 66 -> command(pick("ZSCORE", "ZRANK", "ZREM", "ZPOPMIN", "ZPOPMAX", "ZCARD"), key(), field());
            case 68 -> command(pick("SETBIT", "GETBIT"), key(), pick("0", "7", "13", "100", "-1"), pick("0", "1"));
            case 69 -> chance(50) ? command("BITCOUNT", key(), pick("0", "1", "-1"), pick("-1", "3"), pick("BIT", "BYTE"))
                    : command("BITPOS", key(), pick("0", "1"), pick("0", "2", "-2"));
            case 70 -> chance(50) ? command("BITOP", pick("AND", "OR", "XOR"), key(), key(), key())
                    : command("BITFIELD", key(), "INCRBY", pick("u4", "i8", "i3"), pick("0", "5", "#1"), pick("1", "-100", "7"));
            case 71 -> chance(60) ? command("PFADD", key(), field(), value())
                    : command(pick("PFCOUNT", "PFMERGE"), key(), key());
            case 72 -> chance(70) ? command(pick("SORT", "SORT_RO"), key(), pick("ALPHA", "DESC", "ASC"), "LIMIT", pick("0", "1"), pick("2", "-1"))
                    : command("SORT", key(), "BY", pick("nosort", "*", "{x}*"), "GET", pick("#", "*", "{x}*"), "STORE", key());
            case 73 -> command("GEOADD", key(), pick("13.361389", "15.087269", "200", "-0.1"), pick("38.115556", "37.502669", "x"), field());
            case 74 -> chance(50) ? command(pick("GEOPOS", "GEOHASH"), key(), field(), field())
                    : command("GEOSEARCH", key(), "FROMLONLAT", "15", "37", "BYRADIUS", pick("200", "10"), "km", pick("ASC", "WITHDIST"));
            case 67 -> command(pick("ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"), key(), "2", key(), key());
            case 62 -> chance(80) ? command(pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), key(), key(), key())
                    : command("SINTERCARD", "2", key(), key(), "LIMIT", pick("0", "1", "-1"));
            case 57 -> chance(50) ? command("LMOVE", key(), key(), pick("LEFT", "RIGHT"), pick("LEFT", "RIGHT"))
                    : command(pick("LINDEX", "LPOS", "LLEN"), key(), pick("0", "-1", "f1"));
            default -> command("GET", key());
        };
    }

    private String[] set() {
        List<String> words = new ArrayList<>(List.of("SET", key(), value()));
        int options = random.nextInt(4);
        for (int i = 0; i < options; i++) {
            switch (random.nextInt(6)) {
                case 0 -> words.add(pick("NX", "XX", "nx"));
                case 1 -> words.add(pick("GET", "get"));
                case 2 -> words.add("KEEPTTL");
                case 3 -> words.add(pick("FOO", "PERSIST"));
                default -> words.addAll(expiry());
            }
        }
        return command(words);
    }

    private String[] getex() {
        List<String> words = new ArrayList<>(List.of("GETEX", key()));
        if (chance(70)) {
            words.addAll(chance(20) ? List.of("PERSIST") : expiry());
        }
        if (chance(10)) {
            words.add(pick("PERSIST", "KEEPTTL", "EX"));
        }
        return command(words);
    }

    private String[] mset(String name) {
        List<String> words = new ArrayList<>(List.of(name));
        int pairs = 1 + random.nextInt(4);
        for (int i = 0; i < pairs; i++) {
            words.add(key());
            words.add(value());
        }
        if (chance(5)) {
            words.add(key());
        }
        return command(words);
    }

    private String[] lcs() {
        List<String> words = new ArrayList<>(List.of("LCS", key(), key()));
        switch (random.nextInt(6)) {
            case 0 -> words.add("LEN");
            case 1 -> words.add("IDX");
            case 2 -> words.addAll(List.of("IDX", "WITHMATCHLEN"));
            case 3 -> words.addAll(List.of("IDX", "MINMATCHLEN", pick("0", "1", "2", "3", "-1")));
            case 4 -> words.addAll(List.of("IDX", "MINMATCHLEN", "2", "WITHMATCHLEN"));
            default -> {
            }
        }
        if (chance(5)) {
            words.add(pick("LEN", "FOO"));
        }
        return command(words);
    }

    private String[] copy() {
        List<String> words = new ArrayList<>(List.of("COPY", key(), key()));
        if (chance(40)) {
            words.add("REPLACE");
        }
        if (chance(30)) {
            words.addAll(List.of("DB", pick("0", "1", "1", "16")));
        }
        return command(words);
    }

    /**
     * EXPIRE and friends. Conditions (NX, XX, GT, LT) go with absolute times only: a relative
     * time compared with one set earlier would depend on the milliseconds that passed.
     */
    private String[] expire() {
        int kind = random.nextInt(8);
        List<String> words = new ArrayList<>();
        switch (kind) {
            case 0 -> words.addAll(List.of("EXPIRE", key(), relativeSeconds()));
            case 1 -> words.addAll(List.of("PEXPIRE", key(), relativeMillis()));
            case 2, 3 -> words.addAll(List.of("EXPIREAT", key(), absoluteSeconds()));
            case 4, 5 -> words.addAll(List.of("PEXPIREAT", key(), absoluteMillis()));
            case 6 -> words.addAll(List.of(pick("EXPIRE", "PEXPIRE"), key(), pick("0", "-1", "abc", "9223372036854775807")));
            default -> words.addAll(List.of(pick("EXPIREAT", "PEXPIREAT"), key(), pick("1", "0")));
        }
        if (chance(40)) {
            String option = pick("NX", "XX", "GT", "LT", "gt", "FOO");
            boolean comparing = !option.equalsIgnoreCase("NX") && !option.equalsIgnoreCase("XX");
            if (!comparing || kind >= 2) {
                words.add(option);
            }
            if (chance(10)) {
                words.add(pick("NX", "XX", "GT", "LT"));
            }
        }
        return command(words);
    }
}
