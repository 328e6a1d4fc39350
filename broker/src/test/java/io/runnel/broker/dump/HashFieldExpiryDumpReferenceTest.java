package io.runnel.broker.dump;

import io.runnel.broker.testing.RunnelClientCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DUMP and RESTORE of hashes whose fields have expiry times, in Redis 7.4's forms (payload
 * version 12): newer than the reference redis-server, so the payloads here are laid out by hand
 * as Redis 7.4's rdb.c lays them out, for the two forms it writes (a field list with times
 * relative to the earliest, and a listpack of field, value, time) and the two of its release
 * candidates.
 */
class HashFieldExpiryDumpReferenceTest extends RunnelClientCase {

    private static final long T = 4_000_000_000_000L;

    @BeforeEach
    void prepare() throws Exception {
        r.callText("DEL", "hd", "hd:copy");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void littleEndian(ByteArrayOutputStream out, long value, int count) {
        for (int i = 0; i < count; i++) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    /** A payload: the body, version 12 and the checksum. */
    private static byte[] payload(ByteArrayOutputStream body) {
        littleEndian(body, 12, 2);
        byte[] withVersion = body.toByteArray();
        littleEndian(body, Crc64.of(withVersion, 0, withVersion.length), 8);
        return body.toByteArray();
    }

    private byte[] dump(String key) throws Exception {
        byte[] reply = r.call("DUMP", key);
        int lineEnd = new String(reply, 0, 12, StandardCharsets.ISO_8859_1).indexOf("\r\n");
        return Arrays.copyOfRange(reply, lineEnd + 2, reply.length - 2);
    }

    private void restore(String key, byte[] payload) throws Exception {
        assertEquals("+OK\r\n", new String(r.call(bytes("RESTORE"), bytes(key), bytes("0"), payload), StandardCharsets.UTF_8));
    }

    @Test
    void aHashWithFieldTimesDumpsAsRedis74Does() throws Exception {
        r.callText("HSET", "hd", "a", "1", "b", "2");
        r.callText("HPEXPIREAT", "hd", Long.toString(T), "FIELDS", "1", "a");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(24);
        littleEndian(expected, T, 8);
        expected.writeBytes(new byte[] {2, 1, 1, 'a', (byte) 0xC0, 1, 0, 1, 'b', (byte) 0xC0, 2});
        assertEquals(HexFormat.of().formatHex(payload(expected)), HexFormat.of().formatHex(dump("hd")));
        restore("hd:copy", dump("hd"));
        expect("*2\r\n:" + T + "\r\n:-1\r\n", "HPEXPIRETIME", "hd:copy", "FIELDS", "2", "a", "b");
        expect("$10\r\nlistpackex\r\n", "OBJECT", "ENCODING", "hd:copy");
        // without times a hash dumps in Redis 7.0's form again
        r.callText("HPERSIST", "hd", "FIELDS", "1", "a");
        assertEquals(4, dump("hd")[0]);
    }

    @Test
    void redis74FieldListRestoresInTimeOrder() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(24);
        littleEndian(body, T, 8);
        body.write(3);
        body.writeBytes(new byte[] {0, 5, 'p', 'l', 'a', 'i', 'n', 1, 'x'}); // no time
        body.writeBytes(new byte[] {(byte) 0x40 | 0x03, (byte) 0xE9, 4, 'l', 'a', 't', 'e', 1, 'y'}); // T + 1000
        body.writeBytes(new byte[] {1, 5, 'e', 'a', 'r', 'l', 'y', 1, 'z'}); // T
        restore("hd", payload(body));
        expect("*3\r\n:" + T + "\r\n:" + (T + 1000) + "\r\n:-1\r\n", "HPEXPIRETIME", "hd", "FIELDS", "3", "early", "late", "plain");
        expect("*6\r\n$5\r\nearly\r\n$1\r\nz\r\n$4\r\nlate\r\n$1\r\ny\r\n$5\r\nplain\r\n$1\r\nx\r\n", "HGETALL", "hd");
    }

    @Test
    void redis74ListpackAndTheReleaseCandidatesFormsRestore() throws Exception {
        ListpackWriter listpack = new ListpackWriter();
        listpack.string(bytes("early")).string(bytes("1")).integer(T);
        listpack.string(bytes("plain")).string(bytes("2")).integer(0);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(25);
        littleEndian(body, T, 8);
        byte[] blob = listpack.toByteArray();
        body.write(blob.length);
        body.writeBytes(blob);
        restore("hd", payload(body));
        expect("*2\r\n:" + T + "\r\n:-1\r\n", "HPEXPIRETIME", "hd", "FIELDS", "2", "early", "plain");
        expect("$10\r\nlistpackex\r\n", "OBJECT", "ENCODING", "hd");

        ByteArrayOutputStream candidate = new ByteArrayOutputStream();
        candidate.write(23);
        candidate.write(blob.length);
        candidate.writeBytes(blob);
        restore("hd:copy", payload(candidate));
        expect("*2\r\n:" + T + "\r\n:-1\r\n", "HPEXPIRETIME", "hd:copy", "FIELDS", "2", "early", "plain");

        ByteArrayOutputStream absolute = new ByteArrayOutputStream();
        absolute.write(22);
        absolute.write(1);
        absolute.write(0x81); // a 64-bit length: the absolute time
        for (int i = 7; i >= 0; i--) {
            absolute.write((int) (T >>> (8 * i)));
        }
        absolute.writeBytes(new byte[] {1, 'f', 1, 'v'});
        r.callText("DEL", "hd:copy");
        restore("hd:copy", payload(absolute));
        expect("*1\r\n:" + T + "\r\n", "HPEXPIRETIME", "hd:copy", "FIELDS", "1", "f");
    }

    @Test
    void damagedFieldTimesAreRefused() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(24);
        littleEndian(body, (1L << 48) - 1, 8);
        body.writeBytes(new byte[] {1, 5, 1, 'f', 1, 'v'}); // earliest + 4: past Redis's limit
        assertEquals("-ERR Bad data format\r\n", new String(r.call(bytes("RESTORE"), bytes("hd"), bytes("0"), payload(body)), StandardCharsets.UTF_8));
        ByteArrayOutputStream duplicate = new ByteArrayOutputStream();
        duplicate.write(24);
        littleEndian(duplicate, T, 8);
        duplicate.writeBytes(new byte[] {2, 0, 1, 'f', 1, 'v', 1, 1, 'f', 1, 'w'});
        byte[] payload = payload(duplicate);
        assertEquals("-ERR Bad data format\r\n", new String(r.call(bytes("RESTORE"), bytes("hd"), bytes("0"), payload), StandardCharsets.UTF_8));
    }
}
