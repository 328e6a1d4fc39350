package io.runnel.broker.dump;

import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DUMP and RESTORE against redis-server: payloads Redis dumps restore in Runnel and payloads
 * Runnel dumps restore in Redis, for every type and encoding, each side then showing the same
 * contents and encodings; small strings and intsets dump to the same bytes; TTL, ABSTTL, REPLACE,
 * IDLETIME, FREQ and the errors (checksum, version, BUSYKEY) as Redis gives them.
 */
class DumpRestoreDifferentialTest extends DifferentialCase {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The payload of a bulk reply. */
    private static byte[] payload(byte[] reply) {
        String head = new String(reply, 0, Math.min(reply.length, 20), StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("$"), "a bulk reply: " + head);
        int lineEnd = head.indexOf("\r\n");
        int length = Integer.parseInt(head.substring(1, lineEnd));
        byte[] out = new byte[length];
        System.arraycopy(reply, lineEnd + 2, out, 0, length);
        return out;
    }

    private byte[] dumpFrom(RawClient client, String key) throws Exception {
        return payload(client.call(bytes("DUMP"), bytes(key)));
    }

    /** Restores {@code payload} as {@code key} in both servers and compares what each then holds. */
    private void restoreBoth(String key, byte[] payload, String type) {
        d.same(bytes("RESTORE"), bytes(key), bytes("0"), payload);
        d.same("TYPE", key);
        d.same("OBJECT", "ENCODING", key);
        switch (type) {
            case "string" -> d.same("GET", key);
            case "list" -> d.same("LRANGE", key, "0", "-1");
            case "set" -> d.sameUnordered("SMEMBERS", key);
            case "hash" -> d.sameUnordered("HGETALL", key);
            case "zset" -> d.same("ZRANGE", key, "0", "-1", "WITHSCORES");
            default -> throw new IllegalArgumentException(type);
        }
    }

    private List<String[]> values() {
        List<String[]> values = new ArrayList<>();
        values.add(new String[] {"string", "s:int", "SET", "s:int", "12345"});
        values.add(new String[] {"string", "s:big", "SET", "s:big", "-9223372036854775808"});
        values.add(new String[] {"string", "s:short", "SET", "s:short", "hello"});
        values.add(new String[] {"string", "s:long", "SET", "s:long", "a fairly long string value that Redis compresses: aaaaaaaaaaaaaaaaaaaaaaaaaaaa"});
        values.add(new String[] {"list", "l:small", "RPUSH", "l:small", "a", "1", "-200", "70000", "5000000000", "x".repeat(100)});
        values.add(new String[] {"set", "set:ints", "SADD", "set:ints", "1", "-5", "70000", "5000000000"});
        values.add(new String[] {"set", "set:words", "SADD", "set:words", "a", "b", "1"});
        values.add(new String[] {"hash", "h:small", "HSET", "h:small", "f1", "v1", "n", "42", "neg", "-4097"});
        values.add(new String[] {"hash", "h:long", "HSET", "h:long", "f", "v".repeat(100)});
        values.add(new String[] {"zset", "z:small", "ZADD", "z:small", "1", "a", "2.5", "b", "-inf", "c", "100000", "d"});
        values.add(new String[] {"zset", "z:long", "ZADD", "z:long", "1", "m".repeat(100), "2", "b"});
        return values;
    }

    @Test
    void payloadsTravelBothWays() throws Exception {
        for (String[] value : values()) {
            String[] command = java.util.Arrays.copyOfRange(value, 2, value.length);
            d.same(command);
        }
        // big collections, in their table forms
        List<String> list = new ArrayList<>(List.of("RPUSH", "l:big"));
        List<String> set = new ArrayList<>(List.of("SADD", "set:big"));
        List<String> hash = new ArrayList<>(List.of("HSET", "h:big"));
        List<String> zset = new ArrayList<>(List.of("ZADD", "z:big"));
        for (int i = 0; i < 600; i++) {
            list.add("element-" + i);
            set.add("member-" + i);
            hash.add("field-" + i);
            hash.add(Integer.toString(i));
            zset.add(Integer.toString(i % 50));
            zset.add("member-" + i);
        }
        for (List<String> command : List.of(list, set, hash, zset)) {
            d.same(command.toArray(new String[0]));
        }
        List<String[]> all = values();
        all.add(new String[] {"list", "l:big"});
        all.add(new String[] {"set", "set:big"});
        all.add(new String[] {"hash", "h:big"});
        all.add(new String[] {"zset", "z:big"});
        for (String[] value : all) {
            String type = value[0];
            String key = value[1];
            restoreBoth(key + ":fromredis", dumpFrom(d.redis(), key), type);
            restoreBoth(key + ":fromrunnel", dumpFrom(d.runnel(), key), type);
        }
        // values whose serialization is too short for Redis to compress: the same bytes
        d.same("SADD", "set:tiny", "3", "-1", "2");
        for (String key : new String[] {"s:int", "s:big", "s:short", "set:tiny"}) {
            d.same("DUMP", key);
        }
        d.same("DUMP", "nokey");
    }

    /**
     * Streams in Redis's form: several nodes, entries with and without the master's fields,
     * tombstones, groups with pending entries owned by consumers, an idle consumer. Each server
     * restores the other's payload and both then hold the same stream, times included.
     */
    @Test
    void streamPayloadsTravelBothWays() throws Exception {
        for (int i = 1; i <= 250; i++) {
            if (i % 7 == 0) {
                d.same("XADD", "st", i + "-1", "other", "shape", "n", Integer.toString(i));
            } else {
                d.same("XADD", "st", i + "-1", "f", Integer.toString(i), "g", "value-" + i);
            }
        }
        d.same("XGROUP", "CREATE", "st", "g1", "0");
        d.same("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "200", "STREAMS", "st", ">");
        d.same("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "100", "STREAMS", "st", ">");
        d.same("XDEL", "st", "3-1", "150-1", "200-1");
        d.same("XACK", "st", "g1", "5-1", "240-1");
        d.same("XGROUP", "CREATE", "st", "g2", "$");
        d.same("XGROUP", "CREATECONSUMER", "st", "g2", "idle");
        d.same("XADD", "st:empty", "5-5", "f", "v");
        d.same("XDEL", "st:empty", "5-5");
        for (String key : new String[] {"st", "st:empty"}) {
            for (String from : new String[] {"fromredis", "fromrunnel"}) {
                byte[] payload = dumpFrom(from.equals("fromredis") ? d.redis() : d.runnel(), key);
                assertTrue((payload[0] & 0xFF) == 19, "Redis 7.0's stream form");
                String copy = key + ":" + from;
                d.same(bytes("RESTORE"), bytes(copy), bytes("0"), payload);
                d.same("XRANGE", copy, "-", "+");
                d.same("XLEN", copy);
                d.same("XINFO", "GROUPS", copy);
                d.same("XPENDING", copy, "g1");
                // the times restored are the same on both sides; Runnel adds Redis 7.2's active-time
                String[] full = d.replies("XINFO", "STREAM", copy, "FULL");
                String runnel = full[1].replace("*10\r\n$4\r\nname", "*8\r\n$4\r\nname")
                        .replaceAll("\\$11\\r\\nactive-time\\r\\n:-?\\d+\\r\\n", "");
                org.junit.jupiter.api.Assertions.assertEquals(full[0], runnel, "XINFO STREAM " + copy + " FULL");
            }
        }
    }

    @Test
    void optionsAndErrors() throws Exception {
        d.same("SET", "src", "value");
        byte[] payload = dumpFrom(d.redis(), "src");
        d.same(bytes("RESTORE"), bytes("k"), bytes("0"), payload);
        d.same(bytes("RESTORE"), bytes("k"), bytes("0"), payload); // BUSYKEY
        d.same(bytes("RESTORE"), bytes("k"), bytes("100000"), payload, bytes("REPLACE"));
        d.sameWithin(2000, "PTTL", "k");
        long at = System.currentTimeMillis() + 500_000;
        d.same(bytes("RESTORE"), bytes("k"), bytes(Long.toString(at)), payload, bytes("REPLACE"), bytes("ABSTTL"));
        d.same("PEXPIRETIME", "k");
        d.same(bytes("RESTORE"), bytes("k"), bytes("1"), payload, bytes("REPLACE"), bytes("ABSTTL")); // in the past: deleted
        d.same("EXISTS", "k");
        d.same(bytes("RESTORE"), bytes("k"), bytes("0"), payload, bytes("IDLETIME"), bytes("1000"));
        d.same("OBJECT", "IDLETIME", "k");
        byte[] corrupt = payload.clone();
        corrupt[corrupt.length - 1] ^= 1;
        byte[] future = payload.clone();
        future[future.length - 10] = 99;
        byte[] bad = new byte[] {0, 0x43, 'a', 'b', 'c', 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        for (byte[][] command : new byte[][][] {{bytes("RESTORE"), bytes("r1"), bytes("0"), corrupt},
                {bytes("RESTORE"), bytes("r1"), bytes("0"), future}, {bytes("RESTORE"), bytes("r1"), bytes("0"), bytes("short")},
                {bytes("RESTORE"), bytes("r1"), bytes("-1"), payload}, {bytes("RESTORE"), bytes("r1"), bytes("x"), payload},
                {bytes("RESTORE"), bytes("r1"), bytes("0"), payload, bytes("IDLETIME"), bytes("-1")},
                {bytes("RESTORE"), bytes("r1"), bytes("0"), payload, bytes("FREQ"), bytes("256")},
                {bytes("RESTORE"), bytes("r1"), bytes("0"), payload, bytes("FREQ"), bytes("1"), bytes("IDLETIME"), bytes("1")},
                {bytes("RESTORE"), bytes("r1"), bytes("0"), payload, bytes("FOO")},
                {bytes("RESTORE"), bytes("k"), bytes("-1"), payload}, {bytes("RESTORE"), bytes("r1"), bytes("0")}}) {
            d.same(command);
        }
        d.same("EXISTS", "r1");
        try {
            d.same("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
            d.same(bytes("RESTORE"), bytes("lfu"), bytes("0"), payload, bytes("FREQ"), bytes("100"));
            d.same("OBJECT", "FREQ", "lfu");
        } finally {
            d.same("CONFIG", "SET", "maxmemory-policy", "noeviction");
        }
    }
}
