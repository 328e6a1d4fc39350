package io.runnel.protocol;

import static io.runnel.protocol.Feed.bytes;
import static io.runnel.protocol.Feed.cmd;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Deterministic decoder tests; the expected behaviour was checked against redis-server 7.0. */
class RespDecoderTest {

    private static final DecoderLimits UNAUTHENTICATED = DecoderLimits.DEFAULT.withAuthenticated(false);

    private static List<List<String>> decode(String latin1) {
        Feed feed = new Feed().feed(latin1);
        if (feed.error != null) {
            throw new AssertionError("unexpected protocol error: " + feed.error.getMessage());
        }
        return feed.commands;
    }

    /** Feeds {@code latin1} whole and byte by byte; both must fail with {@code message}. */
    private static List<List<String>> expectError(DecoderLimits limits, String latin1, String message) {
        Feed whole = new Feed(limits).feed(latin1);
        assertNotNull(whole.error, "expected protocol error '" + message + "'");
        assertEquals(message, whole.error.getMessage());
        assertEquals("ERR Protocol error: " + message, whole.error.errorLine());
        assertTrue(whole.decoder.failed());

        Feed single = new Feed(limits).byteByByte(bytes(latin1));
        assertNotNull(single.error, "expected protocol error '" + message + "' byte by byte");
        assertEquals(message, single.error.getMessage());
        assertEquals(whole.commands, single.commands);
        return whole.commands;
    }

    private static List<List<String>> expectError(String latin1, String message) {
        return expectError(DecoderLimits.DEFAULT, latin1, message);
    }

    // ---------------------------------------------------------------- multibulk

    @Test
    void multibulkCommand() {
        Feed feed = new Feed().feed("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
        assertNull(feed.error);
        assertEquals(List.of(cmd("SET", "key", "value")), feed.commands);
        assertFalse(feed.decoder.midCommand());
        assertFalse(feed.decoder.failed());
    }

    @Test
    void emptyBulkArgument() {
        assertEquals(List.of(cmd("ECHO", "")), decode("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"));
    }

    @Test
    void bulkMayHoldProtocolCharacters() {
        assertEquals(List.of(cmd("SET", "*1\r\n$4", "\r\n")),
                decode("*3\r\n$3\r\nSET\r\n$6\r\n*1\r\n$4\r\n$2\r\n\r\n\r\n"));
    }

    @Test
    void everyByteValueSurvivesInABulk() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String arg = new String(all, ISO_8859_1);
        String stream = "*2\r\n$3\r\nSET\r\n$256\r\n" + arg + "\r\n";
        List<List<String>> commands = decode(stream);
        assertEquals(List.of(cmd("SET", arg)), commands);
        byte[] decoded = commands.get(0).get(1).getBytes(ISO_8859_1);
        for (int i = 0; i < 256; i++) {
            assertEquals((byte) i, decoded[i], "byte " + i);
        }
        assertEquals(commands, new Feed().byteByByte(bytes(stream)).commands);
    }

    @Test
    void argvHasExactlyTheAnnouncedLengthBeyondThePreallocation() {
        int argc = 3000;
        StringBuilder stream = new StringBuilder("*" + argc + "\r\n");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < argc; i++) {
            String arg = Integer.toString(i);
            stream.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
            expected.add(arg);
        }
        List<byte[][]> raw = new ArrayList<>();
        RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT);
        assertDoesNotFail(() -> decoder.decode(bytes(stream.toString()), 0, stream.length(), raw::add));
        assertEquals(1, raw.size());
        assertEquals(argc, raw.get(0).length, "argv must not carry spare slots");
        assertEquals(List.of(expected), decode(stream.toString()));
    }

    @Test
    void bulkTrailerIsSkippedUninspectedLikeRedis() {
        // redis-server 7.0 answers "*1\r\n$4\r\nPINGxy*1\r\n$4\r\nPING\r\n" with two PONGs.
        assertEquals(List.of(cmd("PING"), cmd("PING")), decode("*1\r\n$4\r\nPINGxy*1\r\n$4\r\nPING\r\n"));
    }

    @Test
    void emptyMultibulksAreSkipped() {
        Feed feed = new Feed().feed("*0\r\n*-1\r\n*-5\r\n*1\r\n$4\r\nPING\r\n*0\r\n");
        assertNull(feed.error);
        assertEquals(List.of(cmd("PING")), feed.commands);
        assertFalse(feed.decoder.midCommand());
    }

    @Test
    void mostNegativeMultibulkCountIsSkippedLikeRedis() {
        // string2ll accepts LLONG_MIN, and Redis skips counts <= 0: two PONGs from redis-server.
        assertEquals(List.of(cmd("PING"), cmd("PING")),
                decode("*1\r\n$4\r\nPING\r\n*-9223372036854775808\r\nPING\r\n"));
        expectError("*-9223372036854775809\r\n", "invalid multibulk length");
    }

    @Test
    void largestAllowedBulkLengthIsAccepted() {
        Feed feed = new Feed(new DecoderLimits(10, true)).feed("*1\r\n$10\r\n0123456789\r\n");
        assertNull(feed.error);
        assertEquals(List.of(cmd("0123456789")), feed.commands);
        expectError(new DecoderLimits(10, true), "*1\r\n$11\r\n", "invalid bulk length");
        Feed atDefault = new Feed().feed("*1\r\n$536870912\r\n");
        assertNull(atDefault.error, "proto-max-bulk-len itself is allowed");
        assertTrue(atDefault.decoder.midCommand());
    }

    // ---------------------------------------------------------------- inline

    @Test
    void inlineCommands() {
        assertEquals(List.of(cmd("PING")), decode("PING\r\n"));
        assertEquals(List.of(cmd("SET", "a", "b")), decode("SET a b\n"));
        assertEquals(List.of(cmd("set", "a", "b")), decode("  set   a\tb  \r\n"));
        assertEquals(List.of(cmd("a\u000bb")), decode("a\u000bb\r\n"), "a vertical tab inside a word is kept");
        assertEquals(List.of(cmd("PI", "NG")), decode("PI\rNG\r\n"));
    }

    @Test
    void inlineQuotesAndEscapes() {
        assertEquals(List.of(cmd("SET", "hello world", "a\"b")), decode("SET \"hello world\" \"a\\\"b\"\r\n"));
        assertEquals(List.of(cmd("ECHO", "Az\u00ff")), decode("ECHO \"\\x41\\x7a\\xFF\"\r\n"));
        assertEquals(List.of(cmd("ECHO", "\n\r\t\b\u0007\\q\"")), decode("ECHO \"\\n\\r\\t\\b\\a\\\\\\q\\\"\"\r\n"));
        assertEquals(List.of(cmd("ECHO", "Ax4gq\n")), decode("ECHO \"\\x41\\x4g\\q\\n\"\r\n"));
        assertEquals(List.of(cmd("ECHO", "x", "xA")), decode("ECHO \"\\x\" \"\\xA\"\r\n"));
        assertEquals(List.of(cmd("ECHO", "it's", "a\\nb")), decode("ECHO 'it\\'s' 'a\\nb'\r\n"));
        assertEquals(List.of(cmd("SET", "k", "")), decode("SET k \"\"\r\n"));
        assertEquals(List.of(cmd("SET", "k", "")), decode("SET k ''\r\n"));
        assertEquals(List.of(cmd("ECHO", "abcd")), decode("ECHO ab\"cd\"\r\n"));
        assertEquals(List.of(cmd("ECHO", "ab c")), decode("ECHO a\"b c\"\r\n"));
        assertEquals(List.of(cmd("ECHO", "a\r\nb")), decode("ECHO \"a\\r\\nb\"\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SET \"abc\r\n",
        "SET 'abc\r\n",
        "ECHO \"a\"b\r\n",
        "ECHO ''x\r\n",
        "ECHO \"a\\\"\r\n",
        "ECHO \"a\\\r\n",
        "ECHO 'a\\'\r\n",
        "\"\n",
    })
    void unbalancedQuotes(String line) {
        expectError(line, "unbalanced quotes in request");
    }

    @Test
    void emptyAndBlankLinesAreIgnored() {
        Feed feed = new Feed().feed("\r\n\n   \r\n\t\nPING\r\n\r\n");
        assertNull(feed.error);
        assertEquals(List.of(cmd("PING")), feed.commands);
        assertFalse(feed.decoder.midCommand());
    }

    @Test
    void inlineLineWithoutNewlineWaits() {
        Feed feed = new Feed().feed("PIN");
        assertEquals(List.of(), feed.commands);
        assertTrue(feed.decoder.midCommand());
        feed.feed("G\r");
        assertEquals(List.of(), feed.commands);
        feed.feed("\n");
        assertEquals(List.of(cmd("PING")), feed.commands);
        assertFalse(feed.decoder.midCommand());
    }

    @Test
    void inlineAndMultibulkMix() {
        assertEquals(List.of(cmd("PING"), cmd("ECHO", "x"), cmd("GET", "k")),
                decode("PING\r\n*2\r\n$4\r\nECHO\r\n$1\r\nx\r\nGET k\n"));
    }

    // ---------------------------------------------------------------- pipelining and pieces

    @Test
    void manyPipelinedCommandsInOneBuffer() {
        StringBuilder stream = new StringBuilder();
        List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String key = "key:" + i;
            if (i % 3 == 0) {
                stream.append("INCR ").append(key).append("\r\n");
                expected.add(cmd("INCR", key));
            } else {
                String value = "v".repeat(i % 50);
                stream.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key)
                        .append("\r\n$").append(value.length()).append("\r\n").append(value).append("\r\n");
                expected.add(cmd("SET", key, value));
            }
        }
        assertEquals(expected, decode(stream.toString()));
    }

    @Test
    void headerSplitAcrossReads() {
        Feed feed = new Feed();
        for (String piece : new String[] {"*", "2\r", "\n$", "4\r\nEC", "HO", "\r", "\n$", "3", "\r\nab", "c", "\r", "\n"}) {
            assertEquals(List.of(), feed.commands);
            feed.feed(piece);
        }
        assertNull(feed.error);
        assertEquals(List.of(cmd("ECHO", "abc")), feed.commands);
        assertFalse(feed.decoder.midCommand());
    }

    @Test
    void honoursOffsetAndLength() {
        byte[] data = bytes("garbage*1\r\n$4\r\nPING\r\n*2\r\nmore garbage");
        Feed feed = new Feed().feed(data, 7, 14);
        assertNull(feed.error);
        assertEquals(List.of(cmd("PING")), feed.commands);
        assertFalse(feed.decoder.midCommand());

        // with a carried partial header
        Feed carried = new Feed().feed(bytes("xx*1\r"), 2, 3);
        carried.feed(bytes("zz\n$4\r\nPONG\r\nyy"), 2, 11);
        assertNull(carried.error);
        assertEquals(List.of(cmd("PONG")), carried.commands);
    }

    @Test
    void zeroLengthReadsAreHarmless() {
        Feed feed = new Feed().feed(new byte[0]).feed("*1\r").feed(new byte[0]).feed("\n$2\r\nhi\r\n").feed(new byte[0]);
        assertNull(feed.error);
        assertEquals(List.of(cmd("hi")), feed.commands);
    }

    @Test
    void deliveredArgumentsAreNotReusedByLaterCommands() {
        List<byte[][]> kept = new ArrayList<>();
        RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT);
        byte[] first = bytes("*1\r\n$3\r\naaa\r\nbbb\r\n*1\r\n$3\r\nc");
        byte[] second = bytes("cc\r\nddd\r\n");
        assertDoesNotFail(() -> decoder.decode(first, 0, first.length, kept::add));
        assertDoesNotFail(() -> decoder.decode(second, 0, second.length, kept::add));
        java.util.Arrays.fill(first, (byte) 'X');
        java.util.Arrays.fill(second, (byte) 'Y');
        List<String> seen = new ArrayList<>();
        for (byte[][] argv : kept) {
            seen.add(new String(argv[0], ISO_8859_1));
        }
        assertEquals(List.of("aaa", "bbb", "ccc", "ddd"), seen);
    }

    // ---------------------------------------------------------------- protocol errors

    @ParameterizedTest
    @ValueSource(strings = {"*abc\r\n", "*2147483648\r\n", "*\r\n", "*-0\r\n", "*+1\r\n", "*01\r\n", "* 1\r\n",
        "*1 \r\n", "*99999999999999999999\r\n", "*123456789012345678901\r\n", "*-\r\n", "*1x\r\n"})
    void invalidMultibulkLength(String stream) {
        expectError(stream, "invalid multibulk length");
    }

    @Test
    void largestMultibulkCountIsAcceptedWithoutPreallocating() {
        Feed feed = new Feed().feed("*2147483647\r\n");
        assertNull(feed.error);
        assertTrue(feed.decoder.midCommand());
        assertTrue(feed.decoder.pendingArgvCapacity() <= 1024, "argv capacity " + feed.decoder.pendingArgvCapacity());
    }

    @Test
    void expectedDollar() {
        expectError("*1\r\nx\r\n", "expected '$', got 'x'");
        expectError("*2\r\n$1\r\na\r\n:1\r\n", "expected '$', got ':'");
        expectError("*1\r\n*1\r\n", "expected '$', got '*'");
    }

    @Test
    void expectedDollarNeedsTheWholeLineFirst() {
        // Like Redis, the header byte is only judged once its line is complete.
        Feed feed = new Feed().feed("*1\r\nx");
        assertNull(feed.error);
        feed.feed("\r");
        assertNull(feed.error);
        feed.feed("\n");
        assertNotNull(feed.error);
        assertEquals("expected '$', got 'x'", feed.error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*1\r\n$-1\r\n", "*1\r\n$-2\r\n", "*1\r\n$abc\r\n", "*1\r\n$\r\n", "*1\r\n$01\r\n",
        "*1\r\n$+1\r\n", "*1\r\n$536870913\r\n", "*1\r\n$99999999999999999999\r\n", "*1\r\n$\u00e9\r\n",
        "*1\r\n$-9223372036854775808\r\n"})
    void invalidBulkLength(String stream) {
        expectError(stream, "invalid bulk length");
    }

    @Test
    void bulkLengthBeyondAJavaArrayIsRejectedWhenTheLimitAllowsIt() {
        // proto-max-bulk-len accepts values up to LONG_MAX, but no argument can exceed an array.
        DecoderLimits huge = new DecoderLimits(Long.MAX_VALUE, true);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            expectError(huge, "*1\r\n$4294967296\r\nabcdefgh", "invalid bulk length");
            expectError(huge, "*1\r\n$3000000000\r\nabcdefgh", "invalid bulk length");
            expectError(huge, "*1\r\n$2147483648\r\nabcdefgh", "invalid bulk length");
            expectError(huge, "*1\r\n$9223372036854775807\r\nabcdefgh", "invalid bulk length");
            Feed ok = new Feed(huge).feed("*1\r\n$2000000000\r\nabcdefgh");
            assertNull(ok.error);
            assertTrue(ok.decoder.pendingBulkCapacity() <= 64 * 1024);
        });
    }

    @Test
    void tooBigMbulkCountString() {
        String limit = "*" + "1".repeat(DecoderLimits.INLINE_MAX - 1); // exactly 64 KiB, still waits
        Feed feed = new Feed().feed(limit);
        assertNull(feed.error);
        feed.feed("1");
        assertNotNull(feed.error);
        assertEquals("too big mbulk count string", feed.error.getMessage());
        expectError("*" + "1".repeat(70_000), "too big mbulk count string");
    }

    @Test
    void tooBigBulkCountString() {
        String header = "*1\r\n";
        Feed feed = new Feed().feed(header + "$" + "1".repeat(DecoderLimits.INLINE_MAX - 1));
        assertNull(feed.error);
        feed.feed("1");
        assertNotNull(feed.error);
        assertEquals("too big bulk count string", feed.error.getMessage());
    }

    @Test
    void tooBigInlineRequest() {
        Feed feed = new Feed().feed("a".repeat(DecoderLimits.INLINE_MAX));
        assertNull(feed.error);
        feed.feed("b");
        assertNotNull(feed.error);
        assertEquals("too big inline request", feed.error.getMessage());
        assertEquals("ERR Protocol error: too big inline request", feed.error.errorLine());
    }

    @Test
    void inlineRequestOfExactlyTheLimitIsAccepted() {
        String word = "a".repeat(DecoderLimits.INLINE_MAX);
        Feed feed = new Feed().feed(word).feed("\n");
        assertNull(feed.error);
        assertEquals(List.of(cmd(word)), feed.commands);
    }

    @Test
    void tricklingLongLinesCostsLinearTime() {
        // A client may send a line one byte per read. No read may re-copy or re-scan all that is
        // carried so far: 30 lines of 64000 bytes, one byte at a time, take well under a second
        // when the work is linear, and about a minute when it is quadratic.
        int length = 64_000;
        int lines = 30;
        List<byte[][]> got = new ArrayList<>();
        RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            byte[] one = new byte[1];
            byte[] crlf = bytes("\r\n");
            for (int line = 0; line < lines; line++) {
                one[0] = (byte) ('a' + line);
                for (int i = 0; i < length; i++) {
                    decoder.decode(one, 0, 1, got::add);
                }
                decoder.decode(crlf, line % 2, 2 - line % 2, got::add);
            }
        });
        assertFalse(decoder.failed());
        assertEquals(lines, got.size());
        for (int line = 0; line < lines; line++) {
            assertEquals(1, got.get(line).length);
            assertEquals(String.valueOf((char) ('a' + line)).repeat(length), new String(got.get(line)[0], ISO_8859_1));
        }
    }

    @Test
    void carryGrowsGeometricallyAndIsReleased() {
        RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT);
        byte[] one = {'a'};
        int reallocations = 0;
        int capacity = decoder.carryCapacity();
        for (int i = 0; i < DecoderLimits.INLINE_MAX; i++) {
            assertDoesNotFail(() -> decoder.decode(one, 0, 1, argv -> { }));
            if (decoder.carryCapacity() != capacity) {
                reallocations++;
                capacity = decoder.carryCapacity();
            }
            assertTrue(capacity >= i + 1 && capacity <= Math.max(256, 2 * (i + 1)), "capacity " + capacity + " for " + (i + 1));
        }
        assertTrue(reallocations <= 12, reallocations + " reallocations for a 64 KiB line");

        // Once the line is complete, the large carry is let go.
        byte[] end = bytes("\n*1\r\n$1\r");
        List<byte[][]> got = new ArrayList<>();
        assertDoesNotFail(() -> decoder.decode(end, 0, end.length, got::add));
        assertEquals(1, got.size());
        assertTrue(decoder.carryCapacity() <= 256, "holds " + decoder.carryCapacity() + " for a 7-byte partial header");

        // A large read that passes through a small carry is not held on to either.
        byte[] rest = bytes("\nx\r\n");
        assertDoesNotFail(() -> decoder.decode(rest, 0, rest.length, got::add));
        assertEquals(2, got.size());
        byte[] partial = bytes("*1\r\n$1");
        assertDoesNotFail(() -> decoder.decode(partial, 0, partial.length, got::add));
        byte[] pipeline = bytes("\r\nx\r\n" + "PING\r\n".repeat(100_000));
        assertDoesNotFail(() -> decoder.decode(pipeline, 0, pipeline.length, got::add));
        assertEquals(100_003, got.size());
        assertTrue(decoder.carryCapacity() <= 256, "holds " + decoder.carryCapacity() + " after a large read");
        assertDoesNotFail(() -> decoder.decode(partial, 0, partial.length, got::add));
        assertDoesNotFail(() -> decoder.decode(pipeline, 0, pipeline.length - 3, got::add));
        assertTrue(decoder.carryCapacity() <= 256, "holds " + decoder.carryCapacity() + " for a 3-byte partial line");
        assertDoesNotFail(() -> decoder.decode(pipeline, pipeline.length - 3, 3, got::add));
        assertEquals(200_004, got.size());
        assertFalse(decoder.midCommand());
    }

    @Test
    void unauthenticatedMultibulkLength() {
        expectError(UNAUTHENTICATED, "*11\r\n", "unauthenticated multibulk length");
        expectError(UNAUTHENTICATED, "*1000000000\r\n", "unauthenticated multibulk length");
        // the multibulk-length check comes first
        expectError(UNAUTHENTICATED, "*2147483648\r\n", "invalid multibulk length");

        StringBuilder ten = new StringBuilder("*10\r\n");
        for (int i = 0; i < 10; i++) {
            ten.append("$1\r\n").append(i).append("\r\n");
        }
        Feed feed = new Feed(UNAUTHENTICATED).feed(ten.toString());
        assertNull(feed.error);
        assertEquals(List.of(cmd("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")), feed.commands);
    }

    @Test
    void unauthenticatedBulkLength() {
        expectError(UNAUTHENTICATED, "*1\r\n$16385\r\n", "unauthenticated bulk length");
        expectError(UNAUTHENTICATED, "*1\r\n$-1\r\n", "invalid bulk length");
        expectError(UNAUTHENTICATED, "*1\r\n$536870913\r\n", "invalid bulk length");
        String big = "z".repeat(16384);
        Feed feed = new Feed(UNAUTHENTICATED).feed("*1\r\n$16384\r\n" + big + "\r\n");
        assertNull(feed.error);
        assertEquals(List.of(cmd(big)), feed.commands);
    }

    @Test
    void inlineIsNotLimitedByTheUnauthenticatedArgumentCount() {
        // Redis applies the unauthenticated limits to multibulk requests only.
        Feed feed = new Feed(UNAUTHENTICATED).feed("a b c d e f g h i j k l\r\n");
        assertNull(feed.error);
        assertEquals(12, feed.commands.get(0).size());
    }

    @Test
    void authenticatingLiftsTheLimitsFromTheNextHeader() {
        Feed feed = new Feed(UNAUTHENTICATED).feed("*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n*11\r");
        assertNull(feed.error);
        assertEquals(List.of(cmd("AUTH", "pw")), feed.commands);
        feed.decoder.limits(DecoderLimits.DEFAULT);
        StringBuilder rest = new StringBuilder("\n");
        for (int i = 0; i < 11; i++) {
            rest.append("$1\r\nx\r\n");
        }
        rest.append("*1\r\n$20000\r\n").append("y".repeat(20000)).append("\r\n");
        feed.feed(rest.toString());
        assertNull(feed.error);
        assertEquals(3, feed.commands.size());
        assertEquals(11, feed.commands.get(1).size());
        assertEquals(20000, feed.commands.get(2).get(0).length());

        feed.decoder.limits(UNAUTHENTICATED);
        feed.feed("*1\r\n$16385\r\n");
        assertNotNull(feed.error);
        assertEquals("unauthenticated bulk length", feed.error.getMessage());
    }

    @Test
    void errorLineHasRedisPrefix() {
        assertEquals("ERR Protocol error: invalid multibulk length", new ProtocolException("invalid multibulk length").errorLine());
        assertEquals("invalid multibulk length", new ProtocolException("invalid multibulk length").getMessage());
    }

    @Test
    void commandsBeforeTheErrorAreDeliveredAndNothingAfter() {
        String stream = "PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n*x\r\nGET k\r\n*1\r\n$4\r\nPING\r\n";
        List<List<String>> delivered = expectError(stream, "invalid multibulk length");
        assertEquals(List.of(cmd("PING"), cmd("ECHO", "hi")), delivered);
    }

    @Test
    void commandsFromEarlierReadsStandAndDecoderStaysFailed() {
        Feed feed = new Feed().feed("PING\r\n*1\r\n$4\r\nPI");
        assertEquals(List.of(cmd("PING")), feed.commands);
        feed.feed("NG\r\nECHO \"oops\r\n");
        assertNotNull(feed.error);
        assertEquals("unbalanced quotes in request", feed.error.getMessage());
        assertEquals(List.of(cmd("PING"), cmd("PING")), feed.commands);
        assertTrue(feed.decoder.failed());

        // Later input is ignored: no commands and no further exception (Feed would fail on one).
        feed.feed("PING\r\n").feed("*1\r\n$4\r\nPING\r\n").feed("*x\r\n").feed("a".repeat(100_000));
        assertEquals(2, feed.commands.size());
        assertTrue(feed.decoder.failed());
    }

    @Test
    void failedDecoderDoesNotThrowAgain() {
        RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT);
        byte[] bad = bytes("*x\r\n");
        ProtocolException e = assertThrows(ProtocolException.class, () -> decoder.decode(bad, 0, bad.length, argv -> { }));
        assertEquals("invalid multibulk length", e.getMessage());
        List<byte[][]> after = new ArrayList<>();
        assertDoesNotFail(() -> decoder.decode(bytes("PING\r\n"), 0, 6, after::add));
        assertDoesNotFail(() -> decoder.decode(bad, 0, bad.length, after::add));
        assertEquals(0, after.size());
        assertTrue(decoder.failed());
    }

    @Test
    void midCommandTracksPartialInput() {
        Feed feed = new Feed();
        assertFalse(feed.decoder.midCommand());
        feed.feed("*2\r\n$3\r\nGET\r\n");
        assertTrue(feed.decoder.midCommand());
        feed.feed("$1\r\nk");
        assertTrue(feed.decoder.midCommand());
        feed.feed("\r\n");
        assertFalse(feed.decoder.midCommand());
        feed.feed("*");
        assertTrue(feed.decoder.midCommand());
    }

    // ---------------------------------------------------------------- parseLong (string2ll)

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "-1,-1", "10,10", "9223372036854775807,9223372036854775807",
        "-9223372036854775808,-9223372036854775808", "2147483648,2147483648"})
    void parseLongAcceptsWhatString2llAccepts(String text, long value) throws ProtocolException {
        byte[] b = bytes(text);
        assertEquals(value, RespDecoder.parseLong(b, 0, b.length, "bad"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "-0", "00", "01", "+1", " 1", "1 ", "1a", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "123456789012345678901", "0x10", "1.0"})
    void parseLongRejectsWhatString2llRejects(String text) {
        byte[] b = bytes(text);
        ProtocolException e = assertThrows(ProtocolException.class, () -> RespDecoder.parseLong(b, 0, b.length, "bad number"));
        assertEquals("bad number", e.getMessage());
    }

    interface Body {
        void run() throws ProtocolException;
    }

    static void assertDoesNotFail(Body body) {
        try {
            body.run();
        } catch (ProtocolException e) {
            throw new AssertionError("unexpected protocol error: " + e.getMessage(), e);
        }
    }
}
