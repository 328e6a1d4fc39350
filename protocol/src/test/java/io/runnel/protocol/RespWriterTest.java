package io.runnel.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class RespWriterTest {

    /** Writes with a RESP2 and a RESP3 writer and compares both outputs byte for byte. */
    private static void check(Consumer<RespWriter> write, String resp2, String resp3) {
        for (int capacity : new int[] {256, 1, 0}) {
            RespWriter w2 = new RespWriter(2, capacity);
            write.accept(w2);
            assertEquals(resp2, latin1(w2), "RESP2, initial capacity " + capacity);
            RespWriter w3 = new RespWriter(3, capacity);
            write.accept(w3);
            assertEquals(resp3, latin1(w3), "RESP3, initial capacity " + capacity);
        }
    }

    private static String latin1(RespWriter w) {
        byte[] bytes = w.toByteArray();
        assertEquals(w.length(), bytes.length);
        return new String(bytes, ISO_8859_1);
    }

    @Test
    void protocolVersion() {
        RespWriter w = new RespWriter(2);
        assertEquals(2, w.protocol());
        assertFalse(w.resp3());
        w.protocol(3);
        assertEquals(3, w.protocol());
        assertTrue(w.resp3());
        w.nullBulk();
        w.protocol(2);
        w.nullBulk();
        assertEquals("_\r\n$-1\r\n", latin1(w));
    }

    @Test
    void ok() {
        check(RespWriter::ok, "+OK\r\n", "+OK\r\n");
    }

    @Test
    void simpleString() {
        check(w -> w.simple("PONG"), "+PONG\r\n", "+PONG\r\n");
        check(w -> w.simple(""), "+\r\n", "+\r\n");
    }

    @Test
    void errorReplacesNewlines() {
        check(w -> w.error("ERR syntax error"), "-ERR syntax error\r\n", "-ERR syntax error\r\n");
        check(w -> w.error("ERR bad\r\nthing\n"), "-ERR bad  thing \r\n", "-ERR bad  thing \r\n");
        check(w -> w.error("ERR caf\u00e9"), "-ERR caf\u00c3\u00a9\r\n", "-ERR caf\u00c3\u00a9\r\n");
    }

    @Test
    void integers() {
        check(w -> w.integer(0), ":0\r\n", ":0\r\n");
        check(w -> w.integer(7), ":7\r\n", ":7\r\n");
        check(w -> w.integer(-1), ":-1\r\n", ":-1\r\n");
        check(w -> w.integer(10), ":10\r\n", ":10\r\n");
        check(w -> w.integer(-10), ":-10\r\n", ":-10\r\n");
        check(w -> w.integer(999_999_999_999_999_999L), ":999999999999999999\r\n", ":999999999999999999\r\n");
        check(w -> w.integer(1_000_000_000_000_000_000L), ":1000000000000000000\r\n", ":1000000000000000000\r\n");
        check(w -> w.integer(Long.MAX_VALUE), ":9223372036854775807\r\n", ":9223372036854775807\r\n");
        check(w -> w.integer(Long.MIN_VALUE), ":-9223372036854775808\r\n", ":-9223372036854775808\r\n");
        check(w -> w.integer(Long.MIN_VALUE + 1), ":-9223372036854775807\r\n", ":-9223372036854775807\r\n");
    }

    @Test
    void integersMatchLongToString() {
        long seed = Seeds.seed("integersMatchLongToString");
        Random random = new Random(seed);
        RespWriter w = new RespWriter(2, 8);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            long value = switch (random.nextInt(4)) {
                case 0 -> random.nextLong();
                case 1 -> random.nextInt();
                case 2 -> (long) Math.pow(10, random.nextInt(19)) + random.nextInt(3) - 1;
                default -> -((long) Math.pow(10, random.nextInt(19)) + random.nextInt(3) - 1);
            };
            w.integer(value);
            w.array(value);
            expected.append(':').append(value).append("\r\n*").append(value).append("\r\n");
        }
        assertEquals(expected.toString(), latin1(w), "seed=" + seed);
    }

    @Test
    void bulkStrings() {
        check(w -> w.bulk("hello"), "$5\r\nhello\r\n", "$5\r\nhello\r\n");
        check(w -> w.bulk(""), "$0\r\n\r\n", "$0\r\n\r\n");
        check(w -> w.bulk("\u00e9"), "$2\r\n\u00c3\u00a9\r\n", "$2\r\n\u00c3\u00a9\r\n");
        check(w -> w.bulk(new byte[] {0, '\r', '\n', (byte) 0xff}), "$4\r\n\0\r\n\u00ff\r\n", "$4\r\n\0\r\n\u00ff\r\n");
        check(w -> w.bulk("xxhelloyy".getBytes(ISO_8859_1), 2, 5), "$5\r\nhello\r\n", "$5\r\nhello\r\n");
        check(w -> w.bulkNumber(-12), "$3\r\n-12\r\n", "$3\r\n-12\r\n");
        check(w -> w.bulkNumber(Long.MIN_VALUE), "$20\r\n-9223372036854775808\r\n", "$20\r\n-9223372036854775808\r\n");
    }

    @Test
    void nulls() {
        check(RespWriter::nullBulk, "$-1\r\n", "_\r\n");
        check(RespWriter::nullArray, "*-1\r\n", "_\r\n");
    }

    @Test
    void aggregates() {
        check(w -> w.array(3), "*3\r\n", "*3\r\n");
        check(w -> w.array(0), "*0\r\n", "*0\r\n");
        check(w -> w.map(2), "*4\r\n", "%2\r\n");
        check(w -> w.map(0), "*0\r\n", "%0\r\n");
        check(w -> w.set(3), "*3\r\n", "~3\r\n");
        check(w -> w.push(2), "*2\r\n", ">2\r\n");
    }

    @Test
    void wholeMapReply() {
        check(w -> w.map(2).bulk("a").integer(1).bulk("b").nullBulk(),
                "*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n$-1\r\n",
                "%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n_\r\n");
        check(w -> w.push(3).bulk("message").bulk("ch").bulk("hi"),
                "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n",
                ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
    }

    @Test
    void booleans() {
        check(w -> w.bool(true), ":1\r\n", "#t\r\n");
        check(w -> w.bool(false), ":0\r\n", "#f\r\n");
    }

    @Test
    void doubles() {
        check(w -> w.doubleValue(1.5), "$3\r\n1.5\r\n", ",1.5\r\n");
        check(w -> w.doubleValue(0.1), "$3\r\n0.1\r\n", ",0.1\r\n");
        check(w -> w.doubleValue(-1.2345678901234567e-200), "$24\r\n-1.2345678901234567e-200\r\n", ",-1.2345678901234567e-200\r\n");
        check(w -> w.doubleValue(-2.3752162038673074e23), "$25\r\n-237521620386730740000000\r\n", ",-237521620386730740000000\r\n");
        check(w -> w.doubleValue(1e-5), "$7\r\n0.00001\r\n", ",0.00001\r\n");
        check(w -> w.doubleValue(-2.5e-300), "$9\r\n-2.5e-300\r\n", ",-2.5e-300\r\n");
        check(w -> w.doubleValue(3), "$1\r\n3\r\n", ",3\r\n");
        check(w -> w.doubleValue(Double.POSITIVE_INFINITY), "$3\r\ninf\r\n", ",inf\r\n");
        check(w -> w.doubleValue(Double.NEGATIVE_INFINITY), "$4\r\n-inf\r\n", ",-inf\r\n");
    }

    @Test
    void bigNumbers() {
        String digits = "1234567890123456789012345678901234567890";
        check(w -> w.bigNumber(digits), "$40\r\n" + digits + "\r\n", "(" + digits + "\r\n");
        check(w -> w.bigNumber("-7"), "$2\r\n-7\r\n", "(-7\r\n");
    }

    @Test
    void verbatim() {
        byte[] text = "hello world".getBytes(StandardCharsets.US_ASCII);
        check(w -> w.verbatim("txt", text), "$11\r\nhello world\r\n", "=15\r\ntxt:hello world\r\n");
        check(w -> w.verbatim("mkd", new byte[0]), "$0\r\n\r\n", "=4\r\nmkd:\r\n");
    }

    @Test
    void rawBytes() {
        byte[] encoded = "xx:1\r\nyy".getBytes(ISO_8859_1);
        check(w -> w.raw(encoded, 2, 4), ":1\r\n", ":1\r\n");
        check(w -> w.raw("+A\r\n".getBytes(ISO_8859_1)), "+A\r\n", "+A\r\n");
    }

    @Test
    void growsPastTheInitialCapacity() {
        long seed = Seeds.seed("growsPastTheInitialCapacity");
        Random random = new Random(seed);
        RespWriter w = new RespWriter(3, 4);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            switch (random.nextInt(8)) {
                case 0 -> {
                    byte[] value = new byte[random.nextInt(3) == 0 ? random.nextInt(70_000) : random.nextInt(30)];
                    random.nextBytes(value);
                    w.bulk(value);
                    expected.writeBytes(("$" + value.length + "\r\n").getBytes(ISO_8859_1));
                    expected.writeBytes(value);
                    expected.writeBytes("\r\n".getBytes(ISO_8859_1));
                }
                case 1 -> {
                    long v = random.nextLong();
                    w.integer(v);
                    expected.writeBytes((":" + v + "\r\n").getBytes(ISO_8859_1));
                }
                case 2 -> {
                    w.integer(Long.MIN_VALUE);
                    expected.writeBytes((":" + Long.MIN_VALUE + "\r\n").getBytes(ISO_8859_1));
                }
                case 3 -> {
                    String s = "s".repeat(random.nextInt(600));
                    w.simple(s);
                    expected.writeBytes(("+" + s + "\r\n").getBytes(ISO_8859_1));
                }
                case 4 -> {
                    String s = "e\n".repeat(random.nextInt(300));
                    w.error(s);
                    expected.writeBytes(("-" + s.replace('\n', ' ') + "\r\n").getBytes(ISO_8859_1));
                }
                case 5 -> {
                    byte[] text = new byte[random.nextInt(600)];
                    random.nextBytes(text);
                    w.verbatim("txt", text);
                    expected.writeBytes(("=" + (text.length + 4) + "\r\ntxt:").getBytes(ISO_8859_1));
                    expected.writeBytes(text);
                    expected.writeBytes("\r\n".getBytes(ISO_8859_1));
                }
                case 6 -> {
                    long n = random.nextLong();
                    w.map(n);
                    expected.writeBytes(("%" + n + "\r\n").getBytes(ISO_8859_1));
                }
                default -> {
                    double d = Double.longBitsToDouble(random.nextLong());
                    if (Double.isNaN(d)) {
                        d = 1.0;
                    }
                    w.doubleValue(d);
                    expected.writeBytes(("," + RespDoubles.format(d) + "\r\n").getBytes(ISO_8859_1));
                }
            }
        }
        assertArrayEquals(expected.toByteArray(), w.toByteArray(), "seed=" + seed);
        assertTrue(w.buffer().length >= w.length());
    }

    @Test
    void oneLargeBulkIntoATinyBuffer() {
        byte[] value = new byte[1 << 20];
        new Random(7).nextBytes(value);
        RespWriter w = new RespWriter(2, 1);
        w.bulk(value);
        byte[] out = w.toByteArray();
        String header = "$1048576\r\n";
        assertEquals(header.length() + value.length + 2, out.length);
        assertEquals(header, new String(out, 0, header.length(), ISO_8859_1));
        for (int i = 0; i < value.length; i++) {
            if (out[header.length() + i] != value[i]) {
                throw new AssertionError("payload differs at " + i);
            }
        }
        assertEquals('\r', out[out.length - 2]);
        assertEquals('\n', out[out.length - 1]);
    }

    @Test
    void truncateDropsAPartialReply() {
        RespWriter w = new RespWriter(2);
        w.integer(1);
        int mark = w.length();
        w.array(3).bulk("a").bulk("b");
        w.truncate(mark);
        assertEquals(mark, w.length());
        w.error("ERR oops");
        assertEquals(":1\r\n-ERR oops\r\n", latin1(w));
    }

    @Test
    void resetKeepsTheGrownBuffer() {
        RespWriter w = new RespWriter(2, 4);
        w.bulk("x".repeat(1000));
        byte[] grown = w.buffer();
        assertTrue(grown.length >= 1007);
        w.reset();
        assertEquals(0, w.length());
        assertEquals(0, w.toByteArray().length);
        assertEquals("", w.toString());
        assertSame(grown, w.buffer(), "reset must keep the buffer");
        w.ok();
        assertEquals("+OK\r\n", latin1(w));
        assertSame(grown, w.buffer());
    }

    @Test
    void toByteArrayIsACopy() {
        RespWriter w = new RespWriter(2);
        w.simple("PONG");
        byte[] copy = w.toByteArray();
        assertNotSame(w.buffer(), copy);
        copy[1] = 'X';
        assertEquals("+PONG\r\n", w.toString());
        assertEquals("+PONG\r\n", latin1(w));
    }
}
