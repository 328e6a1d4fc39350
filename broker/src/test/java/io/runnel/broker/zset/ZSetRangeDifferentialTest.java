package io.runnel.broker.zset;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

/**
 * ZRANGE by rank, score and member, either way, with LIMIT and WITHSCORES; the older range
 * commands; ZRANGESTORE; their errors, in both encodings and both protocols.
 */
class ZSetRangeDifferentialTest extends DifferentialCase {

    private void fill(String key, int members) {
        String[] add = new String[2 + 2 * members];
        add[0] = "ZADD";
        add[1] = key;
        for (int i = 0; i < members; i++) {
            add[2 + 2 * i] = Integer.toString(i / 2);
            add[3 + 2 * i] = "m" + (char) ('a' + i % 26) + i;
        }
        d.same(add);
    }

    private void ranges(String key) {
        for (String[] range : new String[][] {{"0", "-1"}, {"2", "5"}, {"-3", "-1"}, {"-100", "2"}, {"5", "2"}, {"0", "1000"},
                {"1000", "2000"}, {"-1", "-100"}}) {
            d.same("ZRANGE", key, range[0], range[1]);
            d.same("ZRANGE", key, range[0], range[1], "REV", "WITHSCORES");
            d.same("ZREVRANGE", key, range[0], range[1], "WITHSCORES");
        }
        for (String[] range : new String[][] {{"-inf", "+inf"}, {"2", "4"}, {"(2", "4"}, {"2", "(4"}, {"(2", "(3"}, {"5", "1"},
                {"3", "3"}, {"(3", "3"}, {"", "1"}}) {
            d.same("ZRANGEBYSCORE", key, range[0], range[1]);
            d.same("ZRANGEBYSCORE", key, range[0], range[1], "WITHSCORES", "LIMIT", "1", "2");
            d.same("ZREVRANGEBYSCORE", key, range[1], range[0], "WITHSCORES");
            d.same("ZREVRANGEBYSCORE", key, range[1], range[0], "LIMIT", "1", "-1");
            d.same("ZRANGE", key, range[0], range[1], "BYSCORE", "LIMIT", "0", "3");
            d.same("ZRANGE", key, range[1], range[0], "BYSCORE", "REV", "WITHSCORES");
        }
        d.same("ZRANGEBYSCORE", key, "-inf", "+inf", "LIMIT", "-1", "5");
        d.same("ZRANGEBYSCORE", key, "-inf", "+inf", "LIMIT", "3", "0");
        d.same("ZRANGEBYSCORE", key, "-inf", "+inf", "LIMIT", "1000", "5");
        d.same("ZRANGEBYSCORE", key, "-inf", "+inf", "LIMIT", "9223372036854775807", "5");
        d.same("ZREVRANGEBYSCORE", key, "+inf", "-inf", "LIMIT", "9223372036854775807", "5");
    }

    @Test
    void packedRanges() {
        fill("z", 10);
        d.same("OBJECT", "ENCODING", "z");
        ranges("z");
        d.same("ZRANGE", "nokey", "0", "-1");
        d.same("ZRANGEBYSCORE", "nokey", "0", "1", "WITHSCORES");
        d.resp3();
        d.same("ZRANGE", "z", "0", "3", "WITHSCORES");
        d.same("ZRANGEBYSCORE", "z", "1", "2", "WITHSCORES");
        d.same("ZRANGE", "nokey", "0", "-1");
    }

    @Test
    void skipListRanges() {
        fill("big", 200);
        d.same("OBJECT", "ENCODING", "big");
        ranges("big");
        d.same("ZRANGE", "big", "150", "160", "WITHSCORES");
        d.same("ZRANGEBYSCORE", "big", "40", "60", "LIMIT", "7", "9");
    }

    @Test
    void lexRanges() {
        d.same("ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "ab", "0", "", "0", "\u00ff");
        for (String[] range : new String[][] {{"-", "+"}, {"[b", "[d"}, {"(b", "[d"}, {"[b", "(d"}, {"(a", "(b"}, {"+", "-"},
                {"[d", "[b"}, {"-", "(c"}, {"[", "+"}, {"(", "[b"}, {"[a", "[a"}, {"(a", "[a"}}) {
            d.same("ZRANGEBYLEX", "lex", range[0], range[1]);
            d.same("ZRANGEBYLEX", "lex", range[0], range[1], "LIMIT", "1", "2");
            d.same("ZREVRANGEBYLEX", "lex", range[1], range[0]);
            d.same("ZRANGE", "lex", range[0], range[1], "BYLEX");
            d.same("ZRANGE", "lex", range[1], range[0], "BYLEX", "REV", "LIMIT", "0", "2");
        }
        String[] add = new String[2 + 2 * 150];
        add[0] = "ZADD";
        add[1] = "biglex";
        for (int i = 0; i < 150; i++) {
            add[2 + 2 * i] = "0";
            add[3 + 2 * i] = String.format("w%03d", i);
        }
        d.same(add);
        d.same("ZRANGEBYLEX", "biglex", "[w010", "(w020");
        d.same("ZREVRANGEBYLEX", "biglex", "(w140", "-", "LIMIT", "2", "3");
        d.same("ZLEXCOUNT", "biglex", "(w010", "+");
    }

    @Test
    void rangesAreStored() {
        fill("z", 10);
        d.same("ZRANGESTORE", "dst", "z", "2", "5");
        d.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
        d.same("OBJECT", "ENCODING", "dst");
        d.same("ZRANGESTORE", "dst", "z", "3", "1", "BYSCORE", "REV", "LIMIT", "1", "2");
        d.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
        d.same("ZRANGESTORE", "dst", "z", "[b", "+", "BYLEX");
        d.same("EXPIRE", "dst", "100");
        d.same("ZRANGESTORE", "dst", "z", "0", "0");
        d.same("TTL", "dst");
        d.same("SET", "str", "v");
        d.same("ZRANGESTORE", "str", "z", "0", "1");
        d.same("TYPE", "str");
        d.same("ZRANGESTORE", "dst", "z", "100", "200"); // empty: the destination goes
        d.same("EXISTS", "dst");
        d.same("ZRANGESTORE", "dst", "nokey", "0", "-1");
        d.same("ZRANGESTORE", "z", "z", "0", "2");
        d.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        fill("big", 200);
        d.same("ZRANGESTORE", "dst", "big", "0", "127");
        d.same("OBJECT", "ENCODING", "dst");
        d.same("ZRANGESTORE", "dst", "big", "0", "128");
        d.same("OBJECT", "ENCODING", "dst");
    }

    @Test
    void errorsAreRedis() {
        fill("z", 5);
        d.same("SET", "str", "v");
        for (String[] command : new String[][] {{"ZRANGE", "z", "0", "1", "LIMIT", "0", "1"}, {"ZRANGE", "z", "0", "1", "LIMIT", "0", "-1"},
                {"ZRANGE", "z", "a", "b", "BYLEX", "WITHSCORES"}, {"ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX"},
                {"ZRANGE", "z", "0", "1", "REV", "REV"}, {"ZRANGE", "z", "0", "1", "FOO"}, {"ZRANGE", "z", "x", "1"},
                {"ZRANGE", "z", "0", "1", "LIMIT", "x", "1"}, {"ZRANGE", "z", "0", "1", "LIMIT", "0"}, {"ZRANGE", "z", "x", "1", "BYSCORE"},
                {"ZRANGE", "z", "a", "b", "BYLEX"}, {"ZRANGE", "str", "0", "1"}, {"ZRANGE", "str", "x", "1"},
                {"ZRANGE", "str", "0", "1", "BYSCORE"}, {"ZRANGEBYSCORE", "z", "0", "1", "REV"}, {"ZRANGEBYSCORE", "z", "0", "1", "BYSCORE"},
                {"ZRANGEBYSCORE", "z", "0", "1", "WITHSCORES", "WITHSCORES"}, {"ZREVRANGE", "z", "0", "1", "REV"},
                {"ZREVRANGE", "z", "0", "1", "BYSCORE"}, {"ZRANGEBYLEX", "z", "-", "+", "WITHSCORES"},
                {"ZRANGEBYLEX", "z", "-", "+", "BYLEX"}, {"ZRANGESTORE", "d", "z", "0", "1", "WITHSCORES"},
                {"ZRANGESTORE", "d", "str", "0", "1"}, {"ZRANGESTORE", "d", "z", "x", "1"}, {"ZRANGE", "z", "0"},
                {"ZRANGEBYSCORE", "z", "nan", "1"}, {"ZRANGEBYSCORE", "z", "1", "2x"}, {"ZRANGEBYLEX", "z", "a", "+"},
                {"ZRANGESTORE", "d", "z"}}) {
            d.same(command);
        }
        d.same("EXISTS", "d");
    }
}
