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
}
