package io.runnel.broker.zset;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

/**
 * The sorted set commands on one set against redis-server: ZADD's options, scores as each
 * reply shows them, ranks, counts, removals by range, ZSCAN and ZRANDMEMBER, errors and
 * WRONGTYPE, in both encodings and both protocols.
 */
class ZSetCommandsDifferentialTest extends DifferentialCase {

    @Test
    void membersAreScoredAndLookedUp() {
        d.same("ZADD", "z", "1", "a", "2", "b", "1", "c", "1.5", "d");
        d.same("ZADD", "z", "3", "a", "0", "e");
        d.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        d.same("ZCARD", "z");
        d.same("ZSCORE", "z", "a");
        d.same("ZSCORE", "z", "nope");
        d.same("ZSCORE", "nokey", "a");
        d.same("ZMSCORE", "z", "a", "nope", "d");
        d.same("ZMSCORE", "nokey", "a", "b");
        d.same("ZRANK", "z", "d");
        d.same("ZREVRANK", "z", "d");
        d.same("ZRANK", "z", "nope");
        d.same("ZRANK", "nokey", "a");
        d.same("ZREM", "z", "a", "a", "nope");
        d.same("ZREM", "nokey", "a");
        d.same("ZRANGE", "z", "0", "-1");
        d.same("OBJECT", "ENCODING", "z");
        d.same("ZREM", "z", "b", "c", "d", "e");
        d.same("EXISTS", "z");
        d.same("ZADD", "scores", "1.1", "a", "-0", "b", "1e20", "c", "inf", "d", "-inf", "e", "1e-5", "f",
                "123456789012345678", "g", "4611686018427387904", "h", "0x10", "i", "1e-310", "j", "9223372036854775807", "k");
        d.same("ZRANGE", "scores", "0", "-1", "WITHSCORES");
        d.same("ZSCAN", "scores", "0");
        d.same("ZSCORE", "scores", "b");
        d.resp3();
        d.same("ZRANGE", "scores", "0", "-1", "WITHSCORES");
        d.same("ZSCORE", "scores", "a");
        d.same("ZSCORE", "scores", "nope");
        d.same("ZMSCORE", "scores", "a", "nope");
        d.same("ZRANK", "scores", "nope");
        d.same("ZSCAN", "scores", "0");
    }

    @Test
    void zaddOptionsAreRedis() {
        d.same("ZADD", "z", "1", "a", "2", "b");
        d.same("ZADD", "z", "NX", "5", "a", "3", "c");
        d.same("ZADD", "z", "XX", "5", "a", "4", "d");
        d.same("ZADD", "z", "XX", "CH", "6", "a", "2", "b");
        d.same("ZADD", "z", "CH", "7", "a", "2", "b", "1", "e");
        d.same("ZADD", "z", "GT", "CH", "1", "a", "8", "b");
        d.same("ZADD", "z", "LT", "CH", "1", "a", "9", "b", "0", "f");
        d.same("ZADD", "z", "XX", "GT", "CH", "100", "a", "100", "new");
        d.same("ZADD", "z", "1", "dup", "2", "dup", "3", "dup");
        d.same("ZADD", "z", "CH", "1", "dup", "5", "dup");
        d.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        d.same("ZADD", "z", "INCR", "2.5", "a");
        d.same("ZADD", "z", "INCR", "1", "brandnew");
        d.same("ZADD", "z", "NX", "INCR", "1", "a");
        d.same("ZADD", "z", "XX", "INCR", "1", "missing");
        d.same("ZADD", "z", "GT", "INCR", "-1", "a");
        d.same("ZADD", "z", "LT", "INCR", "-1", "a");
        d.same("ZADD", "z", "INCR", "0", "a");
        d.same("ZADD", "nokey", "XX", "1", "a");
        d.same("ZADD", "nokey", "XX", "INCR", "1", "a");
        d.same("EXISTS", "nokey");
        d.same("ZINCRBY", "z", "10", "a");
        d.same("ZINCRBY", "z", "-1.5", "newmember");
        d.same("ZINCRBY", "z", "inf", "a");
        d.same("ZINCRBY", "z", "-inf", "a");
        d.same("ZADD", "z", "INCR", "-inf", "a");
        d.same("ZINCRBY", "z", "nx", "a");
        d.same("ZINCRBY", "z", "x", "a");
        d.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        d.resp3();
        d.same("ZINCRBY", "z", "1", "b");
        d.same("ZADD", "z", "XX", "INCR", "1", "missing");
    }

    @Test
    void errorsAndWrongTypesAreRedis() {
        d.same("SET", "str", "v");
        d.same("ZADD", "z", "1", "a");
        for (String[] command : new String[][] {{"ZADD", "z", "1"}, {"ZADD", "z"}, {"ZADD", "z", "1", "a", "2"}, {"ZADD", "z", "x", "a"},
                {"ZADD", "z", "NX", "XX", "1", "a"}, {"ZADD", "z", "GT", "LT", "1", "a"}, {"ZADD", "z", "NX", "GT", "1", "a"},
                {"ZADD", "z", "NX", "LT", "1", "a"}, {"ZADD", "z", "INCR", "1", "a", "2", "b"}, {"ZADD", "z", "NX"},
                {"ZADD", "z", "1e400", "a"}, {"ZADD", "z", "1e-400", "a"}, {"ZADD", "z", " 1", "a"}, {"ZADD", "z", "1 ", "a"},
                {"ZADD", "z", "nan", "a"}, {"ZADD", "z", "", "a"}, {"ZADD", "str", "1", "a"}, {"ZADD", "str", "x", "a"},
                {"ZSCORE", "str", "a"}, {"ZMSCORE", "str", "a"}, {"ZCARD", "str"}, {"ZRANK", "str", "a"}, {"ZREM", "str", "a"},
                {"ZINCRBY", "str", "1", "a"}, {"ZCOUNT", "str", "0", "1"}, {"ZLEXCOUNT", "str", "-", "+"}, {"ZRANDMEMBER", "str"},
                {"ZSCAN", "str", "0"}, {"ZREMRANGEBYRANK", "str", "0", "1"}, {"ZREMRANGEBYSCORE", "str", "0", "1"},
                {"ZREMRANGEBYLEX", "str", "-", "+"}, {"ZCOUNT", "z", "x", "1"}, {"ZCOUNT", "z", "1", "(x"},
                {"ZCOUNT", "str", "x", "1"}, {"ZLEXCOUNT", "z", "a", "+"}, {"ZLEXCOUNT", "z", "[a", "b"},
                {"ZREMRANGEBYRANK", "z", "x", "1"}, {"ZREMRANGEBYSCORE", "z", "nan", "1"}, {"ZREMRANGEBYLEX", "z", "x", "+"},
                {"ZREMRANGEBYSCORE", "nokey", "x", "1"}, {"ZMSCORE", "z"}, {"ZCARD"}, {"ZRANK", "z"}, {"ZSCORE", "z"}}) {
            d.same(command);
        }
        d.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    }

    @Test
    void countsAndRemovalsByRange() {
        d.same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "5", "f");
        for (String[] range : new String[][] {{"-inf", "+inf"}, {"2", "4"}, {"(2", "4"}, {"2", "(4"}, {"(2", "(2"}, {"5", "1"},
                {"", "3"}, {" 2", "3"}, {"(", "2"}, {"1e400", "inf"}, {"-1e400", "2"}, {"0x2", "3"}}) {
            d.same("ZCOUNT", "z", range[0], range[1]);
        }
        d.same("ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "ab");
        for (String[] range : new String[][] {{"-", "+"}, {"[b", "[d"}, {"(b", "[d"}, {"[b", "(d"}, {"(a", "(b"}, {"+", "-"},
                {"[d", "[b"}, {"-", "(c"}, {"[", "+"}, {"(", "[b"}}) {
            d.same("ZLEXCOUNT", "lex", range[0], range[1]);
        }
        d.same("ZCOUNT", "nokey", "0", "1");
        d.same("ZLEXCOUNT", "nokey", "-", "+");
        d.same("ZREMRANGEBYRANK", "z", "1", "2");
        d.same("ZREMRANGEBYRANK", "z", "-1", "-1");
        d.same("ZREMRANGEBYRANK", "z", "5", "10");
        d.same("ZREMRANGEBYRANK", "z", "2", "1");
        d.same("ZREMRANGEBYRANK", "nokey", "0", "1");
        d.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        d.same("ZREMRANGEBYSCORE", "z", "(1", "4");
        d.same("ZREMRANGEBYSCORE", "z", "10", "20");
        d.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        d.same("ZREMRANGEBYLEX", "lex", "[b", "(d");
        d.same("ZREMRANGEBYLEX", "lex", "[x", "[y");
        d.same("ZRANGE", "lex", "0", "-1");
        d.same("ZREMRANGEBYSCORE", "z", "-inf", "+inf");
        d.same("EXISTS", "z");
        d.same("ZREMRANGEBYLEX", "lex", "-", "+");
        d.same("EXISTS", "lex");
    }

    @Test
    void packedSetsBecomeSkipLists() {
        try {
            d.same("CONFIG", "SET", "zset-max-listpack-entries", "3");
            d.same("ZADD", "z", "1", "a", "2", "b", "3", "c");
            d.same("OBJECT", "ENCODING", "z");
            d.same("ZADD", "z", "4", "d");
            d.same("OBJECT", "ENCODING", "z");
            d.same("ZREM", "z", "a", "b", "c");
            d.same("OBJECT", "ENCODING", "z");
            d.same("ZADD", "one", "1", "a", "1", "a", "1", "a", "1", "a");
            d.same("OBJECT", "ENCODING", "one");
            d.same("CONFIG", "SET", "zset-max-listpack-value", "5");
            d.same("ZADD", "long", "1", "a", "2", "abcdef");
            d.same("OBJECT", "ENCODING", "long");
            d.same("ZADD", "long2", "1", "abcdef");
            d.same("OBJECT", "ENCODING", "long2");
            d.same("ZINCRBY", "long3", "1", "abcdef");
            d.same("OBJECT", "ENCODING", "long3");
            d.same("CONFIG", "SET", "zset-max-listpack-entries", "0");
            d.same("ZADD", "none", "1", "a");
            d.same("OBJECT", "ENCODING", "none");
        } finally {
            d.same("CONFIG", "SET", "zset-max-listpack-entries", "128");
            d.same("CONFIG", "SET", "zset-max-listpack-value", "64");
        }
    }

    @Test
    void skipListsAnswerAsPackedSetsDo() {
        String[] add = new String[2 + 2 * 300];
        add[0] = "ZADD";
        add[1] = "big";
        for (int i = 0; i < 300; i++) {
            add[2 + 2 * i] = Integer.toString(i % 37);
            add[3 + 2 * i] = "m" + i;
        }
        d.same(add);
        d.same("OBJECT", "ENCODING", "big");
        d.same("ZCARD", "big");
        d.same("ZRANGE", "big", "0", "-1", "WITHSCORES");
        d.same("ZRANGE", "big", "-10", "-1");
        for (String member : new String[] {"m0", "m1", "m37", "m150", "m299", "nope"}) {
            d.same("ZRANK", "big", member);
            d.same("ZREVRANK", "big", member);
            d.same("ZSCORE", "big", member);
        }
        d.same("ZCOUNT", "big", "5", "(9");
        d.same("ZRANGEBYSCORE", "big", "10", "12", "LIMIT", "3", "5");
        d.same("ZREVRANGEBYSCORE", "big", "12", "10", "WITHSCORES", "LIMIT", "3", "5");
        d.same("ZINCRBY", "big", "100", "m5");
        d.same("ZADD", "big", "-5", "m6", "36", "m7");
        d.same("ZRANK", "big", "m5");
        d.same("ZRANK", "big", "m6");
        d.same("ZREMRANGEBYRANK", "big", "10", "40");
        d.same("ZREMRANGEBYSCORE", "big", "20", "25");
        d.same("ZREM", "big", "m1", "m2", "m3");
        d.same("ZRANGE", "big", "0", "-1", "WITHSCORES");
        d.sameCollectionScan("ZSCAN", "big", 2);
        d.sameCollectionScan("ZSCAN", "big", 2, "MATCH", "m1*", "COUNT", "5");
        d.same("ZSCAN", "big", "0", "COUNT", "0");
        d.same("ZSCAN", "nokey", "0");
        d.same("ZSCAN", "big", "x");
    }

    @Test
    void randomMembers() {
        d.same("ZADD", "z", "1", "a", "2", "b", "3", "c");
        d.same("ZRANDMEMBER", "z", "3");
        d.same("ZRANDMEMBER", "z", "5", "WITHSCORES");
        d.same("ZRANDMEMBER", "z", "0");
        d.same("ZRANDMEMBER", "nokey");
        d.same("ZRANDMEMBER", "nokey", "3");
        d.same("ZRANDMEMBER", "z", "x");
        d.same("ZRANDMEMBER", "z", "1", "2");
        d.same("ZRANDMEMBER", "z", "1", "WITHSCORES", "x");
        d.same("ZRANDMEMBER", "z", "-9223372036854775808");
        d.same("ZRANDMEMBER", "z", "-9223372036854775807", "WITHSCORES");
        java.util.Set<String> members = java.util.Set.of("a", "b", "c");
        for (int round = 0; round < 10; round++) {
            io.runnel.broker.testing.Resp.Node[] one = d.parsed("ZRANDMEMBER", "z");
            org.junit.jupiter.api.Assertions.assertTrue(members.contains(one[1].text()));
            io.runnel.broker.testing.Resp.Node[] two = d.parsed("ZRANDMEMBER", "z", "2");
            org.junit.jupiter.api.Assertions.assertEquals(2, two[1].size());
            org.junit.jupiter.api.Assertions.assertNotEquals(two[1].get(0).text(), two[1].get(1).text());
            io.runnel.broker.testing.Resp.Node[] repeats = d.parsed("ZRANDMEMBER", "z", "-6", "WITHSCORES");
            org.junit.jupiter.api.Assertions.assertEquals(12, repeats[1].size());
        }
        d.resp3();
        d.same("ZRANDMEMBER", "z", "3", "WITHSCORES");
    }
}
