package io.runnel.broker.zset;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

/**
 * ZUNION, ZINTER, ZDIFF and their STORE forms, and ZINTERCARD, against redis-server: WEIGHTS,
 * AGGREGATE, plain sets as inputs, infinities, the stored set's encoding and expiry, errors.
 */
class ZSetAlgebraDifferentialTest extends DifferentialCase {

    private void sets() {
        d.same("ZADD", "a", "1", "x", "2", "y", "3", "z");
        d.same("ZADD", "b", "10", "y", "20", "z", "30", "w");
        d.same("ZADD", "{other}c", "inf", "z", "-inf", "y", "5", "v");
        d.same("SADD", "plain", "x", "w", "q");
    }

    @Test
    void unionsIntersectionsAndDifferences() {
        sets();
        for (String op : new String[] {"ZUNION", "ZINTER"}) {
            d.same(op, "2", "a", "b");
            d.same(op, "2", "a", "b", "WITHSCORES");
            d.same(op, "3", "a", "b", "{other}c", "WITHSCORES");
            d.same(op, "2", "a", "b", "WEIGHTS", "2", "0.5", "WITHSCORES");
            d.same(op, "2", "a", "b", "AGGREGATE", "MIN", "WITHSCORES");
            d.same(op, "2", "a", "b", "AGGREGATE", "max", "WEIGHTS", "1", "-1", "WITHSCORES");
            d.same(op, "2", "a", "{other}c", "WEIGHTS", "0", "1", "WITHSCORES");
            d.same(op, "2", "{other}c", "{other}c", "WITHSCORES");
            d.same(op, "2", "a", "plain", "WITHSCORES");
            d.same(op, "2", "a", "nokey", "WITHSCORES");
            d.same(op, "1", "nokey");
        }
        d.same("ZDIFF", "2", "a", "b");
        d.same("ZDIFF", "2", "b", "a", "WITHSCORES");
        d.same("ZDIFF", "3", "a", "nokey", "plain", "WITHSCORES");
        d.same("ZDIFF", "1", "nokey");
        d.same("ZDIFF", "2", "a", "a");
        d.same("ZINTERCARD", "2", "a", "b");
        d.same("ZINTERCARD", "2", "a", "b", "LIMIT", "1");
        d.same("ZINTERCARD", "2", "a", "b", "LIMIT", "0");
        d.same("ZINTERCARD", "2", "a", "plain");
        d.same("ZINTERCARD", "2", "a", "nokey");
        d.resp3();
        d.same("ZUNION", "2", "a", "b", "WITHSCORES");
        d.same("ZINTER", "2", "a", "b");
        d.same("ZDIFF", "2", "b", "a", "WITHSCORES");
    }

    @Test
    void resultsAreStored() {
        sets();
        d.same("ZUNIONSTORE", "dst", "2", "a", "b");
        d.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
        d.same("OBJECT", "ENCODING", "dst");
        d.same("EXPIRE", "dst", "100");
        d.same("ZINTERSTORE", "dst", "2", "a", "b", "WEIGHTS", "1", "2", "AGGREGATE", "MAX");
        d.same("TTL", "dst");
        d.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
        d.same("ZDIFFSTORE", "dst", "2", "b", "a");
        d.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
        d.same("ZINTERSTORE", "dst", "2", "a", "nokey"); // empty: the destination goes
        d.same("EXISTS", "dst");
        d.same("ZUNIONSTORE", "a", "2", "a", "plain");
        d.same("ZRANGE", "a", "0", "-1", "WITHSCORES");
        d.same("SET", "str", "v");
        d.same("ZUNIONSTORE", "str", "1", "b");
        d.same("TYPE", "str");
        try {
            d.same("CONFIG", "SET", "zset-max-listpack-entries", "2");
            d.same("ZUNIONSTORE", "big", "2", "a", "b");
            d.same("OBJECT", "ENCODING", "big");
            d.same("ZINTERSTORE", "small", "2", "a", "b");
            d.same("OBJECT", "ENCODING", "small");
        } finally {
            d.same("CONFIG", "SET", "zset-max-listpack-entries", "128");
        }
    }

    @Test
    void errorsAreRedis() {
        sets();
        d.same("SET", "str", "v");
        for (String[] command : new String[][] {{"ZUNION", "0", "a"}, {"ZUNION", "x", "a"}, {"ZUNION", "2", "a"}, {"ZUNION", "-1", "a"},
                {"ZUNIONSTORE", "d", "0", "a"}, {"ZINTER", "1", "a", "WEIGHTS", "x"}, {"ZINTER", "1", "a", "WEIGHTS", "1", "2"},
                {"ZINTER", "2", "a", "b", "WEIGHTS", "1"}, {"ZUNION", "1", "a", "AGGREGATE", "foo"}, {"ZUNION", "1", "a", "AGGREGATE"},
                {"ZDIFF", "1", "a", "WEIGHTS", "1"}, {"ZDIFF", "1", "a", "AGGREGATE", "SUM"}, {"ZUNIONSTORE", "d", "1", "a", "WITHSCORES"},
                {"ZUNION", "1", "a", "LIMIT", "1"}, {"ZINTERCARD", "0", "a"}, {"ZINTERCARD", "x", "a"}, {"ZINTERCARD", "2", "a"},
                {"ZINTERCARD", "1", "a", "LIMIT", "-1"}, {"ZINTERCARD", "1", "a", "LIMIT", "x"}, {"ZINTERCARD", "1", "a", "WITHSCORES"},
                {"ZUNION", "2", "a", "str"}, {"ZINTER", "2", "nokey", "str"}, {"ZDIFFSTORE", "d", "2", "str", "a"},
                {"ZINTERCARD", "2", "str", "a"}, {"ZUNION", "1", "a", "WEIGHTS", "1e400"}, {"ZUNION"}, {"ZUNIONSTORE", "d", "1"}}) {
            d.same(command);
        }
        d.same("EXISTS", "d");
    }
}
