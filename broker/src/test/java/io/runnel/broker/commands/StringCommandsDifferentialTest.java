package io.runnel.broker.commands;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

/**
 * The string commands against redis-server, reply for reply. Keys "a", "b", "c", "{x}1" and
 * "{y}2" hash to different entities, so multi-key commands over them take the exclusive
 * multi-entity path.
 */
class StringCommandsDifferentialTest extends DifferentialCase {

    @Test
    void getAndSet() {
        d.same("GET", "missing");
        d.same("SET", "k", "v");
        d.same("GET", "k");
        d.same("SET", "k", "v2", "GET");
        d.same("SET", "k", "v3", "NX");
        d.same("SET", "k", "v3", "XX", "GET");
        d.same("SET", "k", "v", "NX", "XX");
        d.same("SET", "k", "v", "XX", "NX");
        d.same("SET", "k", "v", "EX", "0");
        d.same("SET", "k", "v", "EX", "-1");
        d.same("SET", "k", "v", "EX", "abc");
        d.same("SET", "k", "v", "EX", "10", "PX", "100");
        d.same("SET", "k", "v", "EX");
        d.same("SET", "k");
        d.same("SET", "k", "v", "FOO");
        d.same("SET", "k", "v", "PERSIST");
        d.same("GET", "k");
        d.same("SET", "", "");
        d.same("GET", "");
        d.same("SET", "bin", "\u0000\r\n\u00ff");
        d.same("GET", "bin");
    }

    @Test
    void setConditionsAndGet() {
        d.same("SET", "k", "v", "XX");
        d.same("SET", "k", "v", "XX", "GET");
        d.same("EXISTS", "k");
        d.same("SET", "k", "v1", "NX", "GET");
        d.same("SET", "k", "v2", "NX", "GET");
        d.same("SET", "k", "v3", "XX", "GET");
        d.same("SET", "k", "v4", "nx");
        d.same("SET", "k", "v5", "xx", "get");
        d.same("GET", "k");
        // repeating an option is accepted; contradicting one is a syntax error
        d.same("SET", "k", "v6", "XX", "XX");
        d.same("SET", "k", "v7", "GET", "GET");
        d.same("SET", "k", "v8", "NX", "NX");
        d.same("SET", "k", "v9", "KEEPTTL", "KEEPTTL");
        d.same("GET", "k");
    }

    @Test
    void setExpiryOptions() {
        d.same("SET", "k", "v", "EX", "10", "EX", "10");
        d.same("SET", "k", "v", "EX", "abc", "EX", "1000");
        d.sameWithin(1, "TTL", "k");
        d.same("SET", "k", "v", "EX", "1000", "EX", "abc");
        d.same("SET", "k", "v", "EX", "1000", "EX", "0");
        d.same("SET", "k", "v", "ex", "1000", "EX", "2000");
        d.sameWithin(1, "TTL", "k");
        d.same("SET", "k", "v", "KEEPTTL", "EX", "10");
        d.same("SET", "k", "v", "EX", "10", "KEEPTTL");
        d.same("SET", "k", "v", "PX", "10", "EX", "10");
        d.same("SET", "k", "v", "EXAT", "10", "PXAT", "10");
        d.same("SET", "k", "v", "PX");
        d.same("SET", "k", "v", "EXAT");
        d.same("SET", "k", "v", "PXAT");
        for (String option : new String[] {"EX", "PX", "EXAT", "PXAT"}) {
            d.same("SET", "k", "v", option, "0");
            d.same("SET", "k", "v", option, "-5");
            d.same("SET", "k", "v", option, "1.5");
            d.same("SET", "k", "v", option, "");
            d.same("SET", "k", "v", option, "9223372036854775807");
            d.same("SET", "k", "v", option, "9223372036854775808");
            d.same("SET", "k", "v", option, "-9223372036854775808");
            d.same("SET", "k", "v", option, "9223372036854775");
            d.same("SET", "k", "v", option, "9223372036854776");
        }
        d.same("SET", "k", "v", "EXAT", "99999999999");
        d.same("EXPIRETIME", "k");
        d.same("PEXPIRETIME", "k");
        d.same("SET", "k", "v", "PXAT", "99999999999123");
        d.same("PEXPIRETIME", "k");
        d.same("EXPIRETIME", "k");
        d.same("SET", "k", "v2", "KEEPTTL");
        d.same("PEXPIRETIME", "k");
        d.same("SET", "k", "v3", "KEEPTTL", "GET");
        d.same("PEXPIRETIME", "k");
        d.same("SET", "k", "v4");
        d.same("PEXPIRETIME", "k");
        d.same("SET", "k", "v", "PX", "100000");
        d.sameWithin(1, "TTL", "k");
        // an absolute time in the past stores nothing
        d.same("SET", "k", "v", "EXAT", "1");
        d.same("EXISTS", "k");
        d.same("SET", "k", "v", "PXAT", "1", "GET");
        d.same("EXISTS", "k");
        d.same("SET", "new", "v", "KEEPTTL");
        d.same("TTL", "new");
    }

    @Test
    void setnxSetexPsetexGetset() {
        d.same("SETNX", "k", "1");
        d.same("SETNX", "k", "2");
        d.same("GET", "k");
        d.same("SETEX", "k", "0", "v");
        d.same("SETEX", "k", "-1", "v");
        d.same("SETEX", "k", "abc", "v");
        d.same("SETEX", "k", "1.5", "v");
        d.same("SETEX", "k", "9223372036854775807", "v");
        d.same("SETEX", "k", "9223372036854776", "v");
        d.same("SETEX", "k", "9223372036854775", "v");
        d.same("PSETEX", "k", "0", "v");
        d.same("PSETEX", "k", "9223372036854775807", "v");
        d.same("GET", "k");
        d.same("SETEX", "k", "1000", "v");
        d.sameWithin(1, "TTL", "k");
        d.same("GET", "k");
        d.same("PSETEX", "k", "1000000", "w");
        d.sameWithin(1, "TTL", "k");
        d.same("GETSET", "k", "x");
        d.same("TTL", "k");
        d.same("GETSET", "missing", "x");
        d.same("GET", "missing");
        d.same("SETEX", "k");
        d.same("PSETEX", "k", "10");
        d.same("GETSET", "k");
    }

    @Test
    void getdelAndGetex() {
        d.same("GETDEL", "missing");
        d.same("SET", "k", "v");
        d.same("GETDEL", "k");
        d.same("GETDEL", "k");
        d.same("EXISTS", "k");
        d.same("GETEX", "missing");
        d.same("GETEX", "missing", "EX", "10");
        d.same("GETEX", "missing", "EX", "abc");
        d.same("GETEX", "missing", "FOO");
        d.same("SET", "k", "v");
        d.same("GETEX", "k");
        d.same("TTL", "k");
        d.same("GETEX", "k", "EX", "1000");
        d.sameWithin(1, "TTL", "k");
        d.same("GETEX", "k", "PERSIST");
        d.same("TTL", "k");
        d.same("GETEX", "k", "PERSIST");
        d.same("GETEX", "k", "PX", "1000000");
        d.sameWithin(1, "TTL", "k");
        d.same("GETEX", "k", "EXAT", "99999999999");
        d.same("PEXPIRETIME", "k");
        d.same("GETEX", "k", "PXAT", "99999999999123");
        d.same("PEXPIRETIME", "k");
        d.same("GETEX", "k", "EX", "10", "EX", "20000");
        d.sameWithin(1, "TTL", "k");
        d.same("GETEX", "k", "EX", "abc", "EX", "30000");
        d.sameWithin(1, "TTL", "k");
        d.same("GETEX", "k", "PERSIST", "PERSIST");
        d.same("TTL", "k");
        for (String option : new String[] {"EX", "PX", "EXAT", "PXAT"}) {
            d.same("GETEX", "k", option, "0");
            d.same("GETEX", "k", option, "-1");
            d.same("GETEX", "k", option, "abc");
            d.same("GETEX", "k", option, "9223372036854775807");
            d.same("GETEX", "k", option);
        }
        d.same("GETEX", "k", "EX", "10", "PX", "10");
        d.same("GETEX", "k", "PERSIST", "EX", "10");
        d.same("GETEX", "k", "EX", "10", "PERSIST");
        d.same("GETEX", "k", "KEEPTTL");
        d.same("GETEX", "k", "NX");
        d.same("GETEX", "k", "GET");
        d.same("TTL", "k");
        // an expiry in the past deletes the key after replying with its value
        d.same("GETEX", "k", "EXAT", "1");
        d.same("EXISTS", "k");
        d.same("SET", "k", "v");
        d.same("GETEX", "k", "PXAT", "1");
        d.same("GET", "k");
    }

    @Test
    void multiKeyAcrossEntities() {
        d.same("MGET", "a", "b", "c", "{x}1", "{y}2");
        d.same("MSET", "a", "1", "b", "2", "c", "3", "{x}1", "4", "{y}2", "5");
        d.same("MGET", "a", "b", "c", "{x}1", "{y}2", "missing", "a");
        d.same("MSET", "a", "1", "b");
        d.same("MSET", "a");
        d.same("MSET", "a", "x", "a", "y");
        d.same("GET", "a");
        d.same("MSETNX", "a", "1", "d", "4");
        d.same("EXISTS", "d");
        d.same("MSETNX", "d", "4", "e", "5", "{x}2", "6");
        d.same("MGET", "d", "e", "{x}2");
        d.same("MSETNX", "d", "4", "e");
        d.same("MSETNX", "f", "1", "f", "2");
        d.same("GET", "f");
        d.same("DEL", "a", "b", "{x}1", "missing");
        d.same("MGET", "a", "b", "c", "{x}1", "{y}2");
        d.same("SET", "ttl", "v", "EX", "1000");
        d.same("MSET", "ttl", "w", "other", "z");
        d.same("TTL", "ttl");
    }

    @Test
    void counters() {
        d.same("INCR", "n");
        d.same("INCR", "n");
        d.same("DECR", "n");
        d.same("INCRBY", "n", "10");
        d.same("INCRBY", "n", "-10");
        d.same("DECRBY", "n", "7");
        d.same("DECRBY", "n", "-7");
        d.same("INCRBY", "n", "abc");
        d.same("INCRBY", "n", "1.5");
        d.same("INCRBY", "n", "");
        d.same("INCRBY", "n", "01");
        d.same("INCRBY", "n", "+5");
        d.same("INCRBY", "n", " 5");
        d.same("INCRBY", "n", "99999999999999999999");
        d.same("INCRBY", "n", "9223372036854775807");
        d.same("DECRBY", "n", "9223372036854775807");
        d.same("DECRBY", "n", "-9223372036854775808");
        d.same("DECRBY", "n", "9223372036854775808");
        d.same("GET", "n");
        d.same("SET", "n", "9223372036854775807");
        d.same("INCR", "n");
        d.same("INCRBY", "n", "0");
        d.same("SET", "n", "-9223372036854775808");
        d.same("DECR", "n");
        d.same("DECRBY", "n", "1");
        d.same("INCRBY", "n", "-1");
        d.same("INCR", "n");
        for (String value : new String[] {" 1", "1 ", "01", "+1", "-0", "1.0", "", "abc", "0x10", "12345678901234567890",
                "-", "1e3", "\u00001"}) {
            d.same("SET", "n", value);
            d.same("INCR", "n");
            d.same("DECRBY", "n", "3");
            d.same("GET", "n");
        }
        d.same("SET", "ttl", "5", "EX", "1000");
        d.same("INCR", "ttl");
        d.sameWithin(1, "TTL", "ttl");
        d.same("INCR", "a", "b");
        d.same("INCRBY", "a");
    }

    @Test
    void incrbyfloatUsesLongDoubleArithmetic() {
        d.same("SET", "f", "10.5");
        d.same("INCRBYFLOAT", "f", "0.1");
        d.same("INCRBYFLOAT", "f", "-5.0e3");
        d.same("INCRBYFLOAT", "f", "1e30");
        d.same("INCRBYFLOAT", "f", "-1e30");
        d.same("INCRBYFLOAT", "f", "abc");
        d.same("INCRBYFLOAT", "f", "inf");
        d.same("GET", "f");
        String[] increments = {"inf", "-inf", "+inf", "Infinity", "-INFINITY", "nan", "NaN", "-nan", " 1", "1 ", "",
                "0x10", "0X1p3", "1e5000", "-1e5000", "1e4000", "1e-400", "1e-5000", ".5", "5.", "+.5", "1E2", "1d", "1f",
                "1_000", "--1", "1e", "e1", ".", "+", "-", "1e-4940", "4e-4951", "2e-4951", "1e-4951", "-1e-5000",
                "0e-5000", "1e-4931"};
        for (String increment : increments) {
            d.same("INCRBYFLOAT", "f", increment);
            d.same("GET", "f");
        }
    }

    @Test
    void incrbyfloatOnStoredValues() {
        String[] stored = {"inf", "-inf", "Infinity", "nan", "-0", "0", "5", "   5", "5 ", "0x10", "1e3", "abc", "",
                "1.7976931348623157e308", "12345678901234567890", "0.1", "1e-4940", "1e-4951", "1e4932",
                "1.18973149535723176502e4932", "1.18973149535723176508e4932", "1.1897314953572317651e4932", "-1e4000"};
        for (String value : stored) {
            d.same("SET", "f", value);
            d.same("INCRBYFLOAT", "f", "1");
            d.same("INCRBYFLOAT", "f", "inf");
            d.same("INCRBYFLOAT", "f", "-0.0");
            d.same("GET", "f");
        }
    }

    @Test
    void incrbyfloatFormatting() {
        String[][] sums = {
                {"10.5", "0.1"}, {"0", "-0"}, {"-0", "-0"}, {"0", "0.0"}, {"1e30", "1"}, {"0", "1e30"}, {"0", "1e-20"},
                {"0", "1e-17"}, {"0", "1e-18"}, {"0", "-0.00000000000000001"}, {"0", "-0.000000000000000001"},
                {"0", "123456789012345678901234567890"}, {"1.7976931348623157e308", "1.7976931348623157e308"},
                {"3", "0.0"}, {"0.1", "0.2"}, {"1.1", "2.2"}, {"-1.5", "1.5"}, {"1e19", "1"}, {"1.1e19", "-3"},
                {"99999999999999999999999999999999999999999999999999", "1"}, {"5.0e3", "0.000001"}, {"1", "1e-17"},
                {"3.0", "0"}, {"0x10", "0.5"}, {"2", "-0.1"}, {"1e300", "1e300"}, {"1.18e4932", "1.18e4932"}};
        int i = 0;
        for (String[] sum : sums) {
            String key = "f" + i++;
            d.same("SET", key, sum[0]);
            d.same("INCRBYFLOAT", key, sum[1]);
            d.same("GET", key);
            d.same("OBJECT", "ENCODING", key);
            d.same("INCRBYFLOAT", key, sum[1]);
        }
        d.same("INCRBYFLOAT", "new", "3");
        d.same("OBJECT", "ENCODING", "new");
        d.same("INCR", "new");
        d.same("OBJECT", "ENCODING", "new");
        d.same("SET", "ttl", "1.5", "EX", "1000");
        d.same("INCRBYFLOAT", "ttl", "1");
        d.sameWithin(1, "TTL", "ttl");
    }

    @Test
    void appendAndStrlen() {
        d.same("APPEND", "a", "hello");
        d.same("OBJECT", "ENCODING", "a");
        d.same("APPEND", "a", " world");
        d.same("OBJECT", "ENCODING", "a");
        d.same("GET", "a");
        d.same("STRLEN", "a");
        d.same("STRLEN", "missing");
        d.same("SET", "n", "123");
        d.same("APPEND", "n", "4");
        d.same("OBJECT", "ENCODING", "n");
        d.same("INCR", "n");
        d.same("SET", "n", "5");
        d.same("APPEND", "n", "");
        d.same("OBJECT", "ENCODING", "n");
        d.same("APPEND", "e", "");
        d.same("EXISTS", "e");
        d.same("OBJECT", "ENCODING", "e");
        d.same("STRLEN", "e");
        d.same("APPEND", "i", "5");
        d.same("OBJECT", "ENCODING", "i");
        d.same("OBJECT", "REFCOUNT", "i");
        d.same("APPEND", "i", "5");
        d.same("OBJECT", "ENCODING", "i");
        d.same("OBJECT", "REFCOUNT", "i");
        d.same("APPEND", "long", "x".repeat(45));
        d.same("OBJECT", "ENCODING", "long");
        d.same("APPEND", "emb", "x".repeat(44));
        d.same("OBJECT", "ENCODING", "emb");
        d.same("SET", "ttl", "v", "EX", "1000");
        d.same("APPEND", "ttl", "w");
        d.sameWithin(1, "TTL", "ttl");
        d.same("STRLEN", "ttl");
        d.same("SET", "u", "\u00e9t\u00e9");
        d.same("STRLEN", "u");
    }

    @Test
    void setrangeAndGetrange() {
        d.same("SETRANGE", "s", "5", "abc");
        d.same("GET", "s");
        d.same("OBJECT", "ENCODING", "s");
        d.same("SETRANGE", "s", "0", "");
        d.same("SETRANGE", "s", "-1", "x");
        d.same("SETRANGE", "s", "abc", "x");
        d.same("SETRANGE", "s", "1", "XY");
        d.same("GET", "s");
        d.same("SETRANGE", "s", "10", "tail");
        d.same("GET", "s");
        d.same("SETRANGE", "missing", "0", "");
        d.same("SETRANGE", "missing", "10", "");
        d.same("EXISTS", "missing");
        d.same("SETRANGE", "missing", "-1", "");
        d.same("SETRANGE", "missing", "536870911", "");
        d.same("SETRANGE", "missing", "536870912", "");
        d.same("SETRANGE", "missing", "536870912", "x");
        d.same("SETRANGE", "missing", "536870911", "xy");
        d.same("SETRANGE", "s", "536870912", "x");
        d.same("SETRANGE", "s", "9223372036854775807", "x");
        d.same("SET", "num", "12345");
        d.same("SETRANGE", "num", "0", "9");
        d.same("OBJECT", "ENCODING", "num");
        d.same("GET", "num");
        d.same("SET", "emb", "abc");
        d.same("SETRANGE", "emb", "0", "");
        d.same("OBJECT", "ENCODING", "emb");
        d.same("SETRANGE", "emb", "0", "x");
        d.same("OBJECT", "ENCODING", "emb");
        String[][] ranges = {{"0", "-1"}, {"-100", "100"}, {"3", "1"}, {"-1", "-2"}, {"-2", "-1"}, {"5", "10"},
                {"4", "10"}, {"0", "0"}, {"abc", "1"}, {"1", "abc"}, {"0", "9223372036854775807"},
                {"-9223372036854775808", "-1"}, {"-9223372036854775808", "9223372036854775807"}, {"1.5", "2"},
                {"-1", "0"}, {"-3", "-3"}, {"10", "5"}};
        d.same("SET", "r", "12345");
        d.same("SET", "empty", "");
        for (String[] range : ranges) {
            for (String key : new String[] {"r", "empty", "missing2"}) {
                d.same("GETRANGE", key, range[0], range[1]);
                d.same("SUBSTR", key, range[0], range[1]);
            }
        }
        d.same("SET", "i", "10");
        d.same("GETRANGE", "i", "0", "0");
    }

    @Test
    void valueSizeLimits() {
        // the default limit, 512 MB, checked without making such a string
        d.same("SET", "big", "x");
        d.same("SETRANGE", "big", "536870911", "");
        d.same("SETRANGE", "big", "536870912", "y");
        d.same("SETRANGE", "big", "536870911", "yz");
        d.same("SETRANGE", "fresh", "536870912", "y");
        d.same("STRLEN", "big");
        d.same("EXISTS", "fresh");
    }

    @Test
    void valueSizeLimitFollowsProtoMaxBulkLen() {
        try {
            d.same("CONFIG", "SET", "proto-max-bulk-len", "1mb");
            d.same("SET", "a", "x");
            d.same("SETRANGE", "a", "1048575", "y");
            d.same("SETRANGE", "a", "1048576", "y");
            d.same("SETRANGE", "a", "1048575", "yy");
            d.same("APPEND", "a", "z");
            d.same("STRLEN", "a");
            d.same("SETRANGE", "n", "1048576", "y");
            d.same("SETRANGE", "n", "1048575", "y");
            d.same("APPEND", "n", "z");
            d.same("APPEND", "n", "");
            d.same("STRLEN", "n");
            d.same("GETRANGE", "n", "-2", "-1");
        } finally {
            d.both("CONFIG", "SET", "proto-max-bulk-len", "512mb");
        }
    }

    @Test
    void lcs() {
        d.same("LCS", "a", "b");
        d.same("LCS", "a", "b", "IDX");
        d.same("LCS", "a", "b", "LEN");
        d.same("SET", "a", "ohmytext");
        d.same("SET", "b", "mynewtext");
        d.same("LCS", "a", "b");
        d.same("LCS", "a", "b", "LEN");
        d.same("LCS", "a", "b", "IDX");
        d.same("LCS", "a", "b", "IDX", "WITHMATCHLEN");
        d.same("LCS", "a", "b", "IDX", "MINMATCHLEN", "4");
        d.same("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN");
        d.same("LCS", "a", "b", "IDX", "MINMATCHLEN", "-4", "WITHMATCHLEN");
        d.same("LCS", "a", "b", "idx", "minmatchlen", "0", "withmatchlen");
        d.same("LCS", "a", "b", "IDX", "MINMATCHLEN", "abc");
        d.same("LCS", "a", "b", "IDX", "MINMATCHLEN");
        d.same("LCS", "a", "b", "LEN", "IDX");
        d.same("LCS", "a", "b", "IDX", "LEN");
        d.same("LCS", "a", "b", "FOO");
        d.same("LCS", "a", "b", "LEN", "LEN");
        d.same("LCS", "a", "b", "MINMATCHLEN", "2");
        d.same("LCS", "a", "b", "WITHMATCHLEN");
        d.same("LCS", "a", "missing");
        d.same("LCS", "missing", "missing2", "IDX", "WITHMATCHLEN");
        d.same("LCS", "a", "a", "IDX", "WITHMATCHLEN");
        String[][] pairs = {{"aaaa", "aa"}, {"abcabc", "cbacba"}, {"xaxbxcxdx", "yaybycydy"}, {"1234567", "1234567"},
                {"", "abc"}, {"abc", "def"}, {"GTTCCTAATA", "CGATAATTGAGA"}, {"banana", "atana"}};
        for (String[] pair : pairs) {
            d.same("MSET", "{x}1", pair[0], "{y}2", pair[1]);
            d.same("LCS", "{x}1", "{y}2");
            d.same("LCS", "{y}2", "{x}1", "LEN");
            d.same("LCS", "{x}1", "{y}2", "IDX", "WITHMATCHLEN");
            d.same("LCS", "{y}2", "{x}1", "IDX", "MINMATCHLEN", "2");
        }
    }

    @Test
    void lcsOfRandomStrings() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int round = 0; round < 30; round++) {
            int alphabet = 2 + random.nextInt(4);
            d.same("SET", "{x}1", randomText(random, random.nextInt(300), alphabet));
            d.same("SET", "{y}2", randomText(random, random.nextInt(300), alphabet));
            d.same("LCS", "{x}1", "{y}2");
            d.same("LCS", "{x}1", "{y}2", "LEN");
            d.same("LCS", "{x}1", "{y}2", "IDX", "WITHMATCHLEN");
            d.same("LCS", "{y}2", "{x}1", "IDX", "MINMATCHLEN", Integer.toString(random.nextInt(4)));
        }
    }

    private static String randomText(java.util.SplittableRandom random, int length, int alphabet) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(alphabet)));
        }
        return text.toString();
    }

    @Test
    void lcsTableLimitIsProtoMaxBulkLen() {
        // Redis refuses a table of (len1 + 1) * (len2 + 1) four-byte cells beyond the limit
        d.same("SET", "a", "x".repeat(12000));
        d.same("SET", "b", "x".repeat(12000));
        d.same("LCS", "a", "b", "LEN");
        d.same("LCS", "a", "b", "IDX", "LEN");
        try {
            d.same("CONFIG", "SET", "proto-max-bulk-len", "1mb");
            int[][] sizes = {{511, 511}, {512, 511}, {511, 512}, {512, 512}, {1023, 255}, {1024, 255}, {1023, 256},
                    {0, 1000000}, {0, 262143}};
            for (int[] size : sizes) {
                d.same("SET", "a", "ab".repeat(size[0]).substring(0, size[0]));
                d.same("SET", "b", "ba".repeat(size[1]).substring(0, size[1]));
                d.same("LCS", "a", "b", "LEN");
                d.same("LCS", "a", "b", "IDX", "MINMATCHLEN", "3");
                d.same("LCS", "a", "missing");
            }
        } finally {
            d.both("CONFIG", "SET", "proto-max-bulk-len", "512mb");
        }
    }

    @Test
    void repliesInResp3() {
        d.resp3();
        d.same("GET", "missing");
        d.same("MGET", "a", "missing", "{x}1");
        d.same("SET", "k", "v", "GET");
        d.same("SET", "k", "v", "NX", "GET");
        d.same("SET", "n", "v", "XX", "GET");
        d.same("SET", "n", "v", "XX");
        d.same("GETEX", "missing");
        d.same("GETDEL", "missing");
        d.same("GETSET", "missing2", "x");
        d.same("INCRBYFLOAT", "f", "1.5");
        d.same("INCR", "i");
        d.same("STRLEN", "k");
        d.same("GETRANGE", "missing", "0", "-1");
        d.same("SET", "a", "ohmytext");
        d.same("SET", "b", "mynewtext");
        d.same("LCS", "a", "b", "IDX", "WITHMATCHLEN");
        d.same("LCS", "a", "b", "IDX");
        d.same("LCS", "a", "b", "LEN");
        d.same("LCS", "missing", "missing2", "IDX");
        d.same("SET", "k", "v", "EX", "0");
        d.same("INCRBYFLOAT", "f", "inf");
    }
}
