package io.runnel.broker.commands;

import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.NotificationWatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keyspace notifications against redis-server: the same commands on both servers must raise the
 * same notifications on the same channels, in the same order, for every class of
 * notify-keyspace-events. Every write command appears here (KeyspaceNotificationCoverageTest
 * checks), including those that raise nothing.
 */
class KeyspaceNotificationDifferentialTest extends DifferentialCase {

    @Test
    void stringCommandsRaiseTheirEvents() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            d.same("SET", "s:a", "1");
            d.same("SET", "s:a", "2", "EX", "100");
            d.same("SET", "s:a", "3", "KEEPTTL");
            d.same("SET", "s:a", "4", "NX");
            d.same("SET", "s:a", "5", "XX", "GET");
            d.same("SETNX", "s:b", "1");
            d.same("SETNX", "s:b", "2");
            d.same("SETEX", "s:c", "100", "x");
            d.same("PSETEX", "s:d", "100000", "x");
            d.same("GETSET", "s:e", "1");
            d.same("INCR", "s:e");
            d.same("INCRBY", "s:e", "5");
            d.same("DECR", "s:e");
            d.same("DECRBY", "s:e", "2");
            d.same("INCRBYFLOAT", "s:e", "1.5");
            d.same("APPEND", "s:e", "x");
            d.same("APPEND", "s:f", "new");
            d.same("SETRANGE", "s:f", "1", "zz");
            d.same("SETRANGE", "s:g", "2", "ab");
            d.same("SETRANGE", "s:g", "0", "");
            d.same("MSET", "s:h", "1", "{s}:i", "2", "s:j", "3");
            d.same("MSETNX", "s:h", "1", "s:k", "2");
            d.same("MSETNX", "s:l", "1", "s:m", "2");
            d.same("GETDEL", "s:l");
            d.same("GETEX", "s:m", "EX", "100");
            d.same("GETEX", "s:m", "PERSIST");
            d.same("GETEX", "s:m", "PERSIST");
            d.same("GETEX", "s:m", "PXAT", "1");
            d.same("INCR", "s:a");
            watch.assertSame();
        }
    }

    @Test
    void genericCommandsRaiseTheirEvents() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            d.same("SET", "g:a", "1");
            d.same("EXPIRE", "g:a", "100");
            d.same("PEXPIRE", "g:a", "200000", "GT");
            d.same("EXPIRE", "g:a", "100", "NX");
            d.same("EXPIREAT", "g:a", "99999999999");
            d.same("PEXPIREAT", "g:a", "99999999999000");
            d.same("PERSIST", "g:a");
            d.same("PERSIST", "g:a");
            d.same("EXPIRE", "g:a", "-1");
            d.same("EXPIRE", "g:missing", "10");
            d.same("MSET", "g:b", "1", "g:c", "2", "g:d", "3");
            d.same("DEL", "g:b", "g:nothing", "g:c");
            d.same("UNLINK", "g:d", "g:nothing");
            d.same("SET", "g:e", "1");
            d.same("RENAME", "g:e", "g:f");
            d.same("RENAME", "g:f", "g:f");
            d.same("SET", "g:g", "2");
            d.same("RENAME", "g:f", "g:g");
            d.same("RENAMENX", "g:g", "g:h");
            d.same("SET", "g:i", "3");
            d.same("RENAMENX", "g:h", "g:i");
            d.same("COPY", "g:h", "g:j");
            d.same("COPY", "g:h", "g:j");
            d.same("COPY", "g:h", "g:j", "REPLACE");
            d.same("COPY", "g:h", "g:j", "DB", "2");
            d.same("MOVE", "g:j", "3");
            d.same("MOVE", "g:i", "2");
            d.same("SELECT", "3");
            d.same("SET", "g:k", "1");
            d.same("DEL", "g:j", "g:k");
            d.same("SELECT", "0");
            watch.assertSame();
        }
    }

    @Test
    void databaseWideCommandsRaiseNothing() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            d.same("SET", "w:a", "1");
            d.same("FLUSHDB");
            d.same("SET", "w:b", "1");
            d.same("SWAPDB", "0", "1");
            d.same("SWAPDB", "0", "1");
            d.same("FLUSHALL");
            d.same("TOUCH", "w:b");
            watch.assertSame();
        }
    }

    /** Function libraries are not keys: loading, deleting, flushing and restoring them raise nothing; a function's writes do. */
    @Test
    void functionLibraryCommandsRaiseNothing() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            d.same("FUNCTION", "LOAD", "#!lua name=notify\nredis.register_function('setter', function(keys) "
                    + "return redis.call('SET', keys[1], 'v') end)");
            byte[][] dumps = d.both("FUNCTION", "DUMP");
            d.same("FCALL", "setter", "1", "fn:a");
            d.same("FUNCTION", "DELETE", "notify");
            byte[] payload = java.util.Arrays.copyOfRange(dumps[0], new String(dumps[0], java.nio.charset.StandardCharsets.ISO_8859_1)
                    .indexOf('\n') + 1, dumps[0].length - 2);
            d.same("FUNCTION".getBytes(), "RESTORE".getBytes(), payload);
            d.same("FUNCTION", "FLUSH");
            watch.assertSame();
        }
    }

    @Test
    void setCommandsRaiseTheirEvents() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            d.same("SADD", "set:a", "1", "2", "x");
            d.same("SADD", "set:a", "1");
            d.same("SREM", "set:a", "missing");
            d.same("SREM", "set:a", "1", "2");
            d.same("SREM", "set:a", "x");
            d.same("SISMEMBER", "set:a", "x");
            d.same("SADD", "set:b", "1", "2", "3");
            d.same("SMOVE", "set:b", "set:c", "1");
            d.same("SMOVE", "set:b", "set:c", "missing");
            d.same("SADD", "set:d", "x");
            d.same("SMOVE", "set:d", "set:c", "x");
            d.same("SPOP", "set:b", "0");
            d.same("SPOP", "set:b", "5");
            d.sameUnordered("SRANDMEMBER", "set:c", "5"); // a table: order is each server's own
            d.same("SADD", "set:e", "1", "2");
            d.same("SADD", "set:f", "2", "3");
            d.same("SINTERSTORE", "set:g", "set:e", "set:f");
            d.same("SUNIONSTORE", "set:g", "set:e", "set:f");
            d.same("SDIFFSTORE", "set:g", "set:e", "set:f");
            d.same("SDIFFSTORE", "set:g", "set:e", "set:e"); // empty: the destination is deleted
            d.same("SINTERSTORE", "set:g", "set:e", "set:none"); // nothing to delete: no event
            d.same("SINTER", "set:e", "set:none");
            watch.assertSame();
        }
    }

    /** DUMP of the string "12" as Redis 7.0 writes it. */
    private static final byte[] DUMP_OF_12 = {0, (byte) 0xC0, 0x0C, 0x0A, 0x00, 0x3C, 0x2A, (byte) 0xF8, 0x51, 0x5C, 0x04,
        (byte) 0xBC, (byte) 0xD5};

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void bitmapCommandsRaiseTheirEvents() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            d.same("SETBIT", "bit:a", "7", "1");
            d.same("SETBIT", "bit:a", "7", "1");
            d.same("SETBIT", "bit:a", "3", "0");
            d.same("SETBIT", "bit:a", "30", "0");
            d.same("BITOP", "OR", "bit:b", "bit:a");
            d.same("BITOP", "AND", "bit:b", "bit:none");
            d.same("BITOP", "AND", "bit:b", "bit:none");
            d.same("BITFIELD", "bit:c", "SET", "u8", "0", "7");
            d.same("BITFIELD", "bit:c", "SET", "u8", "0", "7");
            d.same("BITFIELD", "bit:c", "GET", "u8", "0");
            d.same("BITFIELD", "bit:d", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "5");
            d.same("BITFIELD", "bit:c", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "5");
            d.same("PFADD", "hll:a", "x", "y");
            d.same("PFADD", "hll:a", "x");
            d.same("PFADD", "hll:b");
            d.same("PFCOUNT", "hll:a");
            d.same("PFMERGE", "hll:c", "hll:a", "hll:b");
            d.same("PFDEBUG", "TODENSE", "hll:c");
            d.same("RPUSH", "sort:l", "3", "1", "2");
            d.same("SORT", "sort:l", "STORE", "sort:dst");
            d.same("SORT", "sort:l", "LIMIT", "0", "0", "STORE", "sort:dst");
            d.same("SORT", "sort:l", "LIMIT", "0", "0", "STORE", "sort:dst");
            d.same("GEOADD", "geo:a", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania");
            d.same("GEOADD", "geo:a", "NX", "13.361389", "38.115556", "Palermo");
            d.same("GEORADIUS", "geo:a", "15", "37", "200", "km", "STORE", "geo:b");
            d.same("GEOSEARCHSTORE", "geo:c", "geo:a", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST");
            d.same("GEOSEARCHSTORE", "geo:c", "geo:a", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km");
            d.same("GEORADIUS", "geo:none", "15", "37", "200", "km", "STORE", "geo:b");
            d.same("GEORADIUSBYMEMBER", "geo:a", "Palermo", "300", "km", "STOREDIST", "geo:d");
            d.same("SET", "dump:a", "12");
            d.same(bytes("RESTORE"), bytes("dump:b"), bytes("0"), DUMP_OF_12);
            d.same(bytes("RESTORE"), bytes("dump:a"), bytes("0"), DUMP_OF_12, bytes("REPLACE"));
            watch.assertSame();
        }
    }

    @Test
    void sortedSetCommandsRaiseTheirEvents() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            d.same("ZADD", "z:a", "1", "a", "2", "b", "3", "c", "4", "d");
            d.same("ZADD", "z:a", "1", "a");
            d.same("ZADD", "z:a", "NX", "5", "a");
            d.same("ZADD", "z:a", "XX", "CH", "5", "a");
            d.same("ZADD", "z:a", "INCR", "1", "a");
            d.same("ZINCRBY", "z:a", "1", "b");
            d.same("ZINCRBY", "z:a", "0", "b");
            d.same("ZREM", "z:a", "missing");
            d.same("ZREM", "z:a", "a");
            d.same("ZREMRANGEBYRANK", "z:a", "10", "20");
            d.same("ZREMRANGEBYRANK", "z:a", "0", "0");
            d.same("ZREMRANGEBYSCORE", "z:a", "100", "200");
            d.same("ZREMRANGEBYSCORE", "z:a", "3", "3");
            d.same("ZADD", "z:lex", "0", "a", "0", "b");
            d.same("ZREMRANGEBYLEX", "z:lex", "[a", "[a");
            d.same("ZREMRANGEBYLEX", "z:lex", "-", "+");
            d.same("ZADD", "z:b", "1", "a", "2", "b", "3", "c");
            d.same("ZPOPMIN", "z:b");
            d.same("ZPOPMAX", "z:b", "0");
            d.same("ZPOPMAX", "z:b");
            d.same("ZMPOP", "1", "z:b", "MIN", "COUNT", "5");
            d.same("BZPOPMIN", "z:none", "0.01");
            d.same("ZADD", "z:c", "1", "a", "2", "b");
            d.same("BZPOPMAX", "z:c", "0");
            d.same("BZMPOP", "0", "1", "z:c", "MIN");
            d.same("ZADD", "z:d", "1", "a", "2", "b");
            d.same("ZADD", "z:e", "2", "b", "3", "c");
            d.same("ZRANGESTORE", "z:f", "z:d", "0", "-1");
            d.same("ZUNIONSTORE", "z:f", "2", "z:d", "z:e");
            d.same("ZINTERSTORE", "z:f", "2", "z:d", "z:e");
            d.same("ZDIFFSTORE", "z:f", "2", "z:d", "z:e");
            d.same("ZINTERSTORE", "z:f", "2", "z:d", "z:none"); // empty: the destination is deleted
            d.same("ZRANGESTORE", "z:f", "z:none", "0", "-1"); // nothing to delete: no event
            d.same("ZUNION", "2", "z:d", "z:e");
            watch.assertSame();
        }
    }

    @Test
    void listCommandsRaiseTheirEvents() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            d.same("RPUSH", "l:a", "1", "2", "3", "2");
            d.same("LPUSH", "l:a", "0");
            d.same("LPUSHX", "l:none", "0");
            d.same("RPUSHX", "l:a", "4");
            d.same("LSET", "l:a", "0", "zero");
            d.same("LINSERT", "l:a", "BEFORE", "3", "2.5");
            d.same("LINSERT", "l:a", "BEFORE", "missing", "x");
            d.same("LREM", "l:a", "0", "2");
            d.same("LREM", "l:a", "0", "missing");
            d.same("LTRIM", "l:a", "0", "3");
            d.same("LPOP", "l:a");
            d.same("RPOP", "l:a", "1");
            d.same("LMOVE", "l:a", "l:b", "LEFT", "RIGHT");
            d.same("RPOPLPUSH", "l:a", "l:b");
            d.same("LMOVE", "l:b", "l:b", "LEFT", "RIGHT");
            d.same("RPUSH", "l:c", "x");
            d.same("LTRIM", "l:c", "1", "0");
            d.same("RPUSH", "l:d", "x", "y");
            d.same("RPOP", "l:d", "5");
            d.same("LRANGE", "l:b", "0", "-1");
            d.same("RPUSH", "l:e", "1", "2", "3", "4", "5");
            d.same("LMPOP", "2", "l:none", "l:e", "LEFT", "COUNT", "2");
            d.same("BLMPOP", "0", "1", "l:e", "RIGHT");
            d.same("BLPOP", "l:none", "l:e", "0");
            d.same("BRPOP", "l:e", "0");
            d.same("LMPOP", "1", "l:none", "LEFT");
            d.same("RPUSH", "l:f", "1", "2");
            d.same("BLMOVE", "l:f", "l:g", "LEFT", "RIGHT", "0");
            d.same("BRPOPLPUSH", "l:f", "l:g", "0");
            watch.assertSame();
        }
    }

    @Test
    void hashCommandsRaiseTheirEvents() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            d.same("HSET", "h:a", "f1", "1", "f2", "2");
            d.same("HSET", "h:a", "f1", "1");
            d.same("HMSET", "h:a", "f3", "3");
            d.same("HSETNX", "h:a", "f3", "x");
            d.same("HSETNX", "h:a", "f4", "4");
            d.same("HINCRBY", "h:a", "n", "2");
            d.same("HINCRBY", "h:a", "f1", "x");
            d.same("HINCRBYFLOAT", "h:a", "x", "1.5");
            d.same("HINCRBYFLOAT", "h:b", "x", "1.5");
            d.same("HDEL", "h:a", "missing");
            d.same("HDEL", "h:a", "f1", "f2");
            d.same("HDEL", "h:b", "x");
            d.same("HGET", "h:a", "f3");
            watch.assertSame();
        }
    }

    @Test
    void streamCommandsRaiseTheirEvents() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            d.same("XADD", "t:s", "1-1", "a", "1");
            d.same("XADD", "t:s", "2-1", "a", "1");
            d.same("XADD", "t:s", "MAXLEN", "1", "3-1", "a", "1");
            d.same("XADD", "t:s", "MAXLEN", "100", "4-1", "a", "1");
            d.same("XADD", "t:none", "NOMKSTREAM", "*", "a", "1");
            d.same("XADD", "t:s", "MINID", "5", "5-1", "a", "1");
            d.same("XADD", "t:s", "6-1", "a", "1");
            d.same("XADD", "t:s", "7-1", "a", "1");
            d.same("XTRIM", "t:s", "MAXLEN", "1");
            d.same("XTRIM", "t:s", "MAXLEN", "5");
            d.same("XADD", "t:s", "8-1", "a", "1");
            d.same("XDEL", "t:s", "8-1", "9-9");
            d.same("XDEL", "t:s", "9-9");
            d.same("XADD", "t:s", "9-1", "a", "1");
            d.same("XGROUP", "CREATE", "t:s", "g", "0");
            d.same("XGROUP", "CREATE", "t:s", "g", "0");
            d.same("XGROUP", "CREATE", "t:made", "g", "$", "MKSTREAM");
            d.same("XGROUP", "CREATECONSUMER", "t:s", "g", "c1");
            d.same("XGROUP", "CREATECONSUMER", "t:s", "g", "c1");
            d.same("XREADGROUP", "GROUP", "g", "c2", "COUNT", "1", "STREAMS", "t:s", ">");
            d.same("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "t:s", ">");
            d.same("XREADGROUP", "GROUP", "g", "c3", "STREAMS", "t:s", ">");
            d.same("XREADGROUP", "GROUP", "g", "c4", "STREAMS", "t:s", "0");
            d.same("XACK", "t:s", "g", "7-1");
            d.same("XCLAIM", "t:s", "g", "c5", "0", "9-1", "JUSTID");
            d.same("XCLAIM", "t:s", "g", "c6", "0", "1-1");
            d.same("XAUTOCLAIM", "t:s", "g", "c7", "0", "0", "JUSTID");
            d.same("XAUTOCLAIM", "t:s", "g", "c8", "99999999", "0");
            d.same("XGROUP", "SETID", "t:s", "g", "0");
            d.same("XGROUP", "DELCONSUMER", "t:s", "g", "c1");
            d.same("XGROUP", "DELCONSUMER", "t:s", "g", "nobody");
            d.same("XGROUP", "DESTROY", "t:s", "g");
            d.same("XGROUP", "DESTROY", "t:s", "g");
            d.same("XSETID", "t:s", "99-1");
            d.same("DEL", "t:s", "t:made");
            watch.assertSame();
        }
    }

    @Test
    void aBlockedGroupReaderCreatesItsConsumerWhenServed() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA");
             Differential reader = Differential.connect(
                     d.redis().port(), d.runnel().port())) {
            d.same("XGROUP", "CREATE", "t:b", "g", "$", "MKSTREAM");
            reader.sendRaw(RawClient.encode(RawClient.bytes(
                    "XREADGROUP", "GROUP", "g", "late", "BLOCK", "5000", "STREAMS", "t:b", ">")));
            sleep(100);
            d.same("XADD", "t:b", "1-1", "f", "v");
            reader.readBoth();
            watch.assertSame();
        }
    }

    @Test
    void classesSelectEventsAndChannels() {
        for (String classes : new String[] {"Kg", "E$", "Kt", "KEg$", "Eg", "K$t", "Ad", "KEl", "KEshz"}) {
            try (NotificationWatch watch = NotificationWatch.open(d, classes)) {
                d.same("SET", "c:a", "1", "EX", "100");
                d.same("INCR", "c:n");
                d.same("XADD", "c:s", "1-1", "f", "v");
                d.same("DEL", "c:a", "c:n", "c:s");
                d.same("GET", "c:a");
                watch.assertSame();
            }
        }
    }

    @Test
    void keyMissesAreReportedForReadsOnly() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEm")) {
            d.same("GET", "m:a");
            d.same("STRLEN", "m:a");
            d.same("GETRANGE", "m:a", "0", "1");
            d.same("MGET", "m:a", "m:b");
            d.same("EXISTS", "m:a");
            d.same("TYPE", "m:a");
            d.same("TTL", "m:a");
            d.same("PTTL", "m:a");
            d.same("EXPIRETIME", "m:a");
            d.same("OBJECT", "ENCODING", "m:a");
            d.same("TOUCH", "m:a");
            d.same("XLEN", "m:s");
            d.same("XRANGE", "m:s", "-", "+");
            d.same("XREVRANGE", "m:s", "+", "-");
            d.same("XREAD", "STREAMS", "m:s", "0");
            d.same("XINFO", "STREAM", "m:s");
            d.same("XPENDING", "m:s", "g");
            d.same("XACK", "m:s", "g", "1-1");
            d.same("XSETID", "m:s", "1-1");
            d.same("XINFO", "GROUPS", "m:s");
            d.same("LCS", "m:a", "m:b");
            d.same("OBJECT", "FREQ", "m:a");
            d.same("COPY", "m:a", "m:z");
            d.same("RENAME", "m:a", "m:z");
            d.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "m:s", ">");
            d.same("XCLAIM", "m:s", "g", "c", "0", "1-1");
            d.same("GETSET", "m:c", "1");
            d.same("GETDEL", "m:d");
            d.same("GETEX", "m:d", "PERSIST");
            d.same("SET", "m:e", "1", "GET");
            d.same("SET", "m:f", "1");
            d.same("DEL", "m:nothing");
            d.same("EXPIRE", "m:nothing", "10");
            d.same("INCR", "m:g");
            d.same("APPEND", "m:h", "x");
            d.same("GET", "m:f");
            watch.assertSame();
        }
    }

    @Test
    void newKeysAreReportedWithTheNClass() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEAn")) {
            d.same("CONFIG", "GET", "notify-keyspace-events");
            d.same("SET", "n:a", "1");
            d.same("SET", "n:a", "2");
            d.same("APPEND", "n:b", "x");
            d.same("SETRANGE", "n:c", "1", "x");
            d.same("INCRBYFLOAT", "n:d", "1");
            d.same("XADD", "n:s", "1-1", "f", "v");
            d.same("XGROUP", "CREATE", "n:t", "g", "$", "MKSTREAM");
            d.same("RENAME", "n:a", "n:z");
            d.same("COPY", "n:z", "n:y");
            d.same("MOVE", "n:y", "1");
            watch.assertSame();
        }
        try (NotificationWatch watch = NotificationWatch.open(d, "En")) {
            d.same("SET", "n:e", "1");
            d.same("SET", "n:e", "2");
            watch.assertSame();
        }
    }

    /**
     * A key past its time is reported expired before the read that finds it missing, whether
     * the read or the active cycle deleted it (one key per round, so both orders agree).
     */
    @Test
    void expiredKeysAreReportedBeforeTheReadThatMissesThem() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEAm")) {
            String[][] reads = {{"GET", "x:a"}, {"EXISTS", "x:a"}, {"SET", "x:a", "2", "NX"}, {"TTL", "x:a"}};
            for (String[] read : reads) {
                d.same("SET", "x:a", "1", "PX", "20");
                sleep(60);
                d.same(read);
                watch.assertSame();
                d.same("DEL", "x:a");
            }
        }
    }

    @Test
    void expiredKeysAreReportedByTheActiveCycle() {
        try (NotificationWatch watch = NotificationWatch.open(d, "Ex")) {
            d.same("SET", "x:d", "1", "PX", "30");
            d.same("SET", "x:e", "1");
            d.same("PEXPIRE", "x:e", "30");
            // the cycle samples keys at random: the same notifications, in either order
            List<List<String>> both = watch.bothAfter(400);
            List<String> redis = new java.util.ArrayList<>(both.get(0));
            List<String> runnel = new java.util.ArrayList<>(both.get(1));
            java.util.Collections.sort(redis);
            java.util.Collections.sort(runnel);
            assertEquals(List.of("__keyevent@0__:expired x:d", "__keyevent@0__:expired x:e"), redis);
            assertEquals(redis, runnel);
        }
    }

    @Test
    void configuredClassesAreShownAsRedisShowsThem() {
        for (String classes : new String[] {"KEA", "AKEmn", "g$lshzxetd", "Kmn", "E", "xE", "dK", "AK", ""}) {
            d.same("CONFIG", "SET", "notify-keyspace-events", classes);
            d.same("CONFIG", "GET", "notify-keyspace-events");
        }
        d.same("CONFIG", "SET", "notify-keyspace-events", "Q");
        d.same("CONFIG", "GET", "notify-keyspace-events");
    }

    @Test
    void noSubscriberSeesAnythingWhileNotificationsAreOff() {
        try (NotificationWatch watch = NotificationWatch.open(d, "")) {
            d.same("SET", "o:a", "1");
            d.same("DEL", "o:a");
            assertTrue(watch.assertSame().isEmpty());
        }
    }

    @Test
    void keyspaceChannelsCanBeSubscribedOneByOne() {
        try (NotificationWatch ignored = NotificationWatch.open(d, "KEA");
             Differential subscriber = Differential.connect(
                     d.redis().port(), d.runnel().port())) {
            subscriber.same("SUBSCRIBE", "__keyspace@0__:one:key");
            d.same("SET", "one:key", "1");
            d.same("SET", "other:key", "1");
            d.same("EXPIRE", "one:key", "100");
            d.same("DEL", "one:key");
            for (int i = 0; i < 3; i++) {
                byte[][] replies = subscriber.readBoth();
                assertEquals(Differential.printable(replies[0]),
                        Differential.printable(replies[1]));
            }
            subscriber.same("UNSUBSCRIBE");
        }
    }

    /** In RESP3 a client's own write notifies it on the same connection, before the write's reply. */
    @Test
    void resp3ClientSeesItsOwnNotificationsBeforeTheReply() {
        try (NotificationWatch ignored = NotificationWatch.open(d, "KEA")) {
            d.resp3();
            d.same("SUBSCRIBE", "__keyevent@0__:set", "__keyspace@0__:r3:b");
            d.readBoth();
            for (int i = 0; i < 20; i++) {
                d.sendRaw(RawClient.encode(RawClient.bytes("SET", "r3:" + (i % 2 == 0 ? "a" : "b"), "v")));
                for (int frame = 0; frame < (i % 2 == 0 ? 2 : 3); frame++) {
                    byte[][] replies = d.readBoth();
                    assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]), "frame " + frame);
                }
            }
            d.same("UNSUBSCRIBE", "__keyevent@0__:set", "__keyspace@0__:r3:b");
            d.readBoth();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
