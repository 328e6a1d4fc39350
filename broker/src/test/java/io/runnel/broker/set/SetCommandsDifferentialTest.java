package io.runnel.broker.set;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

/**
 * The set commands on one set against redis-server: replies, errors, arity and WRONGTYPE byte for
 * byte; an intset (canonical integers, ascending in SMEMBERS) until a non-integer member or
 * set-max-intset-entries makes it a hash table, whose order is each server's own.
 */
class SetCommandsDifferentialTest extends DifferentialCase {

    @Test
    void membersAreAddedTestedAndRemoved() {
        d.same("SADD", "s", "3", "1", "2", "1");
        d.same("SADD", "s", "2", "10");
        d.same("SMEMBERS", "s");
        d.same("OBJECT", "ENCODING", "s");
        d.same("SCARD", "s");
        d.same("SISMEMBER", "s", "10");
        d.same("SISMEMBER", "s", "010");
        d.same("SISMEMBER", "nokey", "1");
        d.same("SMISMEMBER", "s", "1", "4", "3");
        d.same("SMISMEMBER", "nokey", "1", "2");
        d.same("SMEMBERS", "nokey");
        d.same("SCARD", "nokey");
        d.same("SREM", "s", "1", "1", "nope");
        d.same("SREM", "nokey", "1");
        d.same("SMEMBERS", "s");
        d.same("SREM", "s", "2", "3", "10");
        d.same("EXISTS", "s");
        d.same("TYPE", "s");
        d.same("SADD", "big", "9223372036854775807", "-9223372036854775808", "0", "-5");
        d.same("SMEMBERS", "big");
        d.same("OBJECT", "ENCODING", "big");
        d.same("SADD", "odd", "-0");
        d.same("OBJECT", "ENCODING", "odd");
        d.same("SADD", "odd2", "01");
        d.same("OBJECT", "ENCODING", "odd2");
        d.same("SADD", "odd3", "9223372036854775808");
        d.same("OBJECT", "ENCODING", "odd3");
        d.resp3();
        d.same("SMEMBERS", "big");
        d.same("SMEMBERS", "nokey");
        d.same("SMISMEMBER", "big", "0", "1");
    }

    @Test
    void intsetsBecomeTables() {
        try {
            d.same("CONFIG", "SET", "set-max-intset-entries", "3");
            d.same("SADD", "s", "1", "2", "3");
            d.same("OBJECT", "ENCODING", "s");
            d.same("SADD", "s", "4");
            d.same("OBJECT", "ENCODING", "s");
            d.sameUnordered("SMEMBERS", "s");
            d.same("SREM", "s", "1", "2", "3");
            d.same("OBJECT", "ENCODING", "s");
            d.same("SADD", "words", "a", "b", "c");
            d.same("OBJECT", "ENCODING", "words");
            d.sameUnordered("SMEMBERS", "words");
            d.same("SISMEMBER", "words", "b");
            d.same("COPY", "words", "words2");
            d.sameUnordered("SMEMBERS", "words2");
            d.same("SADD", "nums", "5", "6");
            d.same("SADD", "nums", "x");
            d.same("OBJECT", "ENCODING", "nums");
            d.same("SISMEMBER", "nums", "5");
        } finally {
            d.same("CONFIG", "SET", "set-max-intset-entries", "512");
        }
    }

    @Test
    void errorsAndWrongTypesAreRedis() {
        d.same("SET", "str", "v");
        for (String[] command : new String[][] {{"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SISMEMBER", "str", "a"},
                {"SMISMEMBER", "str", "a"}, {"SMEMBERS", "str"}, {"SCARD", "str"}, {"SADD", "s"}, {"SREM", "s"},
                {"SISMEMBER", "s"}, {"SMISMEMBER", "s"}, {"SMEMBERS"}, {"SCARD", "s", "x"}}) {
            d.same(command);
        }
        d.same("SADD", "s", "a");
        d.same("GET", "s");
        d.same("LPUSH", "s", "x");
        d.same("HSET", "s", "f", "v");
    }

    private static java.util.List<String> members(io.runnel.broker.testing.Resp.Node reply) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < reply.size(); i++) {
            out.add(reply.get(i).text());
        }
        return out;
    }

    @Test
    void movesAndRandomMembers() {
        d.same("SADD", "s1", "a", "b", "c");
        d.same("SMOVE", "s1", "s1", "a");
        d.same("SMOVE", "s1", "s1", "zz");
        d.same("SMOVE", "s1", "s2", "a");
        d.same("SMOVE", "s1", "s2", "zz");
        d.same("SMOVE", "nokey", "s2", "a");
        d.same("SET", "str", "v");
        d.same("SMOVE", "nokey", "str", "a");
        d.same("SMOVE", "s1", "str", "b");
        d.same("SMOVE", "str", "s1", "b");
        d.same("SADD", "s3", "b");
        d.same("SMOVE", "s1", "s3", "b");
        d.same("SMOVE", "s1", "{x}other", "c");
        d.same("EXISTS", "s1");
        d.sameUnordered("SMEMBERS", "s2");
        d.sameUnordered("SMEMBERS", "{x}other");
        for (String[] command : new String[][] {{"SPOP", "s2", "-1"}, {"SPOP", "s2", "x"}, {"SPOP", "s2", "1", "2"}, {"SPOP", "s2", "x", "2"},
                {"SPOP", "nokey", "2"}, {"SPOP", "nokey"}, {"SPOP", "s2", "0"}, {"SPOP", "str"}, {"SRANDMEMBER", "nokey"},
                {"SRANDMEMBER", "nokey", "2"}, {"SRANDMEMBER", "s2", "0"}, {"SRANDMEMBER", "s2", "1", "2"}, {"SRANDMEMBER", "s2", "x"},
                {"SRANDMEMBER", "s2", "-9223372036854775808"}, {"SRANDMEMBER", "str", "1"}}) {
            d.same(command);
        }
        d.same("SADD", "ints", "5", "1", "3");
        d.same("SRANDMEMBER", "ints", "10"); // the whole intset, in order
        d.same("SPOP", "ints", "10");
        d.same("EXISTS", "ints");
        d.same("SADD", "pool", "a", "b", "c", "d", "e");
        java.util.Set<String> pool = java.util.Set.of("a", "b", "c", "d", "e");
        for (int round = 0; round < 10; round++) {
            io.runnel.broker.testing.Resp.Node[] picks = d.parsed("SRANDMEMBER", "pool", "3");
            java.util.List<String> picked = members(picks[1]);
            org.junit.jupiter.api.Assertions.assertEquals(3, new java.util.HashSet<>(picked).size(), picked.toString());
            org.junit.jupiter.api.Assertions.assertTrue(pool.containsAll(picked), picked.toString());
            io.runnel.broker.testing.Resp.Node[] repeats = d.parsed("SRANDMEMBER", "pool", "-8");
            org.junit.jupiter.api.Assertions.assertEquals(8, repeats[1].size());
            org.junit.jupiter.api.Assertions.assertTrue(pool.containsAll(members(repeats[1])));
        }
        io.runnel.broker.testing.Resp.Node[] popped = d.parsed("SPOP", "pool", "2");
        org.junit.jupiter.api.Assertions.assertEquals(2, popped[1].size());
        d.same("SCARD", "pool");
        io.runnel.broker.testing.Resp.Node[] one = d.parsed("SPOP", "pool");
        org.junit.jupiter.api.Assertions.assertTrue(pool.contains(one[1].text()));
        d.same("SCARD", "pool");
    }
}
