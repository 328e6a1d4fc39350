package io.runnel.broker.commands;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key commands against redis-server, reply for reply. Keys "a", "b", "c", "{x}1" and "{y}2"
 * hash to different entities, so multi-key commands over them take the exclusive path.
 */
class KeyCommandsDifferentialTest extends DifferentialCase {

    @AfterEach
    void backToDatabaseZero() {
        d.both("SELECT", "0");
    }

    @Test
    void delUnlinkExistsTouchType() {
        d.same("MSET", "a", "1", "b", "2", "c", "3", "{x}1", "4", "{y}2", "5");
        d.same("EXISTS", "a", "a", "a", "missing", "{x}1", "b");
        d.same("TOUCH", "a", "b", "missing", "b");
        d.same("TYPE", "a");
        d.same("TYPE", "missing");
        d.same("DEL", "a", "b", "missing", "a");
        d.same("DEL", "a");
        d.same("EXISTS", "a", "b", "c");
        d.same("UNLINK", "c", "{x}1", "c");
        d.same("UNLINK", "c");
        d.same("EXISTS", "c", "{x}1", "{y}2");
        d.same("DEL");
        d.same("EXISTS");
        d.same("TOUCH");
        d.same("TYPE");
        d.same("TYPE", "a", "b");
    }

    @Test
    void keysGlobPatterns() {
        d.same("MSET", "hello", "1", "hallo", "2", "hxllo", "3", "hllo", "4", "heeeello", "5", "h*llo", "6", "h?llo", "7",
                "h[a]llo", "8", "h\\llo", "9", "a-b", "10", "^x", "11", "]", "12", "abc", "13", "ABC", "14", "", "15",
                "x", "16", "{x}1", "17", "{y}2", "18");
        String[] patterns = {"*", "**", "?", "", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h[b-a]llo",
                "h\\*llo", "h\\?llo", "h\\[a\\]llo", "h\\\\llo", "h[\\]]llo", "[^a]*", "[]]", "[]", "[", "[a", "[a-",
                "abc\\", "[\\", "h[a-]llo", "[-a]*", "[^]x", "[!a]*", "h[^]llo", "a[--]b", "*[A-Z]*", "\\", "x\\", "*\\",
                "{x}*", "\\{*", "*}?", "h*l*o", "*l", "h**llo", "??llo", "[hx]*", "[^hx]"};
        for (String pattern : patterns) {
            d.sameUnordered("KEYS", pattern);
        }
        d.same("KEYS");
        d.same("KEYS", "a", "b");
    }

    @Test
    void scanVisitsEveryKey() {
        d.sameScan();
        d.same("SCAN", "0");
        for (int i = 0; i < 300; i++) {
            d.same("SET", "key:" + i, Integer.toString(i));
        }
        d.same("MSET", "a", "1", "b", "2", "c", "3", "{x}1", "4", "{y}2", "5");
        Set<String> all = d.sameScan();
        assertEquals(305, all.size());
        d.sameScan("COUNT", "1");
        d.sameScan("COUNT", "1000");
        d.sameScan("COUNT", "9223372036854775807");
        d.sameScan("MATCH", "key:1*");
        d.sameScan("MATCH", "key:[12]?", "COUNT", "7");
        d.sameScan("MATCH", "nothing*");
        d.sameScan("TYPE", "string");
        d.sameScan("TYPE", "STRING", "MATCH", "*5");
        d.sameScan("TYPE", "list");
        d.sameScan("TYPE", "nosuchtype");
        d.sameScan("MATCH", "*", "COUNT", "3", "TYPE", "string");
        d.sameScan("MATCH", "a", "MATCH", "b");
        d.same("SELECT", "1");
        d.sameScan();
        d.same("SET", "only", "1");
        assertEquals(Set.of("only"), d.sameScan());
    }

    @Test
    void scanErrors() {
        d.same("SET", "k", "v");
        String[][] commands = {{"SCAN", "0", "COUNT", "0"}, {"SCAN", "0", "COUNT", "-1"}, {"SCAN", "0", "COUNT", "abc"},
                {"SCAN", "0", "COUNT", "1.5"}, {"SCAN", "0", "COUNT"}, {"SCAN", "0", "MATCH"}, {"SCAN", "0", "TYPE"},
                {"SCAN", "0", "FOO", "bar"}, {"SCAN", "0", "FOO"}, {"SCAN", "abc"}, {"SCAN", "1.5"}, {"SCAN", "0x10"},
                {"SCAN", " 0"}, {"SCAN", "0 "}, {"SCAN", "\t1"}, {"SCAN", "-"}, {"SCAN", "+"},
                {"SCAN", "18446744073709551616"}, {"SCAN", "-18446744073709551616"}, {"SCAN", "99999999999999999999"},
                {"SCAN"}, {"SCAN", "abc", "COUNT", "0"}, {"SCAN", "0", "COUNT", "0", "FOO"}};
        for (String[] command : commands) {
            d.same(command);
        }
    }

    @Test
    void scanAcceptsCursorsAsStrtoulReadsThem() {
        // an empty keyspace answers cursor 0 whatever cursor is given
        for (String cursor : new String[] {"0", "", "-0", "+0", "00", "1", "-1", "18446744073709551615",
                "-18446744073709551615", "12345"}) {
            d.same("SCAN", cursor);
            d.same("SCAN", cursor, "COUNT", "100", "MATCH", "*");
        }
        d.same("SET", "k", "v");
        for (String cursor : new String[] {"", "-0", "+0", "00"}) {
            assertEquals(Set.of("k"), Set.copyOf(scanKeysOnce(cursor)));
        }
    }

    /** The keys one SCAN call with a large COUNT returns from Runnel and Redis (which must agree). */
    private java.util.List<String> scanKeysOnce(String cursor) {
        String[] replies = d.replies("SCAN", cursor, "COUNT", "1000");
        for (String reply : replies) {
            assertTrue(reply.startsWith("*2\r\n"), reply);
        }
        // walk Runnel's iteration to the end; Redis answers in one call for so small a keyspace
        java.util.List<String> keys = new java.util.ArrayList<>();
        String reply = replies[1];
        while (true) {
            String[] lines = reply.split("\r\n");
            for (int i = 5; i < lines.length; i += 2) {
                keys.add(lines[i]);
            }
            if (lines[2].equals("0")) {
                break;
            }
            try {
                reply = d.runnel().callText("SCAN", lines[2], "COUNT", "1000");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertTrue(replies[0].endsWith("$1\r\nk\r\n"), replies[0]);
        return keys;
    }

    @Test
    void randomkey() {
        d.same("RANDOMKEY");
        d.same("SET", "only", "1");
        d.same("RANDOMKEY");
        d.same("MSET", "a", "1", "b", "2", "c", "3", "{x}1", "4", "{y}2", "5");
        Set<String> keys = Set.of("only", "a", "b", "c", "{x}1", "{y}2");
        for (int i = 0; i < 20; i++) {
            String[] replies = d.replies("RANDOMKEY");
            for (String reply : replies) {
                String[] lines = reply.split("\r\n");
                assertTrue(keys.contains(lines[1]), reply);
            }
        }
        d.same("RANDOMKEY", "extra");
        d.same("SELECT", "1");
        d.same("RANDOMKEY");
    }

    @Test
    void randomkeyGoesPastAnyNumberOfExpiredKeys() throws Exception {
        // Redis must not expire them in the background: only RANDOMKEY's own lookups may
        d.redis().call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        try {
            for (int i = 0; i < 300; i++) {
                d.same("SET", "gone:" + i, "v", "PX", "1");
            }
            d.same("SET", "live", "v");
            Thread.sleep(50);
            d.same("RANDOMKEY");
            d.same("DEL", "live");
            for (int i = 0; i < 50; i++) {
                d.same("SET", "gone:" + i, "v", "PX", "1");
            }
            Thread.sleep(50);
            d.same("RANDOMKEY");
            d.same("DBSIZE");
        } finally {
            d.redis().call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        }
    }

    @Test
    void renameAndRenamenx() {
        d.same("RENAME", "missing", "x");
        d.same("RENAMENX", "missing", "x");
        d.same("MSET", "a", "1", "b", "2", "{x}1", "3");
        d.same("RENAME", "a", "a");
        d.same("RENAMENX", "a", "a");
        d.same("RENAME", "a", "{y}2");
        d.same("MGET", "a", "{y}2");
        d.same("RENAME", "{y}2", "b");
        d.same("MGET", "{y}2", "b");
        d.same("RENAMENX", "b", "{x}1");
        d.same("RENAMENX", "b", "c");
        d.same("MGET", "b", "c", "{x}1");
        d.same("SET", "t", "v", "EX", "1000");
        d.same("RENAME", "t", "u");
        d.sameWithin(1, "TTL", "u");
        d.same("SET", "p", "v");
        d.same("RENAME", "p", "u");
        d.same("TTL", "u");
        d.same("SET", "t", "v", "PXAT", "99999999999123");
        d.same("RENAMENX", "t", "{x}9");
        d.same("PEXPIRETIME", "{x}9");
        d.same("SET", "n", "123");
        d.same("RENAME", "n", "m");
        d.same("OBJECT", "ENCODING", "m");
        d.same("RENAME", "a");
        d.same("RENAME", "a", "b", "c");
    }

    @Test
    void copy() {
        d.same("COPY", "missing", "x");
        d.same("COPY", "missing", "missing");
        d.same("COPY", "missing", "missing", "DB", "1");
        d.same("SET", "t", "v", "PXAT", "99999999999123");
        d.same("COPY", "t", "{x}1");
        d.same("PEXPIRETIME", "{x}1");
        d.same("COPY", "t", "{x}1");
        d.same("SET", "t", "w");
        d.same("COPY", "t", "{x}1", "REPLACE");
        d.same("GET", "{x}1");
        d.same("PEXPIRETIME", "{x}1");
        d.same("COPY", "t", "t");
        d.same("COPY", "t", "t", "DB", "0");
        d.same("COPY", "t", "t", "DB", "1");
        d.same("COPY", "t", "t", "DB", "1");
        d.same("COPY", "t", "t", "DB", "1", "REPLACE");
        d.same("COPY", "t", "c", "DB", "16");
        d.same("COPY", "t", "c", "DB", "-1");
        d.same("COPY", "t", "c", "DB", "abc");
        d.same("COPY", "t", "c", "DB");
        d.same("COPY", "t", "c", "FOO");
        d.same("COPY", "t", "c", "REPLACE", "REPLACE");
        d.same("COPY", "t", "c", "DB", "2", "DB", "3");
        d.same("COPY", "t", "c", "db", "2", "replace");
        d.same("SELECT", "3");
        d.same("GET", "c");
        d.same("GET", "t");
        d.same("SELECT", "1");
        d.same("GET", "t");
        d.same("SELECT", "0");
        d.same("SET", "n", "5");
        d.same("COPY", "n", "m");
        d.same("OBJECT", "ENCODING", "m");
        d.same("OBJECT", "REFCOUNT", "m");
        d.same("SET", "e", "abc");
        d.same("COPY", "e", "f");
        d.same("APPEND", "f", "d");
        d.same("MGET", "e", "f");
        d.same("OBJECT", "ENCODING", "e");
        d.same("COPY", "t");
    }

    @Test
    void move() {
        d.same("SET", "t", "v", "PXAT", "99999999999123");
        d.same("MOVE", "t", "1");
        d.same("EXISTS", "t");
        d.same("MOVE", "t", "1");
        d.same("MOVE", "missing", "1");
        d.same("MOVE", "missing", "0");
        d.same("MOVE", "missing", "99");
        d.same("MOVE", "missing", "abc");
        d.same("SELECT", "1");
        d.same("PEXPIRETIME", "t");
        d.same("MOVE", "t", "0");
        d.same("MOVE", "t", "1");
        d.same("MOVE", "t", "16");
        d.same("MOVE", "t", "-1");
        d.same("MOVE", "t", "abc");
        d.same("SET", "u", "1");
        d.same("MOVE", "u", "0");
        d.same("SET", "u", "2");
        d.same("MOVE", "u", "0");
        d.same("GET", "u");
        d.same("SELECT", "0");
        d.same("GET", "u");
        d.same("MOVE", "t");
    }

    @Test
    void expireFamily() {
        for (String command : new String[] {"EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"}) {
            d.same(command, "missing", "100");
            d.same(command, "missing", "abc");
            d.same(command, "missing", "100", "FOO");
            d.same(command, "missing", "100", "NX", "XX");
            d.same("SET", "e", "v");
            d.same(command, "e", "abc");
            d.same(command, "e", "1.5");
            d.same(command, "e", "");
            d.same(command, "e", "9223372036854775807");
            d.same(command, "e", "9223372036854775806");
            d.same(command, "e", "-9223372036854775808");
            d.same(command, "e", "9223372036854775");
            d.same(command, "e", "9223372036854776");
            d.same(command, "e", "-9223372036854776");
            d.same(command, "e", "10", "NX", "XX");
            d.same(command, "e", "10", "GT", "LT");
            d.same(command, "e", "10", "NX", "GT");
            d.same(command, "e", "10", "NX", "LT");
            d.same(command, "e", "10", "XX", "GT");
            d.same(command, "e", "10", "FOO");
            d.same(command, "e", "10", "NX", "FOO");
            d.same(command, "e", "abc", "NX", "XX");
            d.same(command, "e", "abc", "FOO");
            d.same(command, "e");
            d.sameWithin(1, "TTL", "e");
        }
        d.same("DEL", "e");
    }

    @Test
    void expireConditions() {
        d.same("SET", "e", "v");
        d.same("PEXPIREAT", "e", "99999999999000", "XX");
        d.same("PEXPIREAT", "e", "99999999999000", "GT");
        d.same("PEXPIREAT", "e", "99999999999000", "LT");
        d.same("PEXPIRETIME", "e");
        d.same("PEXPIREAT", "e", "99999999999000", "NX");
        d.same("PEXPIREAT", "e", "99999999998000", "NX");
        d.same("PEXPIREAT", "e", "99999999997000", "XX");
        d.same("PEXPIREAT", "e", "99999999998000", "GT");
        d.same("PEXPIREAT", "e", "99999999998000", "GT");
        d.same("PEXPIREAT", "e", "99999999996000", "GT");
        d.same("PEXPIREAT", "e", "99999999999000", "LT");
        d.same("PEXPIREAT", "e", "99999999995000", "LT", "XX");
        d.same("PEXPIREAT", "e", "99999999995000", "lt");
        d.same("PEXPIRETIME", "e");
        d.same("EXPIRETIME", "e");
        d.same("EXPIREAT", "e", "99999999990", "gt", "xx");
        d.same("EXPIREAT", "e", "99999999990", "LT", "LT");
        d.same("EXPIRETIME", "e");
        d.same("PERSIST", "e");
        d.same("PERSIST", "e");
        d.same("PERSIST", "missing");
        d.same("EXPIRETIME", "e");
        d.same("EXPIRE", "e", "1000", "LT");
        d.sameWithin(1, "TTL", "e");
        d.same("PERSIST", "e");
        d.same("EXPIRE", "e", "1000", "GT");
        d.same("TTL", "e");
        d.same("PEXPIRE", "e", "1000000", "NX");
        d.sameWithin(1000, "PTTL", "e");
        d.sameWithin(1, "TTL", "e");
        d.same("EXPIRE", "e", "2000", "GT");
        d.sameWithin(1, "TTL", "e");
        d.same("EXPIRE", "e", "3000", "LT");
        d.same("EXPIRE", "e", "3000", "XX");
        d.sameWithin(1, "TTL", "e");
        // a time at or before now deletes the key
        d.same("EXPIRE", "e", "0");
        d.same("EXISTS", "e");
        d.same("SET", "e", "v");
        d.same("EXPIRE", "e", "-1");
        d.same("EXISTS", "e");
        d.same("SET", "e", "v");
        d.same("PEXPIREAT", "e", "1");
        d.same("EXISTS", "e");
        d.same("SET", "e", "v");
        d.same("EXPIREAT", "e", "0", "NX");
        d.same("GET", "e");
        d.same("SET", "e", "v", "EX", "1000");
        d.same("EXPIRE", "e", "-5", "LT");
        d.same("EXISTS", "e");
        d.same("SET", "e", "v", "EX", "1000");
        d.same("EXPIRE", "e", "-5", "GT");
        d.same("EXISTS", "e");
    }

    @Test
    void ttlAndExpiretime() {
        for (String command : new String[] {"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"}) {
            d.same(command, "missing");
            d.same("SET", "k", "v");
            d.same(command, "k");
            d.same("EXPIREAT", "k", "99999999999");
            d.same(command.contains("EXPIRETIME") ? new String[] {command, "k"} : new String[] {"EXISTS", "k"});
            d.same(command);
            d.same(command, "k", "k");
        }
        d.same("PEXPIREAT", "k", "99999999999999");
        d.same("EXPIRETIME", "k");
        d.same("PEXPIREAT", "k", "99999999999499");
        d.same("EXPIRETIME", "k");
        d.same("PEXPIREAT", "k", "99999999999500");
        d.same("EXPIRETIME", "k");
        for (String at : new String[] {"9223372036854775807", "9223372036854775499", "9223372036854775500"}) {
            d.same("PEXPIREAT", "k", at);
            d.same("EXPIRETIME", "k");
            d.same("PEXPIRETIME", "k");
            d.same("GETEX", "k", "PXAT", at);
            d.same("EXPIRETIME", "k");
        }
        d.same("PEXPIRE", "k", "1000000");
        d.sameWithin(1, "TTL", "k");
        d.sameWithin(1000, "PTTL", "k");
    }

    @Test
    void expiredKeysAreAbsentEverywhere() throws InterruptedException {
        String[] keys = {"a", "b", "c", "{x}1", "{y}2", "n", "f", "g", "h", "s", "r"};
        for (String key : keys) {
            d.same("SET", key, key.equals("n") ? "5" : "value", "PX", "1");
        }
        d.same("SET", "live", "v");
        // every key above expires within a millisecond; waiting far longer makes it certain
        Thread.sleep(50);
        d.same("GET", "a");
        d.same("EXISTS", "a", "b", "{x}1");
        d.same("TYPE", "a");
        d.same("TTL", "a");
        d.same("PTTL", "a");
        d.same("EXPIRETIME", "a");
        d.same("OBJECT", "ENCODING", "a");
        d.same("STRLEN", "a");
        d.same("GETRANGE", "a", "0", "-1");
        d.same("MGET", "a", "b", "live", "{y}2");
        d.sameUnordered("KEYS", "*");
        d.sameScan();
        d.same("RANDOMKEY");
        d.same("APPEND", "n", "7");
        d.same("GET", "n");
        d.same("OBJECT", "ENCODING", "n");
        d.same("INCR", "b");
        d.same("INCRBYFLOAT", "c", "1.5");
        d.same("SET", "{x}1", "x", "XX");
        d.same("SET", "{x}1", "x", "NX", "GET");
        d.same("TTL", "{x}1");
        d.same("RENAME", "{y}2", "z");
        d.same("RENAMENX", "{y}2", "z");
        d.same("COPY", "f", "z");
        d.same("MOVE", "f", "1");
        d.same("SETRANGE", "g", "2", "x");
        d.same("GET", "g");
        d.same("MSETNX", "h", "1", "i", "2");
        d.same("MGET", "h", "i");
        d.same("GETSET", "s", "y");
        d.same("TTL", "s");
        d.same("LCS", "r", "live");
        d.same("GETEX", "r", "PERSIST");
        d.same("GETDEL", "r");
        d.same("PERSIST", "r");
        d.same("EXPIRE", "r", "100");
        d.same("DEL", "r");
        d.same("TOUCH", "r");
        d.same("SETNX", "r", "1");
        d.same("GET", "r");
        d.sameUnordered("KEYS", "*");
    }

    @Test
    void expiredTargetsAreFree() throws InterruptedException {
        for (String key : new String[] {"t1", "t2", "t3", "{x}4", "t6"}) {
            d.same("SET", key, "v", "PX", "1");
        }
        d.same("SELECT", "1");
        d.same("SET", "t5", "v", "PX", "1");
        d.same("SELECT", "0");
        d.same("SET", "src", "v");
        d.same("SET", "t5", "w");
        Thread.sleep(50);
        d.same("COPY", "src", "t1");
        d.same("GET", "t1");
        d.same("RENAMENX", "src", "t2");
        d.same("GET", "t2");
        d.same("SET", "src", "v");
        d.same("SET", "t3", "x", "NX");
        d.same("GET", "t3");
        d.same("MSETNX", "{x}4", "y", "zz", "z");
        d.same("MGET", "{x}4", "zz");
        d.same("SETNX", "t6", "n");
        d.same("GET", "t6");
        d.same("MOVE", "t5", "1");
        d.same("SELECT", "1");
        d.same("GET", "t5");
        d.same("SELECT", "0");
    }

    @Test
    void objectSubcommands() {
        String[] values = {"0", "1", "9999", "10000", "-1", "123", "1234567890123456789", "12345678901234567890",
                "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-0", "00", "01", "+1", " 1",
                "1.5", "abc", "", "x".repeat(44), "x".repeat(45), "1".repeat(44), "1".repeat(45)};
        for (String value : values) {
            d.same("SET", "k", value);
            d.same("OBJECT", "ENCODING", "k");
            d.same("OBJECT", "REFCOUNT", "k");
            d.same("SET", "k", value, "EX", "1000");
            d.same("OBJECT", "REFCOUNT", "k");
            d.same("SETNX", "k2", value);
            d.same("OBJECT", "ENCODING", "k2");
            d.same("DEL", "k2");
            d.same("MSET", "k3", value, "{x}1", value);
            d.same("OBJECT", "REFCOUNT", "{x}1");
            d.same("GETSET", "k3", value);
            d.same("OBJECT", "ENCODING", "k3");
            d.same("SETEX", "k4", "1000", value);
            d.same("OBJECT", "ENCODING", "k4");
        }
        d.same("SET", "c", "9998");
        d.same("INCR", "c");
        d.same("OBJECT", "ENCODING", "c");
        d.same("OBJECT", "REFCOUNT", "c");
        d.same("INCR", "c");
        d.same("OBJECT", "REFCOUNT", "c");
        d.same("DECRBY", "c", "10001");
        d.same("OBJECT", "REFCOUNT", "c");
        d.same("OBJECT", "ENCODING", "missing");
        d.same("OBJECT", "REFCOUNT", "missing");
        d.same("OBJECT", "IDLETIME", "missing");
        d.same("OBJECT", "FREQ", "missing");
        d.same("OBJECT", "FREQ", "c");
        d.same("OBJECT", "IDLETIME", "c");
        d.same("OBJECT", "FOO", "c");
        d.same("OBJECT");
        d.same("OBJECT", "ENCODING");
        d.same("OBJECT", "ENCODING", "a", "b");
        d.same("OBJECT", "HELP");
        d.same("OBJECT", "help");
        d.same("OBJECT", "HELP", "extra");
        d.resp3();
        d.same("OBJECT", "ENCODING", "missing");
        d.same("OBJECT", "FREQ", "missing");
        d.same("OBJECT", "IDLETIME", "missing");
        d.same("OBJECT", "REFCOUNT", "missing");
        d.same("OBJECT", "HELP");
    }

    @Test
    void sharedIntegersFollowTheMaxmemoryPolicy() {
        try {
            d.same("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
            d.same("SET", "lfu", "5");
            d.same("OBJECT", "REFCOUNT", "lfu");
            d.same("OBJECT", "IDLETIME", "lfu");
            d.same("OBJECT", "IDLETIME", "missing");
            d.same("OBJECT", "FREQ", "missing");
            for (String policy : new String[] {"allkeys-lru", "volatile-lfu", "volatile-ttl", "allkeys-random"}) {
                d.same("CONFIG", "SET", "maxmemory", "100mb");
                d.same("CONFIG", "SET", "maxmemory-policy", policy);
                String key = "n-" + policy;
                d.same("SET", key, "5");
                d.same("OBJECT", "REFCOUNT", key);
                d.same("INCR", key);
                d.same("OBJECT", "REFCOUNT", key);
                d.same("MSET", "{x}" + key, "7", "a", "8");
                d.same("OBJECT", "REFCOUNT", "{x}" + key);
                d.same("APPEND", "ap-" + policy, "9");
                d.same("OBJECT", "REFCOUNT", "ap-" + policy);
                d.same("CONFIG", "SET", "maxmemory", "0");
                d.same("OBJECT", "REFCOUNT", key);
                d.same("SET", key, "5");
                d.same("OBJECT", "REFCOUNT", key);
            }
        } finally {
            d.both("CONFIG", "SET", "maxmemory", "0");
            d.both("CONFIG", "SET", "maxmemory-policy", "noeviction");
        }
    }

    @Test
    void repliesInResp3() {
        d.resp3();
        d.same("RANDOMKEY");
        d.same("SCAN", "0");
        d.same("KEYS", "*");
        d.same("SET", "a", "1");
        d.same("TYPE", "a");
        d.same("TYPE", "missing");
        d.same("TTL", "a");
        d.same("EXISTS", "a", "b");
        d.same("RENAME", "a", "b");
        d.same("RENAMENX", "missing", "c");
        d.same("COPY", "b", "c");
        d.same("MOVE", "c", "1");
        d.same("EXPIRE", "b", "100", "NX", "XX");
        d.same("DEL", "b", "c");
    }
}
