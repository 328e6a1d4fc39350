package io.runnel.broker.commands;

import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.Resp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The basic stream commands (XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM) against redis-server,
 * reply for reply.
 *
 * <p>Almost every ID is explicit, so that replies are deterministic and compared byte for byte.
 * Two kinds of replies are compared by their properties instead:
 * <ul>
 *   <li>IDs that {@code *} generates from each server's clock: "&lt;ms&gt;-&lt;seq&gt;" with the
 *       milliseconds close to now, increasing from one XADD to the next;</li>
 *   <li>approximate ({@code ~}) trimming, where Redis only ever drops whole radix-tree nodes
 *       (stream-node-max-entries, 100 by default). Runnel need not drop the same entries; it
 *       must keep the newest entries, never fewer than asked, never more than Redis's own slack
 *       of one node (99 entries beyond the threshold), and never remove more than LIMIT.</li>
 * </ul>
 */
class StreamCommandsDifferentialTest extends DifferentialCase {

    private static final String MAX = "18446744073709551615";
    private static final String INVALID_ID = "-ERR Invalid stream ID specified as stream command argument\r\n";
    /** Redis keeps at most this many entries beyond the threshold of an approximate trim. */
    private static final int NODE_SLACK = 99;
    /** How far a generated ID's milliseconds may be from the test's clock (both are this machine's). */
    private static final long CLOCK_TOLERANCE_MS = 10_000;
    private static final Pattern BULK_ID = Pattern.compile("\\$(\\d+)\r\n((\\d+)-(\\d+))\r\n");

    // ---------------------------------------------------------------- XADD

    @Test
    void xaddExplicitIds() {
        d.same("XADD", "s", "1-1", "f", "v");
        d.same("XADD", "s", "5-0", "f", "v");
        // "<ms>-*" takes the next sequence number within the top item's millisecond
        d.same("XADD", "s", "5-*", "f", "v");
        d.same("XADD", "s", "5-*", "f", "v");
        // a sequence-less ID means sequence 0
        d.same("XADD", "s", "6", "f", "v");
        d.same("XADD", "s", "7-*", "f", "v");
        d.same("XADD", "s", "6", "f", "v");
        d.same("XADD", "s", "5-0", "f", "v");
        d.same("XADD", "s", "7-0", "f", "v");
        d.same("XADD", "s", "1-1", "f", "v");
        d.same("XADD", "s", "6-*", "f", "v");
        d.same("XADD", "s", "0-0", "f", "v");
        d.same("XLEN", "s");
        d.same("XRANGE", "s", "-", "+");
        d.same("TYPE", "s");

        // 0-0 is refused even on a new stream; the first ID may be 0-1
        d.same("XADD", "fresh", "0-0", "f", "v");
        d.same("EXISTS", "fresh");
        d.same("XADD", "fresh", "0-*", "f", "v");
        d.same("XADD", "fresh", "0-*", "f", "v");
        d.same("XADD", "fresh2", "0-1", "f", "v");
        d.same("XADD", "fresh3", "9-*", "f", "v");

        // the largest IDs
        d.same("XADD", "big", MAX + "-0", "f", "v");
        d.same("XADD", "big", MAX + "-*", "f", "v");
        d.same("XADD", "big", MAX + "-" + MAX, "f", "v");
        d.same("XADD", "big", MAX + "-*", "f", "v");
        d.same("XADD", "big", "*", "f", "v");
        d.same("XLEN", "big");
        d.same("XRANGE", "big", "-", "+");
        d.same("XADD", "bigseq", "7-" + MAX, "f", "v");
        // the sequence cannot wrap: Redis's reply is the odd "Elements are too large to be stored"
        d.same("XADD", "bigseq", "7-*", "f", "v");
        d.same("XADD", "bigseq", "8-*", "f", "v");
        d.same("XRANGE", "bigseq", "-", "+");
        d.same("XADD", "newmax", MAX + "-*", "f", "v");
        d.same("XADD", "newmax", MAX + "-*", "f", "v");
    }

    @Test
    void xaddInvalidIds() {
        d.same("XADD", "s", "3-0", "f", "v");
        for (String id : new String[] {"abc", "1-", "-1", "18446744073709551616-0", "1-18446744073709551616", "7-0-0",
                "", "-", "+", "(5", "0x10", "5.0", "*-1", "10-**", "1--1", "-0", "0-", "5-*-1", "5 ", "12-1 ", "5-a",
                "99999999999999999999999", "-5-0", "1-1-", "**", "5-+*"}) {
            d.same("XADD", "s", id, "f", "v");
            d.same("XADD", "new", id, "f", "v");
        }
        d.same("EXISTS", "new");
        d.same("XLEN", "s");
        d.same("XRANGE", "s", "-", "+");
    }

    /**
     * Redis is lenient with each half of an ID (it falls back to strtoull): leading blanks, a
     * plus sign and leading zeros are accepted, trailing blanks are not. An ID longer than 127
     * bytes is invalid whatever its value.
     */
    @Test
    void xaddIdsAreParsedAsRedisParsesThem() {
        d.same("XADD", "s", " 5", "f", "v");
        d.same("XADD", "s", "+6", "f", "v");
        d.same("XADD", "s", "07-1", "f", "v");
        d.same("XADD", "s", "7-02", "f", "v");
        d.same("XADD", "s", "7-+3", "f", "v");
        d.same("XADD", "s", "8- 1", "f", "v");
        d.same("XADD", "s", "\t9-0", "f", "v");
        d.same("XADD", "s", "00010", "f", "v");
        d.same("XADD", "s", "0".repeat(125) + "11", "f", "v");
        d.same("XADD", "s", "0".repeat(126) + "12", "f", "v");
        d.same("XADD", "s", "13-" + "0".repeat(123) + "1", "f", "v");
        d.same("XADD", "s", "14-" + "0".repeat(124) + "1", "f", "v");
        d.same("XRANGE", "s", "-", "+");
        d.same("XRANGE", "s", "0".repeat(125) + "11", "+");
        d.same("XRANGE", "s", "0".repeat(126) + "11", "+");
    }

    @Test
    void xaddGeneratedIds() {
        List<long[]> fromRedis = new ArrayList<>();
        List<long[]> fromRunnel = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long[][] ids = generatedIds("XADD", "auto", "*", "n", Integer.toString(i));
            fromRedis.add(ids[0]);
            fromRunnel.add(ids[1]);
        }
        // with an exact MAXLEN the length is exact whatever the IDs
        long[][] last = generatedIds("XADD", "auto", "MAXLEN", "=", "15", "*", "n", "last");
        fromRedis.add(last[0]);
        fromRunnel.add(last[1]);
        assertIncreasing("redis", fromRedis);
        assertIncreasing("runnel", fromRunnel);
        d.same("XLEN", "auto");
        // the stream holds the last 15 IDs each server generated, in order
        assertEquals(format(fromRedis.subList(fromRedis.size() - 15, fromRedis.size())), idsOf(d.redis(), "auto"), "redis");
        assertEquals(format(fromRunnel.subList(fromRunnel.size() - 15, fromRunnel.size())), idsOf(d.runnel(), "auto"),
                "runnel");
        // an explicit ID at or below a generated one is refused alike
        d.same("XADD", "auto", "1-1", "f", "v");
        d.same("XADD", "auto", "5-*", "f", "v");

        // when the top item is ahead of the clock, "*" continues its millisecond: deterministic
        d.same("XADD", "future", "99999999999999-5", "f", "v");
        d.same("XADD", "future", "*", "f", "v");
        d.same("XADD", "future", "*", "f", "v");
        d.same("XADD", "future", "99999999999999-*", "f", "v");
        d.same("XADD", "future", "99999999999998-*", "f", "v");
        d.same("XRANGE", "future", "-", "+");
        // and at the very last ID it is exhausted
        d.same("XADD", "end", MAX + "-18446744073709551614", "f", "v");
        d.same("XADD", "end", "*", "f", "v");
        d.same("XADD", "end", "*", "f", "v");
        d.same("XADD", "end", "NOMKSTREAM", "*", "f", "v");
        d.same("XLEN", "end");
    }

    @Test
    void xaddNomkstream() {
        d.same("XADD", "missing", "NOMKSTREAM", "*", "f", "v");
        d.same("XADD", "missing", "NOMKSTREAM", "5-*", "f", "v");
        d.same("XADD", "missing", "nomkstream", "5-0", "f", "v");
        d.same("XADD", "missing", "NOMKSTREAM", "MAXLEN", "5", "5-0", "f", "v");
        d.same("EXISTS", "missing");
        d.same("XLEN", "missing");
        // the ID is checked before the key is looked up
        d.same("XADD", "missing", "NOMKSTREAM", "0-0", "f", "v");
        d.same("XADD", "missing", "NOMKSTREAM", "abc", "f", "v");
        d.same("XADD", "s", "1-0", "f", "v");
        d.same("XADD", "s", "NOMKSTREAM", "2-0", "f", "v");
        d.same("XADD", "s", "MAXLEN", "5", "NOMKSTREAM", "3-0", "f", "v");
        d.same("XADD", "s", "NOMKSTREAM", "MAXLEN", "2", "4-0", "f", "v");
        d.same("XADD", "s", "NOMKSTREAM", "NOMKSTREAM", "5-0", "f", "v");
        d.same("XADD", "s", "NOMKSTREAM", "1-0", "f", "v");
        d.same("XRANGE", "s", "-", "+");
        d.resp3();
        d.same("XADD", "missing", "NOMKSTREAM", "*", "f", "v");
        d.same("XADD", "s", "NOMKSTREAM", "6-0", "f", "v");
        d.same("EXISTS", "missing");
    }

    @Test
    void xaddExactTrimming() {
        for (int i = 1; i <= 10; i++) {
            d.same("XADD", "s", i + "-0", "f", Integer.toString(i));
        }
        d.same("XADD", "s", "MAXLEN", "5", "11-0", "f", "11");
        d.same("XLEN", "s");
        d.same("XRANGE", "s", "-", "+");
        d.same("XADD", "s", "MAXLEN", "=", "3", "12-0", "f", "12");
        d.same("XRANGE", "s", "-", "+");
        d.same("XADD", "s", "maxlen", "=", "10", "13-0", "f", "13");
        d.same("XLEN", "s");
        // MINID keeps the entries at or above it; a sequence-less MINID means sequence 0
        d.same("XADD", "s", "MINID", "11", "14-0", "f", "14");
        d.same("XRANGE", "s", "-", "+");
        d.same("XADD", "s", "MINID", "=", "12-1", "14-1", "f", "14");
        d.same("XRANGE", "s", "-", "+");
        d.same("XADD", "s", "minid", "0", "15-0", "f", "15");
        d.same("XADD", "s", "MINID", "0-0", "15-1", "f", "15");
        d.same("XLEN", "s");
        d.same("XADD", "s", "MAXLEN", "9223372036854775807", "16-0", "f", "16");
        d.same("XLEN", "s");
        // trimming can remove the entry just added; the stream stays, empty, and keeps its last ID
        d.same("XADD", "s", "MINID", "100", "17-0", "f", "17");
        d.same("XLEN", "s");
        d.same("EXISTS", "s");
        d.same("TYPE", "s");
        d.same("XRANGE", "s", "-", "+");
        d.same("XADD", "s", "17-0", "f", "v");
        d.same("XADD", "s", "17-*", "f", "v");
        d.same("XADD", "s", "MAXLEN", "0", "18-0", "f", "18");
        d.same("XADD", "s", "MAXLEN", "0", "18-0", "f", "18");
        d.same("XLEN", "s");
        d.same("XADD", "s", "MINID", MAX + "-" + MAX, "19-0", "f", "19");
        d.same("XLEN", "s");
        d.same("XADD", "new", "MAXLEN", "0", "1-0", "f", "v");
        d.same("EXISTS", "new");
        d.same("XADD", "new", "1-*", "f", "v");
        d.same("XRANGE", "new", "-", "+");
    }

    @Test
    void xaddApproximateTrimming() {
        // the new entry is added whatever is trimmed, so XADD's reply is compared exactly
        fill("s", 250);
        approximateTrim("s", "MAXLEN", "120", 0, "XADD", "s", "MAXLEN", "~", "120", "251-0", "f", "251");
        approximateTrim("s", "MAXLEN", "50", 0, "XADD", "s", "MAXLEN", "~", "50", "252-0", "f", "252");
        approximateTrim("s", "MAXLEN", "0", 0, "XADD", "s", "MAXLEN", "~", "0", "253-0", "f", "253");
        d.same("XADD", "s", "253-0", "f", "v");
        d.same("XADD", "s", "253-*", "f", "v");

        // a few entries over the threshold: Redis keeps them all, a whole node being the least it drops
        fill("small", 4);
        approximateTrim("small", "MAXLEN", "1", 0, "XADD", "small", "MAXLEN", "~", "1", "5-0", "f", "5");

        // MINID ~ keeps every entry at or above the ID
        fill("m", 250);
        approximateTrim("m", "MINID", "201", 0, "XADD", "m", "MINID", "~", "201", "251-0", "f", "251");
        approximateTrim("m", "MINID", "1000", 0, "XADD", "m", "MINID", "~", "1000", "252-0", "f", "252");

        // LIMIT caps how many entries one XADD removes; LIMIT 0 means no cap
        fill("l", 250);
        approximateTrim("l", "MAXLEN", "0", 100, "XADD", "l", "MAXLEN", "~", "0", "LIMIT", "100", "251-0", "f", "251");
        approximateTrim("l", "MAXLEN", "10", 0, "XADD", "l", "MAXLEN", "~", "10", "LIMIT", "0", "252-0", "f", "252");
        approximateTrim("l", "MAXLEN", "0", 1, "XADD", "l", "limit", "1", "maxlen", "~", "0", "253-0", "f", "253");
        fill("z", 150);
        approximateTrim("z", "MINID", "151", 0, "XADD", "z", "MINID", "~", "151", "LIMIT", "0", "151-0", "f", "151");
        approximateTrim("z", "MINID", "152", 0, "XADD", "z", "MINID", "~", "152", "152-0", "f", "152");
    }

    @Test
    void xaddErrors() {
        d.same("XADD", "s", "1-0", "f", "v");
        String[][] commands = {
            {"XADD"}, {"XADD", "s"}, {"XADD", "s", "*"}, {"XADD", "s", "*", "f"}, {"XADD", "s", "2-0", "f", "v", "g"},
            {"XADD", "s", "2-0", "f", "v", "g", "w", "h"}, {"XADD", "s", "f", "v", "x"}, {"XADD", "s", "NOMKSTREAM"},
            {"XADD", "s", "NOMKSTREAM", "*"}, {"XADD", "s", "NOMKSTREAM", "*", "f"}, {"XADD", "s", "MAXLEN"},
            {"XADD", "s", "MAXLEN", "5"}, {"XADD", "s", "MAXLEN", "5", "*"}, {"XADD", "s", "MAXLEN", "2-0", "f", "v"},
            {"XADD", "s", "MAXLEN", "-1", "*", "f", "v"}, {"XADD", "s", "MAXLEN", "=", "-1", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "~", "-1", "*", "f", "v"}, {"XADD", "s", "MAXLEN", "abc", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "1.5", "*", "f", "v"}, {"XADD", "s", "MAXLEN", "+5", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "05", "*", "f", "v"}, {"XADD", "s", "MAXLEN", "-0", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "", "*", "f", "v"}, {"XADD", "s", "MAXLEN", "9223372036854775808", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "~", "*", "f", "v"}, {"XADD", "s", "MAXLEN", "=", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "==", "5", "*", "f", "v"}, {"XADD", "s", "MAXLEN", "~~", "5", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "5", "MINID", "3", "*", "f", "v"},
            {"XADD", "s", "MINID", "3", "MAXLEN", "5", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "5", "MAXLEN", "6", "*", "f", "v"},
            {"XADD", "s", "nomkstream", "maxlen", "=", "10", "minid", "5", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "5", "LIMIT", "10", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "=", "5", "LIMIT", "10", "*", "f", "v"},
            {"XADD", "s", "MINID", "5", "LIMIT", "10", "*", "f", "v"},
            {"XADD", "s", "MINID", "=", "5", "LIMIT", "0", "*", "f", "v"},
            {"XADD", "s", "LIMIT", "5", "*", "f", "v"}, {"XADD", "s", "LIMIT", "5", "NOMKSTREAM", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "~", "5", "LIMIT", "-1", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "~", "5", "LIMIT", "abc", "*", "f", "v"},
            {"XADD", "s", "MAXLEN", "~", "5", "LIMIT", "10", "LIMIT", "-1", "*", "f", "v"},
            // the LIMIT value is read before LIMIT is found to lack a ~, and both before the arity
            {"XADD", "s", "MAXLEN", "1", "LIMIT", "-1", "*", "f", "v"}, {"XADD", "s", "MAXLEN", "1", "LIMIT", "5", "*", "f"},
            {"XADD", "s", "MINID", "-1", "*", "f", "v"}, {"XADD", "s", "MINID", "abc", "*", "f", "v"},
            {"XADD", "s", "MINID", "~", "*", "f", "v"}, {"XADD", "s", "MINID", "5-*", "*", "f", "v"},
            {"XADD", "s", "MINID", "(5", "*", "f", "v"}, {"XADD", "s", "MINID", "-", "*", "f", "v"},
            {"XADD", "s", "MINID", "+", "*", "f", "v"}, {"XADD", "s", "MINID", "*", "*", "f", "v"},
            {"XADD", "s", "MINID", MAX + "0-0", "*", "f", "v"}, {"XADD", "s", "FOO", "*", "f", "v"},
        };
        for (String[] command : commands) {
            d.same(command);
        }
        d.same("XLEN", "s");
        d.same("XRANGE", "s", "-", "+");
        d.same("EXISTS", "new");

        // on a key of another type, argument errors come first, then WRONGTYPE
        d.same("SET", "str", "x");
        d.same("XADD", "str", "*", "f", "v");
        d.same("XADD", "str", "1-0", "f", "v");
        d.same("XADD", "str", "NOMKSTREAM", "*", "f", "v");
        d.same("XADD", "str", "abc", "f", "v");
        d.same("XADD", "str", "0-0", "f", "v");
        d.same("XADD", "str", "MAXLEN", "-1", "*", "f", "v");
        d.same("XADD", "str", "*", "f");
        d.same("GET", "str");
    }

    @Test
    void xaddFieldsAndValues() {
        // many fields, repeated field names (kept as given), empty names and values
        List<String> command = new ArrayList<>(List.of("XADD", "s", "1-0"));
        for (int i = 0; i < 500; i++) {
            command.add("field:" + i);
            command.add("value:" + i);
        }
        d.same(command.toArray(new String[0]));
        d.same("XADD", "s", "2-0", "a", "1", "a", "2", "", "x", "y", "", "", "");
        d.same("XADD", "s", "3-0", "", "");
        // numbers are given back exactly as they were written
        d.same("XADD", "s", "4-0", "i", "123", "neg", "-5", "zero", "0", "padded", "007", "negzero", "-0", "plus", "+1",
                "big", "9223372036854775807", "bigger", "9223372036854775808", "small", "-9223372036854775808",
                "float", "1.5", "exp", "1e3", "space", " 1", "hex", "0x1f");
        d.same("XADD", "s", "5-0", "123", "456", "-1", "0");

        // binary values: every byte, in both directions, in names and values
        byte[] all = new byte[256];
        byte[] reversed = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
            reversed[i] = (byte) (255 - i);
        }
        d.same(bytes("XADD"), bytes("s"), bytes("6-0"), bytes("bin"), all, reversed, all);
        d.same(bytes("XADD"), bytes("s"), bytes("7-0"), bytes("crlf"), bytes("\r\n"), bytes("\u0000"), new byte[0]);
        // a large value
        d.same("XADD", "s", "8-0", "large", "x".repeat(20_000), "after", "y");
        d.same("XADD", "s", "9-0", "f", "v");
        d.same("XLEN", "s");
        d.same("XRANGE", "s", "-", "+");
        d.same("XREVRANGE", "s", "+", "-");
        d.same("XRANGE", "s", "6", "7");
        d.resp3();
        d.same("XRANGE", "s", "-", "+");
        d.same("XREVRANGE", "s", "+", "-", "COUNT", "3");
    }

    // ---------------------------------------------------------------- XLEN

    @Test
    void xlen() {
        d.same("XLEN", "missing");
        d.same("XADD", "s", "1-0", "f", "v");
        d.same("XLEN", "s");
        d.same("XADD", "s", "2-0", "f", "v", "g", "w");
        d.same("XLEN", "s");
        d.same("XDEL", "s", "1-0");
        d.same("XLEN", "s");
        d.same("XDEL", "s", "2-0");
        d.same("XLEN", "s");
        d.same("SET", "str", "x");
        d.same("XLEN", "str");
        d.same("XLEN");
        d.same("XLEN", "s", "str");
        d.same("DEL", "s");
        d.same("XLEN", "s");
    }

    // ---------------------------------------------------------------- XRANGE / XREVRANGE

    /** Every pair of bounds over a stream with gaps and several entries per millisecond, RESP2 then RESP3. */
    @Test
    void xrangeBounds() {
        for (String id : new String[] {"1-0", "1-1", "3-0", "5-0", "5-1", "5-2", "7-0", "10-5"}) {
            d.same("XADD", "s", id, "f", id);
        }
        for (String id : new String[] {"0-1", MAX + "-0", MAX + "-" + MAX}) {
            d.same("XADD", "edge", id, "f", id);
        }
        String[] bounds = {"-", "+", "0", "1", "1-1", "(1-0", "(1", "3-0", "4", "(4", "5", "(5", "5-1", "(5-1", "5-2",
            "(5-2", "6", "7", "(7", "(7-0", "7-1", "10", "(10", "10-5", "(10-5", "11", MAX, "(" + MAX, "0-0", "(0-1"};
        String[] edgeBounds = {"-", "+", "0", "0-0", "0-1", "(0", "(0-1", "1", MAX, "(" + MAX, MAX + "-0",
            "(" + MAX + "-0", MAX + "-1", MAX + "-18446744073709551614", "(" + MAX + "-18446744073709551614",
            MAX + "-" + MAX, "(" + MAX + "-" + MAX, "(0-0"};
        for (int protocol = 2; protocol <= 3; protocol++) {
            if (protocol == 3) {
                d.resp3();
            }
            for (String start : bounds) {
                for (String end : bounds) {
                    d.same("XRANGE", "s", start, end);
                    d.same("XREVRANGE", "s", end, start);
                }
            }
            for (String start : edgeBounds) {
                for (String end : edgeBounds) {
                    d.same("XRANGE", "edge", start, end);
                    d.same("XREVRANGE", "edge", end, start);
                }
            }
            d.same("XRANGE", "missing", "-", "+");
            d.same("XREVRANGE", "missing", "+", "-");
        }
    }

    @Test
    void xrangeCount() {
        for (int i = 1; i <= 10; i++) {
            d.same("XADD", "s", i + "-0", "f", Integer.toString(i));
        }
        for (int protocol = 2; protocol <= 3; protocol++) {
            if (protocol == 3) {
                d.resp3();
            }
            for (String count : new String[] {"1", "2", "3", "9", "10", "11", "9223372036854775807", "0", "-1", "-5",
                    "-9223372036854775808"}) {
                d.same("XRANGE", "s", "-", "+", "COUNT", count);
                d.same("XREVRANGE", "s", "+", "-", "COUNT", count);
                d.same("XRANGE", "s", "(3", "8", "COUNT", count);
                d.same("XREVRANGE", "s", "8", "(3", "COUNT", count);
                // an empty range, and a missing key, whatever the COUNT
                d.same("XRANGE", "s", "7", "5", "COUNT", count);
                d.same("XRANGE", "s", "20", "+", "COUNT", count);
                d.same("XRANGE", "missing", "-", "+", "COUNT", count);
                d.same("XREVRANGE", "missing", "+", "-", "COUNT", count);
            }
            // the last COUNT wins; options are case-insensitive
            d.same("XRANGE", "s", "-", "+", "COUNT", "1", "COUNT", "3");
            d.same("XRANGE", "s", "-", "+", "COUNT", "3", "COUNT", "0");
            d.same("XRANGE", "s", "-", "+", "count", "2");
            d.same("XREVRANGE", "s", "+", "-", "Count", "2");
        }
    }

    @Test
    void xrangeErrors() {
        d.same("XADD", "s", "5-0", "f", "v");
        d.same("SET", "str", "x");
        String[][] commands = {
            {"XRANGE"}, {"XRANGE", "s"}, {"XRANGE", "s", "-"}, {"XREVRANGE", "s", "+"},
            {"XRANGE", "s", "abc", "+"}, {"XRANGE", "s", "-", "abc"}, {"XRANGE", "s", "(-", "+"}, {"XRANGE", "s", "-", "(+"},
            {"XRANGE", "s", "(", "+"}, {"XRANGE", "s", "((5", "+"}, {"XRANGE", "s", "*", "+"}, {"XRANGE", "s", "5-*", "+"},
            {"XRANGE", "s", "(5-", "+"}, {"XRANGE", "s", "5-1-1", "+"}, {"XRANGE", "s", "18446744073709551616", "+"},
            {"XRANGE", "s", "-", "1-18446744073709551616"}, {"XRANGE", "s", "-1", "+"}, {"XRANGE", "s", "", "+"},
            {"XREVRANGE", "s", "abc", "-"}, {"XREVRANGE", "s", "+", "abc"},
            // an exclusive bound past the end of the ID space
            {"XRANGE", "s", "(" + MAX + "-" + MAX, "+"}, {"XRANGE", "s", "-", "(0-0"},
            {"XREVRANGE", "s", "(0-0", "-"}, {"XREVRANGE", "s", "+", "(" + MAX + "-" + MAX},
            {"XRANGE", "s", "-", "+", "COUNT"}, {"XRANGE", "s", "-", "+", "COUNT", "abc"},
            {"XRANGE", "s", "-", "+", "COUNT", "1.5"}, {"XRANGE", "s", "-", "+", "COUNT", "9223372036854775808"},
            {"XRANGE", "s", "-", "+", "COUNT", ""}, {"XRANGE", "s", "-", "+", "FOO"}, {"XRANGE", "s", "-", "+", "FOO", "1"},
            {"XRANGE", "s", "-", "+", "COUNT", "1", "FOO"}, {"XRANGE", "s", "-", "+", "COUNT", "1", "COUNT", "abc"},
            {"XREVRANGE", "s", "+", "-", "COUNT"}, {"XREVRANGE", "s", "+", "-", "LIMIT", "1"},
            // a missing key still has its arguments checked
            {"XRANGE", "missing", "abc", "+"}, {"XRANGE", "missing", "-", "+", "COUNT", "abc"},
            {"XRANGE", "missing", "(" + MAX + "-" + MAX, "+"},
            // and a key of another type too, before WRONGTYPE
            {"XRANGE", "str", "-", "+"}, {"XREVRANGE", "str", "+", "-"}, {"XRANGE", "str", "abc", "+"},
            {"XRANGE", "str", "-", "+", "COUNT", "abc"}, {"XRANGE", "str", "-", "+", "COUNT", "0"},
        };
        for (int protocol = 2; protocol <= 3; protocol++) {
            if (protocol == 3) {
                d.resp3();
            }
            for (String[] command : commands) {
                d.same(command);
            }
        }
    }

    // ---------------------------------------------------------------- XDEL

    @Test
    void xdel() {
        for (String id : new String[] {"1-0", "1-1", "2-0", "3-0", "3-1", "3-2", "4-0", "5-0", "6-0"}) {
            d.same("XADD", "s", id, "f", id);
        }
        d.same("XDEL", "s", "3-1");
        d.same("XDEL", "s", "3-1");
        d.same("XDEL", "s", "9-0");
        d.same("XDEL", "s", "1-0", "1-0", "1-1", "1-0");
        // a sequence-less ID means sequence 0
        d.same("XDEL", "s", "3");
        // one invalid ID and nothing is deleted
        d.same("XDEL", "s", "2-0", "abc");
        d.same("XDEL", "s", "2-0", "18446744073709551616-0");
        for (String id : new String[] {"abc", "-", "+", "*", "5-*", "(5-0", "", "1-", "-1", "5-0-0", "5 "}) {
            d.same("XDEL", "s", id);
        }
        d.same("XLEN", "s");
        d.same("XRANGE", "s", "-", "+");
        // ranges skip the deleted entries
        d.same("XRANGE", "s", "3", "3");
        d.same("XRANGE", "s", "(1-1", "4");
        d.same("XRANGE", "s", "1", "3-1");
        d.same("XREVRANGE", "s", "+", "-", "COUNT", "2");
        d.same("XREVRANGE", "s", "3-2", "-", "COUNT", "2");
        d.same("XRANGE", "s", "-", "+", "COUNT", "1");
        d.same("XRANGE", "s", "(3-0", "(4-0");
        // deleting the top entry keeps its ID as the stream's last
        d.same("XDEL", "s", "6-0", "5-0");
        d.same("XADD", "s", "6-0", "f", "v");
        d.same("XADD", "s", "6-*", "f", "v");
        d.same("XADD", "s", "6", "f", "v");
        d.same("XLEN", "s");
        d.same("XDEL", "s", "2-0", "3-2", "4-0", "6-1", "7-0");
        d.same("XLEN", "s");
        d.same("EXISTS", "s");
        d.same("TYPE", "s");
        d.same("XRANGE", "s", "-", "+");
        d.same("XREVRANGE", "s", "+", "-");
        d.same("XRANGE", "s", "-", "+", "COUNT", "0");
        d.same("XADD", "s", "6-1", "f", "v");
        d.same("XADD", "s", "7", "f", "v");
        d.same("XRANGE", "s", "-", "+");

        // a missing key deletes nothing, and is not even checked for valid IDs
        d.same("XDEL", "missing", "1-0");
        d.same("XDEL", "missing", "abc");
        d.same("EXISTS", "missing");
        d.same("SET", "str", "x");
        d.same("XDEL", "str", "1-0");
        d.same("XDEL", "str", "abc");
        d.same("XDEL", "s");
        d.same("XDEL");
    }

    // ---------------------------------------------------------------- XTRIM

    @Test
    void xtrimExact() {
        fill("s", 10);
        d.same("XTRIM", "s", "MAXLEN", "8");
        d.same("XRANGE", "s", "-", "+");
        d.same("XTRIM", "s", "MAXLEN", "=", "6");
        d.same("XTRIM", "s", "MAXLEN", "6");
        d.same("XTRIM", "s", "MAXLEN", "9223372036854775807");
        d.same("XRANGE", "s", "-", "+");
        d.same("XTRIM", "s", "MINID", "6");
        d.same("XTRIM", "s", "MINID", "=", "7-0");
        d.same("XTRIM", "s", "MINID", "7");
        d.same("XTRIM", "s", "minid", "8-1");
        d.same("XTRIM", "s", "MINID", "0");
        d.same("XTRIM", "s", "MINID", "0-0");
        d.same("XRANGE", "s", "-", "+");
        d.same("XTRIM", "s", "maxlen", "1");
        d.same("XRANGE", "s", "-", "+");
        d.same("XTRIM", "s", "MAXLEN", "0");
        d.same("XTRIM", "s", "MAXLEN", "0");
        d.same("XLEN", "s");
        d.same("EXISTS", "s");
        d.same("XADD", "s", "10-0", "f", "v");
        d.same("XADD", "s", "10-*", "f", "v");

        // the length counts live entries only
        fill("d", 10);
        d.same("XDEL", "d", "2-0", "3-0", "9-0");
        d.same("XTRIM", "d", "MAXLEN", "5");
        d.same("XRANGE", "d", "-", "+");
        d.same("XTRIM", "d", "MINID", "8");
        d.same("XRANGE", "d", "-", "+");
        d.same("XTRIM", "d", "MINID", MAX + "-" + MAX);
        d.same("XLEN", "d");

        d.same("XTRIM", "missing", "MAXLEN", "1");
        d.same("XTRIM", "missing", "MINID", "1");
        d.same("XTRIM", "missing", "MAXLEN", "~", "1");
        d.same("EXISTS", "missing");
    }

    @Test
    void xtrimApproximate() {
        fill("s", 250);
        approximateTrim("s", "MAXLEN", "120", 0, "XTRIM", "s", "MAXLEN", "~", "120");
        approximateTrim("s", "MAXLEN", "2", 0, "XTRIM", "s", "MAXLEN", "~", "2");
        approximateTrim("s", "MAXLEN", "0", 0, "XTRIM", "s", "maxlen", "~", "0");

        fill("small", 10);
        approximateTrim("small", "MAXLEN", "2", 0, "XTRIM", "small", "MAXLEN", "~", "2");

        fill("m", 250);
        approximateTrim("m", "MINID", "201", 0, "XTRIM", "m", "MINID", "~", "201");
        approximateTrim("m", "MINID", "241-0", 0, "XTRIM", "m", "MINID", "~", "241-0");
        approximateTrim("m", "MINID", "251", 0, "XTRIM", "m", "MINID", "~", "251");

        // LIMIT caps the entries removed; LIMIT 0 means no cap
        fill("l", 250);
        approximateTrim("l", "MAXLEN", "0", 150, "XTRIM", "l", "MAXLEN", "~", "0", "LIMIT", "150");
        approximateTrim("l", "MAXLEN", "0", 99, "XTRIM", "l", "MAXLEN", "~", "0", "LIMIT", "99");
        approximateTrim("l", "MINID", "1000", 1, "XTRIM", "l", "MINID", "~", "1000", "LIMIT", "1");
        approximateTrim("l", "MAXLEN", "5", 0, "XTRIM", "l", "MAXLEN", "~", "5", "LIMIT", "0");
        fill("l2", 250);
        approximateTrim("l2", "MINID", "251", 0, "XTRIM", "l2", "MINID", "~", "251", "LIMIT", "0");
        // an approximate trim of an empty stream removes nothing
        fill("e", 3);
        d.same("XTRIM", "e", "MAXLEN", "0");
        d.same("XTRIM", "e", "MAXLEN", "~", "0");
        d.same("XTRIM", "e", "MAXLEN", "~", "1", "LIMIT", "5", "LIMIT", "6");
        d.same("XTRIM", "e", "LIMIT", "5", "MAXLEN", "~", "1");
        d.same("XTRIM", "e", "MINID", "~", "5", "LIMIT", "0");
    }

    @Test
    void xtrimErrors() {
        fill("s", 10);
        d.same("SET", "str", "x");
        String[][] commands = {
            {"XTRIM"}, {"XTRIM", "s"}, {"XTRIM", "s", "MAXLEN"}, {"XTRIM", "s", "MINID"}, {"XTRIM", "s", "FOO", "1"},
            {"XTRIM", "s", "MAXLEN", "1", "extra"}, {"XTRIM", "s", "MAXLEN", "-1"}, {"XTRIM", "s", "MAXLEN", "=", "-1"},
            {"XTRIM", "s", "MAXLEN", "~", "-1"}, {"XTRIM", "s", "MAXLEN", "abc"}, {"XTRIM", "s", "MAXLEN", "1.5"},
            {"XTRIM", "s", "MAXLEN", "18446744073709551616"}, {"XTRIM", "s", "MAXLEN", "="}, {"XTRIM", "s", "MAXLEN", "~"},
            {"XTRIM", "s", "MAXLEN", "1", "MINID", "2"}, {"XTRIM", "s", "MINID", "2", "MAXLEN", "1"},
            // a second MAXLEN is reported as if it were a MINID
            {"XTRIM", "s", "MAXLEN", "2", "MAXLEN", "3"}, {"XTRIM", "s", "MINID", "1", "MINID", "2"},
            {"XTRIM", "s", "MINID", "(5"}, {"XTRIM", "s", "MINID", "-"}, {"XTRIM", "s", "MINID", "+"},
            {"XTRIM", "s", "MINID", "5-*"}, {"XTRIM", "s", "MINID", "*"}, {"XTRIM", "s", "MINID", "abc"},
            {"XTRIM", "s", "MINID", "-1"}, {"XTRIM", "s", "MINID", "~"},
            {"XTRIM", "s", "MAXLEN", "2", "LIMIT", "1"}, {"XTRIM", "s", "MAXLEN", "=", "2", "LIMIT", "1"},
            {"XTRIM", "s", "MAXLEN", "=", "0", "LIMIT", "0"}, {"XTRIM", "s", "MINID", "5", "LIMIT", "1"},
            {"XTRIM", "s", "LIMIT", "5"}, {"XTRIM", "s", "MAXLEN", "~", "1", "LIMIT"},
            {"XTRIM", "s", "MAXLEN", "~", "1", "LIMIT", "-1"}, {"XTRIM", "s", "MAXLEN", "~", "1", "LIMIT", "1.5"},
            {"XTRIM", "s", "MAXLEN", "~", "1", "LIMIT", "9223372036854775808"},
            {"XTRIM", "s", "MAXLEN", "~", "1", "LIMIT", "1", "extra"}, {"XTRIM", "s", "NOMKSTREAM", "MAXLEN", "1"},
            {"XTRIM", "missing", "MAXLEN", "-1"}, {"XTRIM", "str", "MAXLEN", "-1"}, {"XTRIM", "str", "MAXLEN", "1"},
            {"XTRIM", "str", "MINID", "abc"},
        };
        for (String[] command : commands) {
            d.same(command);
        }
        d.same("XLEN", "s");
        d.same("XRANGE", "s", "-", "+");
    }

    // ---------------------------------------------------------------- random

    /** Stream keys of the random test; "str" holds a string. */
    private static final String[] RANDOM_KEYS = {"s1", "s2", "{s}3"};
    private static final String[] FIELDS = {"f", "g", "name", "", "n"};
    private static final String[] VALUES = {"v", "1", "-7", "", "x y", "\u0000\r\n", "9223372036854775808", "3.14", "007"};

    /**
     * Random XADD (increasing explicit IDs, now and then a stale one), XDEL, exact XTRIM,
     * XRANGE/XREVRANGE with random bounds and COUNT, and XLEN over three stream keys, every reply
     * compared with redis-server's. The seed is printed; rerun a failure with
     * {@code -Drunnel.seed=<seed>}, search longer with {@code -Drunnel.commands=<n>}.
     */
    @Test
    void randomStreamCommandsReplyAsRedis() {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        RandomStreams streams = new RandomStreams(new SplittableRandom(seed));
        int commands = Integer.getInteger("runnel.commands", 4000);
        Deque<String> history = new ArrayDeque<>();
        d.same("SET", "str", "x");
        for (int i = 0; i < commands; i++) {
            if (i == commands / 2) {
                d.resp3();
                history.addLast("HELLO 3");
            }
            String[] command = streams.next();
            history.addLast(describe(command));
            if (history.size() > 30) {
                history.removeFirst();
            }
            try {
                String reply = d.same(command);
                streams.observe(command, reply);
            } catch (AssertionError e) {
                throw new AssertionError("seed=" + seed + ", command #" + i + "; recent commands:\n  "
                        + String.join("\n  ", history) + "\n" + e.getMessage(), e);
            }
        }
        for (String key : RANDOM_KEYS) {
            d.same("XLEN", key);
            d.same("XRANGE", key, "-", "+");
        }
    }

    /** Generates the random commands, tracking each key's last ID and IDs it has held. */
    private static final class RandomStreams {

        private final SplittableRandom random;
        private final Map<String, long[]> last = new HashMap<>();
        private final Map<String, List<long[]>> seen = new HashMap<>();

        RandomStreams(SplittableRandom random) {
            this.random = random;
            for (String key : RANDOM_KEYS) {
                last.put(key, new long[] {0, 0});
                seen.put(key, new ArrayList<>());
            }
        }

        String[] next() {
            String key = RANDOM_KEYS[random.nextInt(RANDOM_KEYS.length)];
            int choice = random.nextInt(1000);
            if (choice < 450) {
                return xadd(key);
            } else if (choice < 530) {
                return xdel(key);
            } else if (choice < 590) {
                return xtrim(key);
            } else if (choice < 780) {
                return range("XRANGE", key);
            } else if (choice < 930) {
                return range("XREVRANGE", key);
            } else if (choice < 970) {
                return new String[] {"XLEN", key};
            } else if (choice < 973) {
                return new String[] {"DEL", key};
            } else if (choice < 985) {
                return new String[] {pick("XLEN", "XRANGE", "XDEL", "XTRIM"), "str", "-", "+"};
            } else {
                return new String[] {pick("EXISTS", "TYPE"), key};
            }
        }

        /** Follows Redis's (equal) reply to keep each key's last ID. */
        void observe(String[] command, String reply) {
            String key = command.length > 1 ? command[1] : "";
            if (command[0].equals("XADD") && reply.startsWith("$") && !reply.startsWith("$-1")) {
                String id = reply.substring(reply.indexOf('\n') + 1, reply.length() - 2);
                long[] parsed = parseId(id);
                last.put(key, parsed);
                List<long[]> ids = seen.get(key);
                if (ids.size() >= 300) {
                    ids.remove(0);
                }
                ids.add(parsed);
            } else if (command[0].equals("DEL") && last.containsKey(key)) {
                last.put(key, new long[] {0, 0});
            }
        }

        private String[] xadd(String key) {
            List<String> words = new ArrayList<>(List.of("XADD", key));
            if (random.nextInt(10) == 0) {
                words.add("NOMKSTREAM");
            }
            int trim = random.nextInt(20);
            if (trim == 0) {
                words.addAll(List.of("MAXLEN", maxlen()));
            } else if (trim == 1) {
                words.addAll(List.of("MAXLEN", "=", maxlen()));
            } else if (trim == 2) {
                words.addAll(List.of("MINID", olderId(key)));
            }
            words.add(newId(key));
            int pairs = 1 + random.nextInt(3);
            for (int i = 0; i < pairs; i++) {
                words.add(FIELDS[random.nextInt(FIELDS.length)]);
                words.add(VALUES[random.nextInt(VALUES.length)]);
            }
            if (random.nextInt(50) == 0) {
                words.add("dangling");
            }
            return words.toArray(new String[0]);
        }

        /** Mostly a valid next ID in one of its spellings; now and then one at or below the top. */
        private String newId(String key) {
            long[] top = last.get(key);
            int kind = random.nextInt(100);
            if (kind < 10) {
                return kind < 5 ? existingOrNearId(key) : top[0] + "-" + top[1];
            } else if (kind < 12) {
                return pick("0-0", "0-*", "abc", "0");
            }
            long ms = top[0] + random.nextInt(4);
            if (ms == top[0] && random.nextBoolean()) {
                return ms + "-*";
            }
            if (ms > top[0] && random.nextInt(4) == 0) {
                return Long.toString(ms);
            }
            long seq = ms == top[0] ? top[1] + 1 + random.nextInt(3) : random.nextInt(4);
            return ms + "-" + seq;
        }

        private String[] xdel(String key) {
            List<String> words = new ArrayList<>(List.of("XDEL", key));
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                words.add(random.nextInt(30) == 0 ? pick("abc", "5-*", "-") : existingOrNearId(key));
            }
            return words.toArray(new String[0]);
        }

        private String[] xtrim(String key) {
            List<String> words = new ArrayList<>(List.of("XTRIM", key));
            if (random.nextBoolean()) {
                words.add("MAXLEN");
                if (random.nextBoolean()) {
                    words.add("=");
                }
                words.add(maxlen());
            } else {
                words.add("MINID");
                if (random.nextBoolean()) {
                    words.add("=");
                }
                words.add(olderId(key));
            }
            if (random.nextInt(30) == 0) {
                words.addAll(List.of("LIMIT", "10"));
            }
            return words.toArray(new String[0]);
        }

        /**
         * XRANGE or XREVRANGE over two IDs the key holds or held (or near them), mostly given in
         * the order that selects what lies between them, in any of the bound spellings.
         */
        private String[] range(String name, String key) {
            long[] a = someId(key);
            long[] b = someId(key);
            if (compareIds(a, b) > 0) {
                long[] swap = a;
                a = b;
                b = swap;
            }
            String low = random.nextInt(8) == 0 ? "-" : bound(a, false);
            String high = random.nextInt(8) == 0 ? "+" : bound(b, true);
            if (random.nextInt(10) == 0) {
                String swap = low;
                low = high;
                high = swap;
            } else if (random.nextInt(20) == 0) {
                low = pick("-", "+", "0", "0-0", "(0", MAX, "(" + MAX, MAX + "-" + MAX, "(" + MAX + "-" + MAX);
            }
            List<String> words = new ArrayList<>(List.of(name, key));
            words.addAll(name.equals("XRANGE") ? List.of(low, high) : List.of(high, low));
            if (random.nextInt(3) == 0) {
                words.addAll(List.of("COUNT", pick("0", "1", "2", "3", "10", "-1", "100")));
            }
            return words.toArray(new String[0]);
        }

        /** A bound at or near an ID: exact, its millisecond alone, exclusive, one sequence further. */
        private String bound(long[] id, boolean high) {
            return switch (random.nextInt(6)) {
                case 0 -> Long.toString(id[0]);
                case 1 -> "(" + id[0] + "-" + id[1];
                case 2 -> "(" + id[0];
                case 3 -> id[0] + "-" + (high ? id[1] + 1 : Math.max(0, id[1] - 1));
                default -> id[0] + "-" + id[1];
            };
        }

        /** An ID the key holds or once held, or one close to it. */
        private String existingOrNearId(String key) {
            long[] id = someId(key);
            return switch (random.nextInt(4)) {
                case 0 -> id[0] + "-" + (id[1] + 1);
                case 1 -> Long.toString(id[0]);
                default -> id[0] + "-" + id[1];
            };
        }

        /** A length to trim to: mostly some tens, now and then none at all. */
        private String maxlen() {
            return Integer.toString(random.nextInt(10) == 0 ? random.nextInt(3) : 10 + random.nextInt(50));
        }

        /** For MINID: an ID a few tens of additions old, so that a trim removes some entries and keeps others. */
        private String olderId(String key) {
            List<long[]> ids = seen.get(key);
            if (ids.isEmpty()) {
                return existingOrNearId(key);
            }
            long[] id = ids.get(Math.max(0, ids.size() - 1 - random.nextInt(80)));
            return random.nextBoolean() ? id[0] + "-" + id[1] : Long.toString(id[0]);
        }

        /** Mostly one of the key's 20 latest IDs, likely still in the stream. */
        private long[] someId(String key) {
            List<long[]> ids = seen.get(key);
            if (ids.isEmpty()) {
                return new long[] {random.nextInt(5), random.nextInt(3)};
            }
            int from = random.nextInt(5) == 0 ? 0 : Math.max(0, ids.size() - 20);
            return ids.get(from + random.nextInt(ids.size() - from));
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Adds entries 1-0 .. n-0 (field f, value the number) to key on both servers; returns their IDs. */
    private List<String> fill(String key, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            d.same("XADD", key, i + "-0", "f", Integer.toString(i));
            ids.add(i + "-0");
        }
        return ids;
    }

    /**
     * Sends an XADD or XTRIM with an approximate (~) trim to both servers and checks what each
     * kept: the newest of the entries it held (plus the one XADD added), in order; at least those
     * the threshold asks for ({@code strategy} MAXLEN or MINID, {@code threshold} its argument);
     * no more than {@link #NODE_SLACK} beyond them, or with a {@code limit} above 0, no fewer than
     * all but {@code limit}. XADD's reply must be the same; XTRIM's, the number each removed.
     */
    private void approximateTrim(String key, String strategy, String threshold, long limit, String... command) {
        String[] servers = {"redis", "runnel"};
        RawClient[] clients = {d.redis(), d.runnel()};
        List<List<String>> before = List.of(idsOf(clients[0], key), idsOf(clients[1], key));
        byte[][] replies = d.both(command);
        boolean xadd = command[0].equals("XADD");
        String describe = describe(command);
        if (xadd) {
            assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]), "reply to " + describe);
            Matcher m = BULK_ID.matcher(new String(replies[0], StandardCharsets.UTF_8));
            assertTrue(m.matches(), () -> "reply to " + describe + ": " + Differential.printable(replies[0]));
            for (List<String> ids : before) {
                ids.add(m.group(2));
            }
        }
        for (int i = 0; i < 2; i++) {
            List<String> held = before.get(i);
            List<String> kept = idsOf(clients[i], key);
            int size = held.size();
            int n = kept.size();
            int required;
            if (strategy.equals("MAXLEN")) {
                required = (int) Math.min(size, Long.parseLong(threshold));
            } else {
                long[] minId = parseId(threshold.contains("-") ? threshold : threshold + "-0");
                required = (int) held.stream().filter(id -> compareIds(parseId(id), minId) >= 0).count();
            }
            int atLeast = limit > 0 ? (int) Math.max(required, size - limit) : required;
            int atMost = limit > 0 ? size : Math.min(size, required + NODE_SLACK);
            String server = servers[i];
            assertTrue(n >= atLeast && n <= atMost, () -> server + " kept " + n + " of " + size + " entries after "
                    + describe + ", expected " + atLeast + ".." + atMost);
            assertEquals(held.subList(size - n, size), kept, server + ": entries kept after " + describe);
            assertEquals(":" + n + "\r\n", call(clients[i], "XLEN", key), server + ": XLEN " + key);
            if (!xadd) {
                assertEquals(":" + (size - n) + "\r\n", new String(replies[i], StandardCharsets.UTF_8),
                        server + ": reply to " + describe);
            }
        }
    }

    private static int compareIds(long[] a, long[] b) {
        int ms = Long.compareUnsigned(a[0], b[0]);
        return ms != 0 ? ms : Long.compareUnsigned(a[1], b[1]);
    }

    /** Sends an XADD with a "*" ID to both servers; checks each reply is an ID from about now and returns {redis, runnel} as {ms, seq}. */
    private long[][] generatedIds(String... command) {
        long before = System.currentTimeMillis();
        String[] replies = d.replies(command);
        long after = System.currentTimeMillis();
        long[][] ids = new long[2][];
        String[] servers = {"redis", "runnel"};
        for (int i = 0; i < 2; i++) {
            Matcher m = BULK_ID.matcher(replies[i]);
            assertTrue(m.matches(), servers[i] + ": reply to XADD * was " + Differential.printable(
                    replies[i].getBytes(StandardCharsets.UTF_8)));
            assertEquals(m.group(2).length(), Integer.parseInt(m.group(1)), servers[i] + ": bulk length");
            long ms = Long.parseLong(m.group(3));
            assertTrue(ms >= before - CLOCK_TOLERANCE_MS && ms <= after + CLOCK_TOLERANCE_MS,
                    servers[i] + ": generated milliseconds " + ms + " far from now (" + before + ")");
            ids[i] = new long[] {ms, Long.parseLong(m.group(4))};
        }
        return ids;
    }

    private static void assertIncreasing(String server, List<long[]> ids) {
        for (int i = 1; i < ids.size(); i++) {
            long[] a = ids.get(i - 1);
            long[] b = ids.get(i);
            assertTrue(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]),
                    server + ": generated IDs not increasing: " + format(List.of(a, b)));
        }
    }

    private static List<String> format(List<long[]> ids) {
        List<String> out = new ArrayList<>();
        for (long[] id : ids) {
            out.add(id[0] + "-" + id[1]);
        }
        return out;
    }

    private static long[] parseId(String id) {
        int dash = id.indexOf('-');
        return new long[] {Long.parseUnsignedLong(id.substring(0, dash)), Long.parseUnsignedLong(id.substring(dash + 1))};
    }

    /** The IDs one server's XRANGE key - + returns. */
    private static List<String> idsOf(RawClient client, String key) {
        Resp.Node reply;
        try {
            reply = Resp.parse(client.call("XRANGE", key, "-", "+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(reply.isAggregate(), () -> "XRANGE " + key + " - + replied " + reply.printable());
        List<String> ids = new ArrayList<>();
        for (Resp.Node entry : reply.elements()) {
            ids.add(entry.get(0).text());
        }
        return ids;
    }

    private static String call(RawClient client, String... command) {
        try {
            return client.callText(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(String[] command) {
        List<String> words = new ArrayList<>();
        for (String word : command) {
            words.add(word.isEmpty() ? "\"\"" : Differential.printable(bytes(word)));
        }
        return String.join(" ", words);
    }
}
