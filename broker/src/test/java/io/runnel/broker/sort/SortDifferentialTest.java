package io.runnel.broker.sort;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

/**
 * SORT and SORT_RO against redis-server: numeric and ALPHA order of lists, sets and sorted
 * sets, BY keys and hash fields (and BY without '*', which keeps the collection's order), GET
 * patterns and #, LIMIT at and past the edges, STORE into a list, and the errors. Keys named by
 * patterns live in other entities than the sorted key.
 */
class SortDifferentialTest extends DifferentialCase {

    private void data() {
        d.same("RPUSH", "l", "3", "1", "10", "2", "-5", "2.5");
        d.same("RPUSH", "words", "pear", "apple", "fig", "banana");
        d.same("SADD", "s", "4", "8", "1", "15");
        d.same("ZADD", "z", "3", "c", "1", "a", "2", "b", "5", "e", "4", "d");
        d.same("MSET", "w_3", "30", "w_1", "100", "w_10", "-1", "w_2", "5", "w_-5", "7", "w_2.5", "5");
        d.same("MSET", "o_3", "three", "o_1", "one", "o_10", "ten");
        d.same("HSET", "h_3", "n", "c", "v", "x3");
        d.same("HSET", "h_1", "n", "a", "v", "x1");
        d.same("HSET", "h_10", "n", "b");
        d.same("MSET", "wz_a", "5", "wz_b", "4", "wz_c", "3", "wz_d", "2", "wz_e", "1");
    }

    @Test
    void ordersAndLimits() {
        data();
        for (String[] options : new String[][] {{}, {"DESC"}, {"LIMIT", "1", "2"}, {"LIMIT", "0", "0"}, {"LIMIT", "-3", "2"},
                {"LIMIT", "4", "100"}, {"LIMIT", "6", "1"}, {"LIMIT", "100", "2"}, {"LIMIT", "2", "-1"}, {"DESC", "LIMIT", "1", "3"},
                {"ASC", "DESC", "ASC"}}) {
            d.same(concat(new String[] {"SORT", "l"}, options));
            d.same(concat(new String[] {"SORT", "s"}, options));
            d.same(concat(new String[] {"SORT", "words", "ALPHA"}, options));
            d.same(concat(new String[] {"SORT", "z", "ALPHA"}, options));
            d.same(concat(new String[] {"SORT", "l", "BY", "nosort"}, options));
            d.same(concat(new String[] {"SORT", "z", "BY", "nosort"}, options));
        }
        d.same("SORT", "words");
        d.same("OBJECT", "ENCODING", "z"); // sorting a sorted set leaves it a skiplist, in Redis too
        d.same("ZADD", "z2", "1", "a");
        d.same("SORT_RO", "z2", "ALPHA");
        d.same("OBJECT", "ENCODING", "z2");
        d.same("SORT", "nokey");
        d.same("SORT", "nokey", "ALPHA", "LIMIT", "0", "5");
        d.same("SORT_RO", "l", "DESC");
        d.same("SORT", "s", "BY", "nosort", "STORE", "dst");
        d.same("LRANGE", "dst", "0", "-1");
        d.same("RPUSH", "ties", "b", "a", "1", "01", "1.0");
        d.same("SORT", "ties", "ALPHA");
        d.same("SORT", "ties", "LIMIT", "0", "3", "ALPHA", "DESC");
        // Redis reads each element as a C string: an empty one, or one a NUL byte ends, is a number
        d.same("RPUSH", "cstrings", "", "\0", "2\0x", " 3", "1");
        d.same("SORT", "cstrings");
        d.same("RPUSH", "cstrings", "3 ");
        d.same("SORT", "cstrings");
        d.same("ZADD", "zc", "1", "a", "2", "b");
        d.same("ZRANGEBYSCORE", "zc", "0\0x", "1\0junk");
        d.same("ZCOUNT", "zc", "(1\0", "+inf");
    }

    @Test
    void byAndGetPatterns() {
        data();
        d.same("SORT", "l", "BY", "w_*");
        d.same("SORT", "l", "BY", "w_*", "DESC", "LIMIT", "1", "3");
        d.same("SORT", "l", "BY", "w_*", "GET", "#", "GET", "o_*", "GET", "h_*->n", "GET", "h_*->missing", "GET", "nostar");
        d.same("SORT", "l", "BY", "h_*->n", "ALPHA", "GET", "#");
        d.same("SORT", "l", "BY", "o_*", "ALPHA");
        d.same("SORT", "l", "BY", "o_*", "ALPHA", "DESC");
        d.same("SORT", "z", "BY", "wz_*");
        d.same("SORT", "z", "BY", "wz_*", "GET", "wz_*");
        d.same("SORT", "s", "BY", "w_*", "GET", "o_*");
        d.same("SORT", "l", "GET", "o_*", "STORE", "dst");
        d.same("LRANGE", "dst", "0", "-1");
        d.same("SORT", "l", "BY", "w_*", "GET", "#", "GET", "o_*", "STORE", "dst");
        d.same("LRANGE", "dst", "0", "-1");
        d.same("OBJECT", "ENCODING", "dst");
        d.same("SORT", "l", "BY", "nosort", "GET", "o_*");
        d.same("SORT", "l", "BY", "h_*->v", "ALPHA");
        d.same("SET", "badweight", "x");
        d.same("RPUSH", "bw", "badweight");
        d.same("SORT", "bw", "BY", "*");
        d.same("SORT", "words");
    }

    @Test
    void storeReplacesOrDeletes() {
        data();
        d.same("SET", "dst", "string");
        d.same("EXPIRE", "dst", "100");
        d.same("SORT", "l", "STORE", "dst");
        d.same("TYPE", "dst");
        d.same("TTL", "dst");
        d.same("LRANGE", "dst", "0", "-1");
        d.same("SORT", "l", "LIMIT", "0", "0", "STORE", "dst");
        d.same("EXISTS", "dst");
        d.same("SORT", "nokey", "STORE", "dst2");
        d.same("EXISTS", "dst2");
        d.same("SORT", "l", "STORE", "x", "STORE", "dst3");
        d.same("EXISTS", "x");
        d.same("LRANGE", "dst3", "0", "-1");
        d.same("SORT", "l", "STORE", "l");
        d.same("LRANGE", "l", "0", "-1");
    }

    @Test
    void errorsAreRedis() {
        data();
        d.same("HSET", "hash", "f", "v");
        for (String[] command : new String[][] {{"SORT", "hash"}, {"SORT", "words"}, {"SORT", "l", "FOO"}, {"SORT", "l", "LIMIT", "1"},
                {"SORT", "l", "LIMIT", "x", "1"}, {"SORT", "l", "LIMIT", "1", "y"}, {"SORT", "l", "BY"}, {"SORT", "l", "GET"},
                {"SORT", "l", "STORE"}, {"SORT_RO", "l", "STORE", "dst"}, {"SORT", "hash", "FOO"}, {"SORT", "hash", "LIMIT", "x", "1"},
                {"SORT"}, {"SORT_RO"}, {"SORT", "words", "STORE", "dst"}}) {
            d.same(command);
        }
        d.same("EXISTS", "dst");
        d.same("COMMAND", "GETKEYS", "SORT", "l", "BY", "w_*", "LIMIT", "0", "1", "GET", "store", "STORE", "a", "STORE", "dst");
        d.same("COMMAND", "GETKEYS", "SORT_RO", "l", "BY", "w_*");
    }
}
