package io.runnel.protocol;

import static io.runnel.protocol.Feed.bytes;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** sdssplitargs rules; expectations were checked against redis-server 7.0 through inline ECHO. */
class InlineSplitterTest {

    private static List<String> split(String latin1) {
        byte[] b = bytes(latin1);
        byte[][] args = InlineSplitter.split(b, 0, b.length);
        assertNotNull(args, "unexpectedly unbalanced: " + latin1);
        List<String> out = new ArrayList<>();
        for (byte[] arg : args) {
            out.add(new String(arg, ISO_8859_1));
        }
        return out;
    }

    @Test
    void whitespaceSeparates() {
        assertEquals(List.of("a", "b", "c"), split("a b\tc"));
        assertEquals(List.of("a", "b"), split(" \t\r\n\u000b\f a \u000b\f b \t"));
        assertEquals(List.of(), split(""));
        assertEquals(List.of(), split("   \t "));
        // \v and \f only separate between arguments, not inside a bare word
        assertEquals(List.of("a\u000bb", "c\fd"), split("a\u000bb c\fd"));
    }

    @Test
    void doubleQuotes() {
        assertEquals(List.of("hello world"), split("\"hello world\""));
        assertEquals(List.of(""), split("\"\""));
        assertEquals(List.of("a", "", "b"), split("a \"\" b"));
        assertEquals(List.of("it's"), split("\"it's\""));
        assertEquals(List.of("xy"), split("x'y'"));
    }

    @Test
    void doubleQuoteEscapes() {
        assertEquals(List.of("\n\r\t\b\u0007"), split("\"\\n\\r\\t\\b\\a\""));
        assertEquals(List.of("\\\"q'"), split("\"\\\\\\\"\\q\\'\""));
        assertEquals(List.of("A\u00ff\u0000z"), split("\"\\x41\\xff\\x00\\x7A\""));
        assertEquals(List.of("AB"), split("\"\\x41B\""));
        assertEquals(List.of("xg1"), split("\"\\xg1\""), "\\x without two hex digits is an ordinary escape");
        assertEquals(List.of("x4g"), split("\"\\x4g\""));
        assertEquals(List.of("x"), split("\"\\x\""));
    }

    @Test
    void singleQuotes() {
        assertEquals(List.of("a b"), split("'a b'"));
        assertEquals(List.of("it's"), split("'it\\'s'"));
        assertEquals(List.of("a\\nb"), split("'a\\nb'"), "no escapes but \\' in single quotes");
        assertEquals(List.of("\\x41"), split("'\\x41'"));
        assertEquals(List.of("say \"hi\""), split("'say \"hi\"'"));
    }

    @Test
    void quotesMayStartInsideAWord() {
        assertEquals(List.of("abcd"), split("ab\"cd\""));
        assertEquals(List.of("ab c"), split("a\"b c\""));
        assertEquals(List.of("ab c"), split("a'b c'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc", "'abc", "\"a\"b", "'a'b", "''x", "\"a\\\"", "\"a\\", "'a\\'", "a \"b", "\""})
    void unbalanced(String line) {
        byte[] b = bytes(line);
        assertNull(InlineSplitter.split(b, 0, b.length), line);
    }

    @Test
    void honoursTheRange() {
        byte[] b = bytes("xx\"a b\" c'yy");
        byte[][] args = InlineSplitter.split(b, 2, 9);
        assertNotNull(args);
        assertEquals(2, args.length);
        assertEquals("a b", new String(args[0], ISO_8859_1));
        assertEquals("c", new String(args[1], ISO_8859_1));
        // the quote at index 9 lies outside the range; a quote closing at the range end is fine
        byte[][] quoted = InlineSplitter.split(b, 2, 7);
        assertNotNull(quoted);
        assertEquals("a b", new String(quoted[0], ISO_8859_1));
        // what follows a closing quote is only looked at inside the range
        byte[] closed = bytes("\"a\"b'c'd");
        byte[][] first = InlineSplitter.split(closed, 0, 3);
        assertNotNull(first);
        assertEquals("a", new String(first[0], ISO_8859_1));
        byte[][] second = InlineSplitter.split(closed, 3, 7);
        assertNotNull(second);
        assertEquals("bc", new String(second[0], ISO_8859_1));
        assertNull(InlineSplitter.split(closed, 0, 4));
        assertNull(InlineSplitter.split(closed, 3, 8));
    }
}
