package io.runnel.broker.set;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

/**
 * SINTER, SINTERCARD, SUNION, SDIFF and their STORE forms, and SSCAN, against redis-server:
 * replies, the stored set's encoding, the destination's expiry, errors. Members of a hash table
 * come in each server's own order, so those replies are compared as sets.
 */
class SetAlgebraDifferentialTest extends DifferentialCase {

    private void sets() {
        d.same("SADD", "a", "1", "2", "3", "4");
        d.same("SADD", "b", "3", "4", "5");
        d.same("SADD", "c", "4", "x", "3", "y");
        d.same("SADD", "{other}d", "2", "3", "4", "9");
    }

    @Test
    void intersections() {
        sets();
        d.same("SINTER", "a", "b");
        d.same("SINTER", "a", "{other}d");
        d.sameUnordered("SINTER", "c", "a");
        d.same("SINTER", "a");
        d.same("SINTER", "a", "a");
        d.same("SINTER", "a", "nokey");
        d.same("SINTER", "nokey", "a");
        d.same("SINTERCARD", "2", "a", "b");
        d.same("SINTERCARD", "3", "a", "b", "c");
        d.same("SINTERCARD", "2", "a", "{other}d", "LIMIT", "1");
        d.same("SINTERCARD", "2", "a", "{other}d", "LIMIT", "0");
        d.same("SINTERCARD", "2", "a", "{other}d", "limit", "10");
        d.same("SINTERCARD", "1", "nokey");
        d.same("SINTERSTORE", "dst", "a", "b");
        d.same("SMEMBERS", "dst");
        d.same("OBJECT", "ENCODING", "dst");
        d.same("SINTERSTORE", "dst2", "c", "a"); // integers only: an intset, though c is a table
        d.same("OBJECT", "ENCODING", "dst2");
        d.same("SMEMBERS", "dst2");
        d.same("SINTERSTORE", "a", "a", "b"); // the destination among the sources
        d.same("SMEMBERS", "a");
        d.same("SET", "str", "v");
        d.same("EXPIRE", "dst", "100");
        d.same("SINTERSTORE", "dst", "a", "c");
        d.same("TTL", "dst");
        d.same("SINTERSTORE", "str", "a", "b");
        d.same("TYPE", "str");
        d.same("SINTERSTORE", "dst", "a", "nokey"); // empty: the destination goes
        d.same("EXISTS", "dst");
        d.same("SINTERSTORE", "never", "nokey", "a");
        d.same("EXISTS", "never");
        d.resp3();
        d.same("SINTER", "a", "b");
        d.same("SINTER", "a", "nokey");
        d.same("SINTERCARD", "2", "a", "b");
    }

    @Test
    void unionsAndDifferences() {
        sets();
        d.same("SUNION", "a", "b");
        d.sameUnordered("SUNION", "a", "c");
        d.same("SUNION", "nokey", "a", "nokey2");
        d.same("SUNION", "nokey");
        d.same("SDIFF", "a", "b");
        d.same("SDIFF", "a", "b", "{other}d");
        d.same("SDIFF", "a", "nokey");
        d.same("SDIFF", "nokey", "a");
        d.same("SDIFF", "a", "a");
        d.sameUnordered("SDIFF", "c", "a");
        d.same("SUNIONSTORE", "u", "a", "b", "{other}d");
        d.same("SMEMBERS", "u");
        d.same("OBJECT", "ENCODING", "u");
        d.same("SUNIONSTORE", "u", "a", "c");
        d.same("OBJECT", "ENCODING", "u");
        d.sameUnordered("SMEMBERS", "u");
        d.same("SDIFFSTORE", "df", "c", "a");
        d.same("OBJECT", "ENCODING", "df");
        d.sameUnordered("SMEMBERS", "df");
        d.same("SDIFFSTORE", "df", "a", "b");
        d.same("OBJECT", "ENCODING", "df");
        d.same("SMEMBERS", "df");
        d.same("SDIFFSTORE", "df", "a", "a");
        d.same("EXISTS", "df");
        d.same("SUNIONSTORE", "u", "nokey");
        d.same("EXISTS", "u");
        d.same("SUNIONSTORE", "b", "b", "a");
        d.same("SMEMBERS", "b");
        d.resp3();
        d.same("SUNION", "a", "b");
        d.same("SDIFF", "a", "b");
        d.same("SDIFF", "nokey", "b");
    }

    @Test
    void storedResultsFollowTheIntsetLimit() {
        try {
            d.same("CONFIG", "SET", "set-max-intset-entries", "3");
            d.same("SADD", "a", "1", "2", "3");
            d.same("SADD", "b", "3", "4");
            d.same("SUNIONSTORE", "u", "a", "b");
            d.same("OBJECT", "ENCODING", "u");
            d.same("SDIFFSTORE", "df", "a", "b");
            d.same("OBJECT", "ENCODING", "df");
        } finally {
            d.same("CONFIG", "SET", "set-max-intset-entries", "512");
        }
    }

    @Test
    void errorsAreRedis() {
        sets();
        d.same("SET", "str", "v");
        for (String[] command : new String[][] {{"SINTER", "str", "a"}, {"SINTER", "nokey", "str"}, {"SINTER", "a", "str"},
                {"SUNION", "nokey", "str"}, {"SDIFF", "nokey", "str"}, {"SDIFF", "a", "str"}, {"SINTERSTORE", "dst", "nokey", "str"},
                {"SUNIONSTORE", "dst", "a", "str"}, {"SDIFFSTORE", "dst", "str"}, {"SINTERCARD", "2", "a", "str"},
                {"SINTERCARD", "0", "a"}, {"SINTERCARD", "-1", "a"}, {"SINTERCARD", "abc", "a"}, {"SINTERCARD", "3", "a", "b"},
                {"SINTERCARD", "1", "a", "LIMIT", "-1"}, {"SINTERCARD", "1", "a", "LIMIT", "x"}, {"SINTERCARD", "1", "a", "LIMIT"},
                {"SINTERCARD", "1", "a", "foo"}, {"SINTERCARD", "1"}, {"SINTER"}, {"SUNION"}, {"SDIFF"}, {"SINTERSTORE", "dst"},
                {"SUNIONSTORE", "dst"}, {"SDIFFSTORE", "dst"}}) {
            d.same(command);
        }
        d.same("EXISTS", "dst");
    }

    @Test
    void sscanWalksIntsetsAndTables() {
        d.same("SADD", "ints", "5", "3", "10", "1");
        d.same("SSCAN", "ints", "0");
        d.same("SSCAN", "ints", "0", "MATCH", "1*");
        d.same("SSCAN", "ints", "0", "COUNT", "1");
        d.same("SSCAN", "nokey", "0");
        d.same("SSCAN", "nokey", "0", "COUNT", "0");
        d.same("SSCAN", "ints", "x");
        d.same("SSCAN", "ints", "0", "COUNT", "0");
        d.same("SSCAN", "ints", "0", "MATCH");
        d.same("SSCAN", "ints", "0", "TYPE", "set");
        d.same("SET", "str", "v");
        d.same("SSCAN", "str", "0");
        String[] members = new String[302];
        members[0] = "SADD";
        members[1] = "words";
        for (int i = 0; i < 300; i++) {
            members[i + 2] = "m" + i;
        }
        d.same(members);
        d.sameCollectionScan("SSCAN", "words", 1);
        d.sameCollectionScan("SSCAN", "words", 1, "COUNT", "7");
        d.sameCollectionScan("SSCAN", "words", 1, "MATCH", "m1*");
        d.sameCollectionScan("SSCAN", "words", 1, "MATCH", "nothing*", "COUNT", "1000");
    }
}
