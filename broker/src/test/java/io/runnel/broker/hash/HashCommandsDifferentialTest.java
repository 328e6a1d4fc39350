package io.runnel.broker.hash;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

/**
 * The hash commands against redis-server: replies, errors, arity and WRONGTYPE byte for byte;
 * field order while the hash is compact (a listpack in Redis) and the switch to a hash table at
 * the hash-max-listpack-* limits, after which order is each server's own.
 */
class HashCommandsDifferentialTest extends DifferentialCase {

    @Test
    void fieldsAreSetReadAndCounted() {
        d.same("HSET", "h", "a", "1", "b", "2");
        d.same("HSET", "h", "a", "10", "c", "3", "c", "30");
        d.same("HMSET", "h", "d", "4");
        d.same("HSETNX", "h", "d", "40");
        d.same("HSETNX", "h", "e", "5");
        d.same("HGET", "h", "a");
        d.same("HGET", "h", "missing");
        d.same("HGET", "nokey", "a");
        d.same("HMGET", "h", "a", "missing", "c");
        d.same("HMGET", "nokey", "a", "b");
        d.same("HGETALL", "h");
        d.same("HGETALL", "nokey");
        d.same("HKEYS", "h");
        d.same("HVALS", "h");
        d.same("HKEYS", "nokey");
        d.same("HVALS", "nokey");
        d.same("HLEN", "h");
        d.same("HLEN", "nokey");
        d.same("HEXISTS", "h", "a");
        d.same("HEXISTS", "h", "zz");
        d.same("HEXISTS", "nokey", "a");
        d.same("HSTRLEN", "h", "a");
        d.same("HSTRLEN", "h", "zz");
        d.same("HSTRLEN", "nokey", "a");
        d.same("TYPE", "h");
        d.same("OBJECT", "ENCODING", "h");
        d.same("HSET", "h", "", "");
        d.same("HGET", "h", "");
        d.resp3();
        d.same("HGETALL", "h");
        d.same("HGETALL", "nokey");
        d.same("HMGET", "h", "a", "missing");
    }

    @Test
    void deletingTheLastFieldDeletesTheHash() {
        d.same("HSET", "h", "a", "1", "b", "2", "c", "3");
        d.same("HDEL", "h", "a", "a", "missing");
        d.same("HGETALL", "h");
        d.same("HDEL", "nokey", "a");
        d.same("HDEL", "h", "b", "c");
        d.same("EXISTS", "h");
        d.same("HLEN", "h");
        d.same("HDEL", "h", "b");
    }

    @Test
    void incrementsAreRedis() {
        d.same("HINCRBY", "h", "n", "5");
        d.same("HINCRBY", "h", "n", "-7");
        d.same("HINCRBY", "h", "n", "x");
        d.same("HINCRBY", "h", "n", "1.5");
        d.same("HSET", "h", "s", "abc", "big", "9223372036854775807", "f", "1.5e3", "inf", "inf");
        d.same("HINCRBY", "h", "s", "1");
        d.same("HINCRBY", "h", "big", "1");
        d.same("HINCRBY", "h", "f", "1");
        d.same("HINCRBYFLOAT", "h", "f", "1");
        d.same("HINCRBYFLOAT", "h", "f", "0.1");
        d.same("HINCRBYFLOAT", "h", "n", "-2.5");
        d.same("HINCRBYFLOAT", "h", "new", "3.0e2");
        d.same("HINCRBYFLOAT", "h", "s", "1");
        d.same("HINCRBYFLOAT", "h", "n", "abc");
        d.same("HINCRBYFLOAT", "h", "n", "inf");
        d.same("HINCRBYFLOAT", "h", "n", "-inf");
        d.same("HINCRBYFLOAT", "h", "inf", "1");
        d.same("HINCRBYFLOAT", "h", "z", "1e400");
        d.same("HINCRBYFLOAT", "nokey2", "z", "10.50");
        d.same("OBJECT", "ENCODING", "h"); // the 401-byte value made it a table: its order is each server's own
        d.sameUnordered("HGETALL", "h");
        d.same("HGETALL", "nokey2");
    }

    @Test
    void errorsAndWrongTypesAreRedis() {
        d.same("SET", "str", "1");
        for (String[] command : new String[][] {{"HSET", "str", "a", "1"}, {"HMSET", "str", "a", "1"}, {"HSETNX", "str", "a", "1"},
                {"HGET", "str", "a"}, {"HMGET", "str", "a"}, {"HGETALL", "str"}, {"HKEYS", "str"}, {"HVALS", "str"},
                {"HDEL", "str", "a"}, {"HEXISTS", "str", "a"}, {"HLEN", "str"}, {"HSTRLEN", "str", "a"},
                {"HINCRBY", "str", "a", "1"}, {"HINCRBYFLOAT", "str", "a", "1"}, {"HINCRBY", "str", "a", "x"},
                {"HSET", "h"}, {"HSET", "h", "a"}, {"HSET", "h", "a", "1", "b"}, {"HMSET", "h", "a"}, {"HSETNX", "h", "a"},
                {"HGET", "h"}, {"HMGET", "h"}, {"HGETALL"}, {"HKEYS", "h", "x"}, {"HDEL", "h"}, {"HEXISTS", "h"},
                {"HLEN"}, {"HSTRLEN", "h"}, {"HINCRBY", "h", "a"}, {"HINCRBYFLOAT", "h", "a", "1", "2"}}) {
            d.same(command);
        }
        d.same("HSET", "h", "a", "1");
        d.same("GET", "h");
        d.same("APPEND", "h", "x");
        d.same("XADD", "h", "*", "f", "v");
    }

    /** Compact up to the limits, a table beyond them (and after, even when it shrinks). */
    @Test
    void largeHashesBecomeTables() {
        try {
            d.same("CONFIG", "SET", "hash-max-listpack-entries", "4");
            d.same("CONFIG", "SET", "hash-max-listpack-value", "8");
            d.sameUnordered("CONFIG", "GET", "hash-max-listpack-*");
            d.same("HSET", "small", "a", "1", "b", "2", "c", "3", "d", "4");
            d.same("OBJECT", "ENCODING", "small");
            d.same("HGETALL", "small");
            d.same("HSET", "small", "e", "5");
            d.same("OBJECT", "ENCODING", "small");
            d.sameUnordered("HGETALL", "small");
            d.sameUnordered("HKEYS", "small");
            d.same("HDEL", "small", "a", "b", "c", "d");
            d.same("OBJECT", "ENCODING", "small");
            d.same("HSET", "long", "a", "123456789");
            d.same("OBJECT", "ENCODING", "long");
            d.same("HSET", "longfield", "abcdefghi", "1");
            d.same("OBJECT", "ENCODING", "longfield");
            d.same("HINCRBY", "counter", "n", "123456789");
            d.same("OBJECT", "ENCODING", "counter");
            d.same("COPY", "small", "small2");
            d.same("OBJECT", "ENCODING", "small2");
            d.same("HGETALL", "small2");
            d.same("RENAME", "long", "long2");
            d.same("HGET", "long2", "a");
        } finally {
            d.same("CONFIG", "SET", "hash-max-listpack-entries", "512");
            d.same("CONFIG", "SET", "hash-max-listpack-value", "64");
        }
    }

    /** Fields of a parsed flat reply (every {@code step}-th element from {@code from}). */
    private static java.util.List<String> texts(io.runnel.broker.testing.Resp.Node reply, int from, int step) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = from; i < reply.size(); i += step) {
            out.add(reply.get(i).text());
        }
        return out;
    }

    @Test
    void randomFieldsAreRedisWhereRedisIsNotRandom() {
        d.same("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4");
        for (String[] command : new String[][] {{"HRANDFIELD", "h", "x"}, {"HRANDFIELD", "h", "1", "foo"},
                {"HRANDFIELD", "h", "1", "WITHVALUES", "x"}, {"HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES"},
                {"HRANDFIELD", "h", "-9223372036854775808"}, {"HRANDFIELD", "h", "4"}, {"HRANDFIELD", "h", "100", "withvalues"},
                {"HRANDFIELD", "h", "0"}, {"HRANDFIELD", "nokey"}, {"HRANDFIELD", "nokey", "5"}, {"HRANDFIELD", "nokey", "-5", "WITHVALUES"},
                {"HRANDFIELD", "str", "1", "x"}}) {
            d.same(command);
        }
        d.same("SET", "str", "v");
        d.same("HRANDFIELD", "str");
        d.same("HRANDFIELD", "str", "2");
        d.same("HRANDFIELD", "str", "x");
        java.util.Set<String> fields = java.util.Set.of("a", "b", "c", "d");
        for (int round = 0; round < 20; round++) {
            io.runnel.broker.testing.Resp.Node[] one = d.parsed("HRANDFIELD", "h");
            org.junit.jupiter.api.Assertions.assertTrue(fields.contains(one[1].text()), one[1].printable());
            io.runnel.broker.testing.Resp.Node[] distinct = d.parsed("HRANDFIELD", "h", "3");
            java.util.List<String> picked = texts(distinct[1], 0, 1);
            org.junit.jupiter.api.Assertions.assertEquals(3, new java.util.HashSet<>(picked).size(), picked.toString());
            org.junit.jupiter.api.Assertions.assertTrue(fields.containsAll(picked), picked.toString());
            io.runnel.broker.testing.Resp.Node[] repeated = d.parsed("HRANDFIELD", "h", "-7", "WITHVALUES");
            org.junit.jupiter.api.Assertions.assertEquals(repeated[0].size(), repeated[1].size());
            java.util.List<String> names = texts(repeated[1], 0, 2);
            java.util.List<String> values = texts(repeated[1], 1, 2);
            for (int i = 0; i < names.size(); i++) {
                org.junit.jupiter.api.Assertions.assertEquals(String.valueOf((char) ('1' + names.get(i).charAt(0) - 'a')), values.get(i));
            }
        }
        d.resp3();
        d.same("HRANDFIELD", "h", "100", "WITHVALUES");
        io.runnel.broker.testing.Resp.Node[] shapes = d.parsed("HRANDFIELD", "h", "-3", "WITHVALUES");
        org.junit.jupiter.api.Assertions.assertEquals(shapes[0].size(), shapes[1].size());
        org.junit.jupiter.api.Assertions.assertEquals(shapes[0].get(0).size(), shapes[1].get(0).size(), "pairs in RESP3");
    }

    @Test
    void scansAreRedis() throws Exception {
        d.same("HSET", "h", "a", "1", "b", "2", "ab", "3");
        d.same("HSCAN", "h", "0");
        d.same("HSCAN", "h", "0", "MATCH", "a*");
        d.same("HSCAN", "h", "0", "COUNT", "1");
        d.same("HSCAN", "h", "0", "COUNT", "0");
        d.same("HSCAN", "h", "x");
        d.same("HSCAN", "h", "0", "MATCH");
        d.same("HSCAN", "h", "0", "TYPE", "string");
        d.same("HSCAN", "nokey", "0");
        d.same("HSCAN", "nokey", "0", "COUNT", "0");
        d.same("SET", "str", "v");
        d.same("HSCAN", "str", "0");
        d.same("HSCAN", "str", "0", "COUNT", "0");
        // a table: each server's own cursors, the same fields once the walk is done
        String[] command = new String[2 + 2 * 600];
        command[0] = "HSET";
        command[1] = "big";
        for (int i = 0; i < 600; i++) {
            command[2 + 2 * i] = "field:" + i;
            command[3 + 2 * i] = Integer.toString(i);
        }
        d.same(command);
        d.same("OBJECT", "ENCODING", "big");
        for (io.runnel.broker.testing.RawClient client : new io.runnel.broker.testing.RawClient[] {d.redis(), d.runnel()}) {
            java.util.Map<String, String> seen = new java.util.HashMap<>();
            String cursor = "0";
            int calls = 0;
            do {
                io.runnel.broker.testing.Resp.Node reply = io.runnel.broker.testing.Resp.parse(
                        client.call("HSCAN", "big", cursor, "MATCH", "field:1*", "COUNT", "20"));
                cursor = reply.get(0).text();
                for (int i = 0; i < reply.get(1).size(); i += 2) {
                    seen.put(reply.get(1).get(i).text(), reply.get(1).get(i + 1).text());
                }
                calls++;
            } while (!cursor.equals("0"));
            org.junit.jupiter.api.Assertions.assertEquals(111, seen.size(), "fields field:1* found");
            org.junit.jupiter.api.Assertions.assertEquals("150", seen.get("field:150"));
            org.junit.jupiter.api.Assertions.assertTrue(calls > 5, "a table is walked in steps: " + calls);
        }
    }
}
