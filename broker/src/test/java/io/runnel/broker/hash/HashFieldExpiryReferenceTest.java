package io.runnel.broker.hash;

import io.runnel.broker.testing.Resp;
import io.runnel.broker.testing.RunnelClientCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expiry of hash fields (Redis 7.4: HEXPIRE, HPEXPIRE, HEXPIREAT, HPEXPIREAT, HTTL, HPTTL,
 * HEXPIRETIME, HPEXPIRETIME, HPERSIST): newer than the reference redis-server the differential
 * tests run, so these scenarios assert the replies, orders and errors Redis 7.4 gives.
 */
class HashFieldExpiryReferenceTest extends RunnelClientCase {

    @BeforeEach
    void prepare() throws Exception {
        r.callText("DEL", "hfe", "hfe2", "hfe-big", "hfe-str", "hfe-copy", "hfe-moved");
    }

    private long integer(String... command) throws Exception {
        Resp.Node reply = Resp.parse(r.call(command));
        return Long.parseLong(reply.type() == '*' ? reply.get(0).text() : reply.text());
    }

    private List<String> fieldsInOrder(String key) throws Exception {
        Resp.Node reply = Resp.parse(r.call("HKEYS", key));
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < reply.size(); i++) {
            fields.add(reply.get(i).text());
        }
        return fields;
    }

    @Test
    void expiryTimesAreSetReadAndRemovedPerField() throws Exception {
        r.callText("HSET", "hfe", "f1", "v1", "f2", "v2", "f3", "v3");
        expect("$8\r\nlistpack\r\n", "OBJECT", "ENCODING", "hfe");
        expect("*2\r\n:1\r\n:-2\r\n", "HEXPIRE", "hfe", "100", "FIELDS", "2", "f1", "nope");
        expect("$10\r\nlistpackex\r\n", "OBJECT", "ENCODING", "hfe");
        expect("*3\r\n:100\r\n:-1\r\n:-2\r\n", "HTTL", "hfe", "FIELDS", "3", "f1", "f2", "nope");
        long pttl = integer("HPTTL", "hfe", "FIELDS", "1", "f1");
        assertTrue(pttl > 98_000 && pttl <= 100_000, "HPTTL " + pttl);
        long nowSeconds = System.currentTimeMillis() / 1000;
        long at = integer("HEXPIRETIME", "hfe", "FIELDS", "1", "f1");
        assertTrue(at >= nowSeconds + 99 && at <= nowSeconds + 102, "HEXPIRETIME " + at);
        long atMillis = integer("HPEXPIRETIME", "hfe", "FIELDS", "1", "f1");
        assertTrue(Math.abs(atMillis - (System.currentTimeMillis() + 100_000)) < 2_000, "HPEXPIRETIME " + atMillis);
        expect("*3\r\n:1\r\n:1\r\n:-2\r\n", "HPEXPIREAT", "hfe", Long.toString(atMillis + 5000), "FIELDS", "3", "f1", "f3", "nope");
        expect("*2\r\n:" + (atMillis + 5000) + "\r\n:" + (atMillis + 5000) + "\r\n", "HPEXPIRETIME", "hfe", "FIELDS", "2", "f1", "f3");
        expect("*2\r\n:" + ((atMillis + 5000 + 999) / 1000) + "\r\n:-1\r\n", "HEXPIRETIME", "hfe", "FIELDS", "2", "f1", "f2");
        expect("*1\r\n:1\r\n", "HEXPIREAT", "hfe", Long.toString(nowSeconds + 1000), "FIELDS", "1", "f2");
        expect("*4\r\n:1\r\n:-1\r\n:-2\r\n:1\r\n", "HPERSIST", "hfe", "FIELDS", "4", "f1", "f1", "nope", "f3");
        expect("*3\r\n:-1\r\n:-1\r\n:-2\r\n", "HTTL", "hfe", "FIELDS", "3", "f1", "f3", "nope");
        expect("*1\r\n:-1\r\n", "HPERSIST", "hfe", "FIELDS", "1", "f1");
        expect("$10\r\nlistpackex\r\n", "OBJECT", "ENCODING", "hfe");
        // every field value is still there
        expect("*3\r\n$2\r\nv1\r\n$2\r\nv2\r\n$2\r\nv3\r\n", "HMGET", "hfe", "f1", "f2", "f3");
    }

    @Test
    void conditionsTreatAFieldWithoutATimeAsNeverExpiring() throws Exception {
        r.callText("HSET", "hfe", "timed", "1", "plain", "2");
        expect("*1\r\n:1\r\n", "HEXPIRE", "hfe", "100", "NX", "FIELDS", "1", "timed");
        expect("*2\r\n:0\r\n:1\r\n", "HEXPIRE", "hfe", "200", "nx", "FIELDS", "2", "timed", "plain");
        expect("*1\r\n:-2\r\n", "HPERSIST", "hfe", "FIELDS", "1", "nothing-here");
        r.callText("HPERSIST", "hfe", "FIELDS", "1", "plain");
        expect("*2\r\n:1\r\n:0\r\n", "HEXPIRE", "hfe", "300", "XX", "FIELDS", "2", "timed", "plain");
        expect("*2\r\n:0\r\n:0\r\n", "HEXPIRE", "hfe", "100", "GT", "FIELDS", "2", "timed", "plain");
        expect("*1\r\n:1\r\n", "HEXPIRE", "hfe", "400", "GT", "FIELDS", "1", "timed");
        expect("*2\r\n:0\r\n:1\r\n", "HEXPIRE", "hfe", "500", "LT", "FIELDS", "2", "timed", "plain");
        expect("*1\r\n:1\r\n", "HEXPIRE", "hfe", "50", "lt", "FIELDS", "1", "timed");
        expect("*2\r\n:50\r\n:500\r\n", "HTTL", "hfe", "FIELDS", "2", "timed", "plain");
        // a field named twice is judged after its first mention has taken effect
        expect("*2\r\n:1\r\n:0\r\n", "HEXPIRE", "hfe", "60", "GT", "FIELDS", "2", "timed", "timed");
    }

    @Test
    void aTimeAlreadyPastDeletesTheFieldAndAnEmptiedHashGoes() throws Exception {
        r.callText("HSET", "hfe", "a", "1", "b", "2");
        expect("*3\r\n:2\r\n:-2\r\n:-2\r\n", "HEXPIRE", "hfe", "0", "FIELDS", "3", "a", "a", "nope");
        expect("*1\r\n$1\r\nb\r\n", "HKEYS", "hfe");
        expect("*1\r\n:2\r\n", "HPEXPIREAT", "hfe", "1", "FIELDS", "1", "b");
        expect(":0\r\n", "EXISTS", "hfe");
        r.callText("HSET", "hfe", "a", "1");
        expect("*1\r\n:0\r\n", "HEXPIREAT", "hfe", "1", "XX", "FIELDS", "1", "a");
        expect(":1\r\n", "HLEN", "hfe");
    }

    @Test
    void aMissingKeyAnswersNoFieldForEachFieldAndAWrongTypeIsRefusedFirst() throws Exception {
        expect("*2\r\n:-2\r\n:-2\r\n", "HEXPIRE", "hfe", "10", "FIELDS", "2", "a", "b");
        expect("*1\r\n:-2\r\n", "HPEXPIRE", "hfe", "10", "FIELDS", "1", "a");
        expect("*1\r\n:-2\r\n", "HTTL", "hfe", "FIELDS", "1", "a");
        expect("*1\r\n:-2\r\n", "HPTTL", "hfe", "FIELDS", "1", "a");
        expect("*1\r\n:-2\r\n", "HEXPIRETIME", "hfe", "FIELDS", "1", "a");
        expect("*2\r\n:-2\r\n:-2\r\n", "HPERSIST", "hfe", "FIELDS", "2", "a", "b");
        expect(":0\r\n", "EXISTS", "hfe");
        r.callText("SET", "hfe-str", "x");
        String wrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
        expect(wrongType, "HEXPIRE", "hfe-str", "abc", "FIELDS", "1", "a");
        expect(wrongType, "HTTL", "hfe-str", "NOTFIELDS", "1", "a");
        expect(wrongType, "HPERSIST", "hfe-str", "FIELDS", "1", "a");
    }

    @Test
    void badArgumentsAreRefusedInRedisWords() throws Exception {
        r.callText("HSET", "hfe", "a", "1");
        String missing = "-ERR Mandatory argument FIELDS is missing or not at the right position\r\n";
        String mismatch = "-ERR The `numfields` parameter must match the number of arguments\r\n";
        String writeCount = "-ERR Parameter `numFields` should be greater than 0\r\n";
        String readCount = "-ERR Number of fields must be a positive integer\r\n";
        for (String command : new String[] {"HEXPIRE", "HPEXPIRE", "HEXPIREAT", "HPEXPIREAT"}) {
            String name = command.toLowerCase();
            expect("-ERR value is not an integer or out of range\r\n", command, "hfe", "abc", "FIELDS", "1", "a");
            expect("-ERR invalid expire time, must be >= 0\r\n", command, "hfe", "-1", "FIELDS", "1", "a");
            expect("-ERR invalid expire time in '" + name + "' command\r\n", command, "hfe", "9223372036854775807", "FIELDS", "1", "a");
            expect("-ERR invalid expire time in '" + name + "' command\r\n", command, "hfe", "70368744177664", "FIELDS", "1", "a");
            expect(mismatch, command, "hfe", "100", "FIELDS", "2", "a");
            expect(mismatch, command, "hfe", "100", "FIELDS", "1", "a", "b");
            expect(writeCount, command, "hfe", "100", "FIELDS", "0", "a");
            expect(writeCount, command, "hfe", "100", "FIELDS", "-1", "a");
            expect(writeCount, command, "hfe", "100", "FIELDS", "x", "a");
            expect(missing, command, "hfe", "100", "NOPE", "1", "a");
            expect(missing, command, "hfe", "100", "NX", "XX", "FIELDS", "1", "a");
            expect(mismatch, command, "hfe", "100", "NX", "FIELDS", "1");
            expect("-ERR wrong number of arguments for '" + name + "' command\r\n", command, "hfe", "100", "FIELDS", "1");
        }
        expect("-ERR invalid expire time in 'hexpire' command\r\n", "HEXPIRE", "hfe", "99999999999", "FIELDS", "1", "a");
        expect("-ERR invalid expire time in 'hexpireat' command\r\n", "HEXPIREAT", "hfe", "9999999999999999", "FIELDS", "1", "a");
        expect("*1\r\n:1\r\n", "HPEXPIREAT", "hfe", "70368744177663", "FIELDS", "1", "a");
        for (String command : new String[] {"HTTL", "HPTTL", "HEXPIRETIME", "HPEXPIRETIME", "HPERSIST"}) {
            expect(missing, command, "hfe", "NOPE", "1", "a");
            expect(readCount, command, "hfe", "FIELDS", "0", "a");
            expect(readCount, command, "hfe", "FIELDS", "zero", "a");
            expect(mismatch, command, "hfe", "FIELDS", "2", "a");
            expect("-ERR wrong number of arguments for '" + command.toLowerCase() + "' command\r\n", command, "hfe", "FIELDS", "1");
        }
    }

    @Test
    void aCompactHashKeepsItsFieldsInExpiryOrderAsRedisDoes() throws Exception {
        r.callText("HSET", "hfe", "a", "1", "b", "2", "c", "3", "d", "4");
        r.callText("HEXPIRE", "hfe", "100", "FIELDS", "2", "c", "a");
        // each field set goes before the first whose time is not earlier: the later listed comes first
        assertEquals(List.of("a", "c", "b", "d"), fieldsInOrder("hfe"));
        r.callText("HEXPIRE", "hfe", "50", "FIELDS", "1", "d");
        assertEquals(List.of("d", "a", "c", "b"), fieldsInOrder("hfe"));
        r.callText("HEXPIRE", "hfe", "200", "FIELDS", "1", "b");
        assertEquals(List.of("d", "a", "c", "b"), fieldsInOrder("hfe"));
        r.callText("HPERSIST", "hfe", "FIELDS", "1", "a");
        assertEquals(List.of("d", "c", "b", "a"), fieldsInOrder("hfe"));
        // an overwrite drops the time and moves the field last; an increment keeps both
        expect(":0\r\n", "HSET", "hfe", "c", "33");
        assertEquals(List.of("d", "b", "a", "c"), fieldsInOrder("hfe"));
        expect("*1\r\n:-1\r\n", "HTTL", "hfe", "FIELDS", "1", "c");
        expect(":5\r\n", "HINCRBY", "hfe", "d", "1");
        expect("$3\r\n5.5\r\n", "HINCRBYFLOAT", "hfe", "d", "0.5");
        assertEquals(List.of("d", "b", "a", "c"), fieldsInOrder("hfe"));
        expect("*1\r\n:50\r\n", "HTTL", "hfe", "FIELDS", "1", "d");
        expect(":1\r\n", "HSET", "hfe", "e", "5");
        expect("*10\r\n$1\r\nd\r\n$3\r\n5.5\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nc\r\n$2\r\n33\r\n$1\r\ne\r\n$1\r\n5\r\n",
                "HGETALL", "hfe");
        // past the listpack limit the times go with the fields into the table
        for (int i = 0; i < 520; i++) {
            r.callText("HSET", "hfe", "more" + i, "x");
        }
        expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "hfe");
        expect("*3\r\n:50\r\n:200\r\n:-1\r\n", "HTTL", "hfe", "FIELDS", "3", "d", "b", "c");
    }

    @Test
    void aTableHashKeepsTimesWithoutChangingItsEncoding() throws Exception {
        String[] add = new String[2 + 2 * 600];
        add[0] = "HSET";
        add[1] = "hfe-big";
        for (int i = 0; i < 600; i++) {
            add[2 + 2 * i] = "f" + i;
            add[3 + 2 * i] = "v" + i;
        }
        r.callText(add);
        expect("*3\r\n:1\r\n:1\r\n:-2\r\n", "HEXPIRE", "hfe-big", "100", "FIELDS", "3", "f1", "f150", "nope");
        expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "hfe-big");
        expect("*2\r\n:100\r\n:-1\r\n", "HTTL", "hfe-big", "FIELDS", "2", "f150", "f2");
        expect(":0\r\n", "HSET", "hfe-big", "f150", "new");
        expect("*1\r\n:-1\r\n", "HTTL", "hfe-big", "FIELDS", "1", "f150");
        expect("*1\r\n:1\r\n", "HPERSIST", "hfe-big", "FIELDS", "1", "f1");
        expect("*2\r\n:1\r\n:1\r\n", "HPEXPIRE", "hfe-big", "100000", "FIELDS", "2", "f3", "f3");
    }

    @Test
    void expiredFieldsVanishFromReadsAndAreRemovedWhenReached() throws Exception {
        r.callText("HSET", "hfe", "gone", "1", "stays", "2", "also-gone", "3");
        r.callText("HPEXPIRE", "hfe", "1", "FIELDS", "2", "gone", "also-gone");
        Thread.sleep(20);
        expect("*2\r\n$5\r\nstays\r\n$1\r\n2\r\n", "HGETALL", "hfe");
        expect("*1\r\n$5\r\nstays\r\n", "HKEYS", "hfe");
        expect("*1\r\n$1\r\n2\r\n", "HVALS", "hfe");
        expect("*2\r\n$1\r\n0\r\n*2\r\n$5\r\nstays\r\n$1\r\n2\r\n", "HSCAN", "hfe", "0");
        expect("$-1\r\n", "HGET", "hfe", "gone");
        expect(":0\r\n", "HEXISTS", "hfe", "also-gone");
        expect(":1\r\n", "HLEN", "hfe");
        expect("*1\r\n:-2\r\n", "HTTL", "hfe", "FIELDS", "1", "gone");
        // a field reached after its time starts again without one
        r.callText("HSET", "hfe", "counter", "10");
        r.callText("HPEXPIRE", "hfe", "1", "FIELDS", "1", "counter");
        Thread.sleep(20);
        expect(":1\r\n", "HINCRBY", "hfe", "counter", "1");
        expect("*1\r\n:-1\r\n", "HTTL", "hfe", "FIELDS", "1", "counter");
        r.callText("HPEXPIRE", "hfe", "1", "FIELDS", "1", "counter");
        Thread.sleep(20);
        expect(":1\r\n", "HSETNX", "hfe", "counter", "fresh");
        expect(":5\r\n", "HSTRLEN", "hfe", "counter");
        // the last field expiring takes the hash with it
        r.callText("HPEXPIRE", "hfe", "1", "FIELDS", "2", "stays", "counter");
        Thread.sleep(20);
        expect("*2\r\n$-1\r\n$-1\r\n", "HMGET", "hfe", "stays", "counter");
        expect(":0\r\n", "EXISTS", "hfe");
    }

    @Test
    void theEntityRemovesExpiredFieldsNobodyReads() throws Exception {
        r.callText("HSET", "hfe2", "a", "1", "b", "2");
        r.callText("HPEXPIRE", "hfe2", "30", "FIELDS", "1", "a");
        r.callText("HSET", "hfe", "only", "1");
        r.callText("HPEXPIRE", "hfe", "30", "FIELDS", "1", "only");
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline && (integer("HLEN", "hfe2") != 1 || integer("EXISTS", "hfe") != 0)) {
            Thread.sleep(20);
        }
        expect(":1\r\n", "HLEN", "hfe2");
        expect(":0\r\n", "EXISTS", "hfe");
    }

    @Test
    void timesTravelWithTheValue() throws Exception {
        r.callText("HSET", "hfe", "a", "1", "b", "2");
        r.callText("HEXPIRE", "hfe", "100", "FIELDS", "1", "b");
        r.callText("COPY", "hfe", "hfe-copy");
        expect("*2\r\n:-1\r\n:100\r\n", "HTTL", "hfe-copy", "FIELDS", "2", "a", "b");
        r.callText("RENAME", "hfe-copy", "hfe-moved");
        expect("*2\r\n:-1\r\n:100\r\n", "HTTL", "hfe-moved", "FIELDS", "2", "a", "b");
        expect("$10\r\nlistpackex\r\n", "OBJECT", "ENCODING", "hfe-moved");
        byte[] reply = r.call("DUMP", "hfe");
        int start = new String(reply, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2;
        byte[] payload = java.util.Arrays.copyOfRange(reply, start, reply.length - 2);
        r.callText("DEL", "hfe-moved");
        assertEquals("+OK\r\n", new String(r.call("RESTORE".getBytes(), "hfe-moved".getBytes(), "0".getBytes(), payload)));
        expect("*2\r\n:-1\r\n:100\r\n", "HTTL", "hfe-moved", "FIELDS", "2", "a", "b");
        expect("*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n", "HGETALL", "hfe-moved");
    }

    @Test
    void resp3AnswersTheSameIntegers() throws Exception {
        r.callText("HELLO", "3");
        r.callText("HSET", "hfe", "a", "1");
        expect("*2\r\n:1\r\n:-2\r\n", "HEXPIRE", "hfe", "100", "FIELDS", "2", "a", "b");
        expect("*2\r\n:100\r\n:-2\r\n", "HTTL", "hfe", "FIELDS", "2", "a", "b");
    }
}
