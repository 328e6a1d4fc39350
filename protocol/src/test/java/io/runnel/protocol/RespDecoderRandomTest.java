package io.runnel.protocol;

import static io.runnel.protocol.Feed.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Randomized decoder tests. Each prints its seed; rerun one with
 * {@code mvn -o -pl protocol test -Drunnel.seed=<seed>}.
 */
class RespDecoderRandomTest {

    private static final int EXACT_ALLOCATION_LIMIT = 64 * 1024;

    @Test
    void sameCommandsWhateverTheCutPoints() {
        long seed = Seeds.seed("sameCommandsWhateverTheCutPoints");
        Random random = new Random(seed);
        for (int round = 0; round < 40; round++) {
            StreamGen gen = new StreamGen(random, round % 4 == 0).commands(1 + random.nextInt(60));
            byte[] stream = gen.bytes();
            String where = "seed=" + seed + " round=" + round;

            Feed whole = new Feed().whole(stream);
            assertNull(whole.error, where);
            assertEquals(gen.expected, whole.commands, where);
            assertFalse(whole.decoder.midCommand(), where);

            Feed single = new Feed().byteByByte(stream);
            assertNull(single.error, where);
            assertEquals(gen.expected, single.commands, where + " (byte by byte)");
            assertFalse(single.decoder.midCommand(), where);

            for (int maxPiece : new int[] {3, 17, 200, 5000}) {
                Feed pieces = new Feed().randomPieces(stream, random, maxPiece);
                assertNull(pieces.error, where);
                assertEquals(gen.expected, pieces.commands, where + " (pieces up to " + maxPiece + ")");
                assertFalse(pieces.decoder.midCommand(), where);
            }
        }
    }

    /** Errors whose detection cannot depend on how the bytes are split. */
    private static final String[][] BAD = {
        {"*abc\r\n", "invalid multibulk length"},
        {"*2147483648\r\n", "invalid multibulk length"},
        {"*2\r\n$3\r\nGET\r\nx\r\n", "expected '$', got 'x'"},
        {"*1\r\n$-2\r\n", "invalid bulk length"},
        {"*1\r\n$536870913\r\n", "invalid bulk length"},
        {"ECHO \"unterminated\r\n", "unbalanced quotes in request"},
        {"ECHO 'a'b\n", "unbalanced quotes in request"},
    };

    @Test
    void sameCommandsAndErrorWhateverTheCutPoints() {
        long seed = Seeds.seed("sameCommandsAndErrorWhateverTheCutPoints");
        Random random = new Random(seed);
        for (int round = 0; round < 60; round++) {
            StreamGen gen = new StreamGen(random, false).commands(random.nextInt(20));
            String[] bad = BAD[random.nextInt(BAD.length)];
            gen.write(bad[0]);
            gen.out.writeBytes(new StreamGen(random, false).commands(1 + random.nextInt(5)).bytes());
            byte[] stream = gen.bytes();
            String where = "seed=" + seed + " round=" + round;

            List<Feed> feeds = List.of(new Feed().whole(stream), new Feed().byteByByte(stream),
                    new Feed().randomPieces(stream, random, 7), new Feed().randomPieces(stream, random, 300));
            for (Feed feed : feeds) {
                assertNotNull(feed.error, where);
                assertEquals(bad[1], feed.error.getMessage(), where);
                assertEquals(gen.expected, feed.commands, where);
                assertTrue(feed.decoder.failed(), where);
            }
        }
    }

    @Test
    void announcedBulkIsNotAllocatedUpFront() {
        Feed feed = new Feed().feed("*1\r\n$536870000\r\n0123456789");
        assertNull(feed.error);
        int held = feed.decoder.pendingBulkCapacity();
        assertTrue(held >= 10 && held <= EXACT_ALLOCATION_LIMIT, "holds " + held + " bytes for 10 received");

        byte[] chunk = new byte[100_000];
        feed.feed(chunk);
        held = feed.decoder.pendingBulkCapacity();
        assertTrue(held >= 100_010 && held <= 2 * 100_010, "holds " + held + " bytes for 100010 received");
    }

    @Test
    void largeBulkGrowsAsItArrivesAndIsDeliveredIntact() {
        long seed = Seeds.seed("largeBulkGrowsAsItArrivesAndIsDeliveredIntact");
        Random random = new Random(seed);
        int length = 1_000_000 + random.nextInt(1000);
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("*2\r\n$3\r\nSET\r\n$" + length + "\r\n"));
        out.writeBytes(payload);
        out.writeBytes(bytes("\r\n*1\r\n$4\r\nPING\r\n"));
        byte[] stream = out.toByteArray();

        List<byte[][]> got = new ArrayList<>();
        RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT);
        int pos = 0;
        int delivered = 0;
        while (pos < stream.length) {
            int piece = Math.min(stream.length - pos, 1 + random.nextInt(40_000));
            int at = pos;
            RespDecoderTest.assertDoesNotFail(() -> decoder.decode(stream, at, piece, got::add));
            pos += piece;
            delivered += piece;
            assertTrue(decoder.pendingBulkCapacity() <= Math.max(EXACT_ALLOCATION_LIMIT, 2L * delivered),
                    "seed=" + seed + ": holds " + decoder.pendingBulkCapacity() + " after " + delivered + " bytes");
        }
        assertEquals(2, got.size(), "seed=" + seed);
        assertEquals(2, got.get(0).length);
        assertTrue(java.util.Arrays.equals(payload, got.get(0)[1]), "seed=" + seed + ": payload differs");
        assertEquals("PING", new String(got.get(1)[0], java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0, decoder.pendingBulkCapacity(), "nothing held between commands");
    }

    @Test
    void largeBulkInSmallReadsCostsLinearTime() {
        // The buffer of a large argument grows geometrically: 16 MB in 256-byte reads copies a
        // few tens of MB in all, where growing by each read's size would copy half a terabyte.
        int length = 16 << 20;
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            List<byte[][]> got = new ArrayList<>();
            RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT);
            byte[] header = bytes("*1\r\n$" + length + "\r\n");
            RespDecoderTest.assertDoesNotFail(() -> decoder.decode(header, 0, header.length, got::add));
            byte[] piece = new byte[256];
            for (int i = 0; i < length / piece.length; i++) {
                java.util.Arrays.fill(piece, (byte) i);
                RespDecoderTest.assertDoesNotFail(() -> decoder.decode(piece, 0, piece.length, got::add));
            }
            byte[] crlf = bytes("\r\n");
            RespDecoderTest.assertDoesNotFail(() -> decoder.decode(crlf, 0, 2, got::add));
            assertEquals(1, got.size());
            byte[] arg = got.get(0)[0];
            assertEquals(length, arg.length);
            for (int i = 0; i < length; i += 4099) {
                assertEquals((byte) (i / 256), arg[i], "byte " + i);
            }
        });
    }

    @Test
    void largeBulkBufferGrowsGeometrically() {
        int length = 2 << 20;
        Feed feed = new Feed().feed("*1\r\n$" + length + "\r\n");
        byte[] piece = new byte[256];
        int[] reallocations = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            int capacity = feed.decoder.pendingBulkCapacity();
            for (int i = 0; i < length / piece.length; i++) {
                feed.feed(piece);
                if (feed.decoder.pendingBulkCapacity() != capacity) {
                    reallocations[0]++;
                    capacity = feed.decoder.pendingBulkCapacity();
                }
            }
            assertEquals(length, capacity);
        });
        assertTrue(reallocations[0] <= 8, reallocations[0] + " reallocations for a 2 MB argument");
        feed.feed("\r\n");
        assertNull(feed.error);
        assertEquals(1, feed.commands.size());
        assertEquals(0, feed.decoder.pendingBulkCapacity());
    }

    @Test
    void hugeArgumentCountIsNotPreallocated() {
        Feed feed = new Feed().feed("*1000000000\r\n");
        assertNull(feed.error);
        assertTrue(feed.decoder.pendingArgvCapacity() <= 1024, "argv slots " + feed.decoder.pendingArgvCapacity());
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            args.append("$1\r\nx\r\n");
        }
        feed.feed(args.toString());
        assertNull(feed.error);
        assertTrue(feed.decoder.pendingArgvCapacity() >= 5000 && feed.decoder.pendingArgvCapacity() <= 10_000,
                "argv slots " + feed.decoder.pendingArgvCapacity() + " for 5000 arguments");
        assertEquals(List.of(), feed.commands);
    }

    private static final byte[] ALPHABET = bytes("*$\r\n\r\n0123456789-+ \t\"'\\xaA:PING ");

    @Test
    void garbageTruncatedAndOversizedInputOnlyEverYieldsCommandsOrProtocolErrors() {
        long seed = Seeds.seed("garbageTruncatedAndOversizedInputOnlyEverYieldsCommandsOrProtocolErrors");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> fuzz(seed, 3000),
                "decoder hung; seed=" + seed);
    }

    private static void fuzz(long seed, int rounds) {
        Random random = new Random(seed);
        DecoderLimits[] limits = {
            DecoderLimits.DEFAULT,
            DecoderLimits.DEFAULT.withAuthenticated(false),
            new DecoderLimits(100, true),
            new DecoderLimits(1024 * 1024, false),
            new DecoderLimits(Integer.MAX_VALUE, true),
            new DecoderLimits(Long.MAX_VALUE, true),
        };
        for (int round = 0; round < rounds; round++) {
            String where = "seed=" + seed + " round=" + round;
            byte[] input = input(random);
            Feed feed = new Feed(limits[random.nextInt(limits.length)]);
            int pos = 0;
            long fed = 0;
            try {
                while (pos < input.length) {
                    int piece = Math.min(input.length - pos, random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(5000));
                    feed.feed(input, pos, piece);
                    pos += piece;
                    fed += piece;
                    if (feed.error != null) {
                        break;
                    }
                    assertTrue(feed.decoder.pendingBulkCapacity() <= Math.max(EXACT_ALLOCATION_LIMIT, 2 * fed),
                            where + ": bulk buffer " + feed.decoder.pendingBulkCapacity() + " after " + fed + " bytes");
                    assertTrue(feed.decoder.pendingArgvCapacity() <= Math.max(1024, fed),
                            where + ": argv slots " + feed.decoder.pendingArgvCapacity() + " after " + fed + " bytes");
                }
            } catch (RuntimeException e) {
                throw new AssertionError(where + ": decoder threw " + e, e);
            }
            if (feed.error != null) {
                assertTrue(feed.decoder.failed(), where);
                int before = feed.commands.size();
                feed.feed(bytes("*1\r\n$4\r\nPING\r\nPING\r\n"));
                assertEquals(before, feed.commands.size(), where + ": failed decoder delivered a command");
                assertTrue(feed.error.errorLine().startsWith("ERR Protocol error: "), where);
            }
        }
    }

    private static byte[] input(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(6)) {
            case 0 -> { // garbage biased towards protocol characters
                int n = random.nextInt(300);
                for (int i = 0; i < n; i++) {
                    out.write(random.nextInt(3) == 0 ? random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)]);
                }
            }
            case 1 -> { // a valid stream with a few bytes mutated
                byte[] valid = new StreamGen(random, false).commands(1 + random.nextInt(10)).bytes();
                int mutations = 1 + random.nextInt(4);
                for (int i = 0; i < mutations && valid.length > 0; i++) {
                    valid[random.nextInt(valid.length)] = random.nextBoolean()
                            ? (byte) random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)];
                }
                out.writeBytes(valid);
            }
            case 2 -> { // a valid stream cut short
                byte[] valid = new StreamGen(random, random.nextInt(10) == 0).commands(1 + random.nextInt(10)).bytes();
                out.write(valid, 0, random.nextInt(valid.length + 1));
            }
            case 3 -> { // announced sizes far beyond what is sent
                String[] headers = {"*1\r\n$536870000\r\n", "*1000000000\r\n", "*2147483647\r\n$1\r\nx\r\n",
                    "*1\r\n$2147483647\r\n", "*1\r\n$2147483648\r\n", "*1\r\n$4294967296\r\n",
                    "*1\r\n$9223372036854775807\r\n", "*3\r\n$16384\r\n", "*1\r\n$65536\r\n", "*1\r\n$65537\r\n"};
                out.writeBytes(bytes(headers[random.nextInt(headers.length)]));
                byte[] some = new byte[random.nextInt(3) == 0 ? random.nextInt(200_000) : random.nextInt(20)];
                random.nextBytes(some);
                out.writeBytes(some);
            }
            case 4 -> { // long lines without a newline
                String[] starts = {"*", "*1\r\n$", "SET ", "\"", "*1\r\n$3\r\nabc\r\n"};
                out.writeBytes(bytes(starts[random.nextInt(starts.length)]));
                int n = DecoderLimits.INLINE_MAX - 100 + random.nextInt(300);
                byte fill = random.nextBoolean() ? (byte) '1' : (byte) 'a';
                for (int i = 0; i < n; i++) {
                    out.write(fill);
                }
            }
            default -> { // many arguments, sometimes more than an unauthenticated client may send
                int argc = random.nextInt(3000);
                out.writeBytes(bytes("*" + argc + "\r\n"));
                for (int i = 0; i < argc; i++) {
                    out.writeBytes(bytes("$1\r\nx\r\n"));
                }
            }
        }
        return out.toByteArray();
    }
}
