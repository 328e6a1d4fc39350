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
}
