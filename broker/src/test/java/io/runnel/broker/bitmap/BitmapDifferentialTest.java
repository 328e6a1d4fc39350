package io.runnel.broker.bitmap;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

/**
 * SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO against redis-server:
 * ranges in bytes and bits with negative and out-of-range indexes, every overflow rule at the
 * edges of signed and unsigned widths, growth, errors; and a seeded random run of BITFIELD.
 */
class BitmapDifferentialTest extends DifferentialCase {

    @Test
    void bitsAreSetReadAndCounted() {
        d.same("SETBIT", "b", "7", "1");
        d.same("SETBIT", "b", "7", "1");
        d.same("SETBIT", "b", "100", "1");
        d.same("SETBIT", "b", "3", "0");
        d.same("GET", "b");
        d.same("OBJECT", "ENCODING", "b");
        d.same("GETBIT", "b", "7");
        d.same("GETBIT", "b", "100");
        d.same("GETBIT", "b", "6");
        d.same("GETBIT", "b", "100000");
        d.same("GETBIT", "nokey", "1");
        d.same("SET", "s", "foobar");
        d.same("SET", "n", "12");
        d.same("SETBIT", "n", "2", "1");
        d.same("GET", "n");
        d.same("OBJECT", "ENCODING", "n");
        d.same("SET", "n2", "12");
        d.same("SETBIT", "n2", "2", "0");
        d.same("OBJECT", "ENCODING", "n2");
        d.same("SET", "e", "short");
        d.same("SETBIT", "e", "0", "0");
        d.same("OBJECT", "ENCODING", "e");
        d.same("SET", "empty", "");
        for (String key : new String[] {"s", "b", "nokey", "empty"}) {
            d.same("BITCOUNT", key);
            for (String[] range : new String[][] {{"0", "-1"}, {"1", "1"}, {"-2", "-1"}, {"-1", "-2"}, {"5", "2"}, {"-100", "100"},
                    {"2", "1000"}, {"1000", "2000"}}) {
                d.same("BITCOUNT", key, range[0], range[1]);
                d.same("BITCOUNT", key, range[0], range[1], "BYTE");
                d.same("BITCOUNT", key, range[0], range[1], "BIT");
            }
            d.same("BITCOUNT", key, "5", "30", "bit");
            d.same("BITCOUNT", key, "-13", "-3", "BIT");
        }
        d.same("SET", "ff", "\u00ff\u00f0\u0000");
        for (String key : new String[] {"s", "b", "ff", "nokey", "empty"}) {
            for (String bit : new String[] {"0", "1"}) {
                d.same("BITPOS", key, bit);
                d.same("BITPOS", key, bit, "1");
                d.same("BITPOS", key, bit, "-1");
                d.same("BITPOS", key, bit, "0", "-1");
                d.same("BITPOS", key, bit, "2", "1");
                d.same("BITPOS", key, bit, "1", "1", "BYTE");
                d.same("BITPOS", key, bit, "3", "12", "BIT");
                d.same("BITPOS", key, bit, "9", "BIT");
                d.same("BITPOS", key, bit, "-5", "-1", "BIT");
                d.same("BITPOS", key, bit, "100", "200");
            }
        }
    }

    @Test
    void bitopCombinesStrings() {
        d.same("SET", "a", "abc");
        d.same("SET", "b", "a");
        d.same("SET", "{o}c", "\u0000\u00ff\u0010\u0001");
        for (String op : new String[] {"AND", "OR", "XOR"}) {
            d.same("BITOP", op, "dst", "a", "b", "{o}c");
            d.same("GET", "dst");
            d.same("BITOP", op, "dst", "a", "nokey");
            d.same("GET", "dst");
        }
        d.same("BITOP", "NOT", "dst", "a");
        d.same("GET", "dst");
        d.same("OBJECT", "ENCODING", "dst");
        d.same("EXPIRE", "dst", "100");
        d.same("BITOP", "or", "dst", "a");
        d.same("TTL", "dst");
        d.same("BITOP", "AND", "dst", "nokey", "nokey2");
        d.same("EXISTS", "dst");
        d.same("BITOP", "NOT", "dst", "nokey");
        d.same("BITOP", "AND", "a", "a", "b");
        d.same("GET", "a");
    }

    @Test
    void bitfieldsAreRedis() {
        d.same("BITFIELD", "f", "SET", "i8", "0", "-100", "GET", "i8", "0", "GET", "u8", "0", "GET", "i4", "4");
        d.same("BITFIELD", "f", "INCRBY", "u2", "100", "1", "OVERFLOW", "SAT", "INCRBY", "u2", "102", "1");
        d.same("GET", "f");
        d.same("BITFIELD", "f", "SET", "u8", "#1", "255", "GET", "u8", "#1", "INCRBY", "u8", "#1", "10");
        for (String overflow : new String[] {"WRAP", "SAT", "FAIL"}) {
            d.same("BITFIELD", "o", "OVERFLOW", overflow, "SET", "i8", "0", "127", "INCRBY", "i8", "0", "1", "INCRBY", "i8", "0", "-300",
                    "SET", "u8", "8", "255", "INCRBY", "u8", "8", "10", "INCRBY", "u8", "8", "-300", "SET", "u8", "16", "-1",
                    "SET", "i8", "24", "200", "SET", "i64", "32", "9223372036854775807", "INCRBY", "i64", "32", "1",
                    "INCRBY", "i64", "32", "-9223372036854775808", "SET", "u63", "96", "-1", "INCRBY", "u63", "96", "5",
                    "SET", "i1", "200", "-1", "INCRBY", "i1", "200", "-1", "SET", "u1", "201", "3");
            d.same("GET", "o");
        }
        d.same("BITFIELD", "fail", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "5");
        d.same("EXISTS", "fail");
        d.same("GET", "fail");
        d.same("BITFIELD", "nokey", "GET", "i8", "0", "GET", "u4", "1000");
        d.same("EXISTS", "nokey");
        d.same("BITFIELD", "f");
        d.same("BITFIELD", "f", "OVERFLOW", "SAT");
        d.same("BITFIELD_RO", "f", "GET", "u8", "0", "GET", "i16", "#0");
        d.same("SET", "num", "1234");
        d.same("BITFIELD", "num", "GET", "u8", "0", "SET", "u8", "0", "49");
        d.same("GET", "num");
        d.same("OBJECT", "ENCODING", "num");
    }

    @Test
    void randomBitfields() {
        long seed = System.nanoTime();
        System.out.println("BitmapDifferentialTest seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        String[] kinds = {"GET", "SET", "INCRBY"};
        String[] overflows = {"WRAP", "SAT", "FAIL"};
        for (int round = 0; round < 300; round++) {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("BITFIELD", "r" + random.nextInt(3)));
            for (int op = 0; op < 1 + random.nextInt(4); op++) {
                if (random.nextInt(4) == 0) {
                    command.add("OVERFLOW");
                    command.add(overflows[random.nextInt(3)]);
                }
                String kind = kinds[random.nextInt(3)];
                boolean signed = random.nextBoolean();
                int bits = 1 + random.nextInt(signed ? 64 : 63);
                command.add(kind);
                command.add((signed ? "i" : "u") + bits);
                command.add(Integer.toString(random.nextInt(80)));
                if (!kind.equals("GET")) {
                    long value = switch (random.nextInt(4)) {
                        case 0 -> random.nextLong();
                        case 1 -> random.nextInt(2000) - 1000;
                        case 2 -> (1L << (bits - 1)) - random.nextInt(3);
                        default -> -(1L << Math.min(62, bits)) + random.nextInt(3);
                    };
                    command.add(Long.toString(value));
                }
            }
            try {
                d.same(command.toArray(new String[0]));
            } catch (AssertionError e) {
                throw new AssertionError("seed=" + seed + ": " + e.getMessage(), e);
            }
        }
        for (int i = 0; i < 3; i++) {
            d.same("GET", "r" + i);
        }
    }

    @Test
    void errorsAreRedis() {
        d.same("SET", "b", "x");
        d.same("LPUSH", "l", "x");
        for (String[] command : new String[][] {{"SETBIT", "b", "-1", "1"}, {"SETBIT", "b", "4294967296", "1"}, {"SETBIT", "b", "x", "1"},
                {"SETBIT", "b", "1", "2"}, {"SETBIT", "b", "1", "x"}, {"SETBIT", "b", "1", "-1"}, {"SETBIT", "l", "1", "1"},
                {"GETBIT", "b", "-1"}, {"GETBIT", "l", "0"}, {"GETBIT", "b", "x"}, {"BITCOUNT", "b", "0"}, {"BITCOUNT", "nokey", "0"},
                {"BITCOUNT", "b", "0", "1", "FOO"}, {"BITCOUNT", "b", "x", "1"}, {"BITCOUNT", "b", "0", "1", "BIT", "x"},
                {"BITCOUNT", "l"}, {"BITPOS", "b", "2"}, {"BITPOS", "b", "x"}, {"BITPOS", "nokey", "1", "x"}, {"BITPOS", "b", "1", "x"},
                {"BITPOS", "b", "1", "0", "1", "FOO"}, {"BITPOS", "l", "1"}, {"BITOP", "FOO", "d", "b"}, {"BITOP", "NOT", "d", "b", "b"},
                {"BITOP", "AND", "d", "l"}, {"BITOP", "AND", "d"}, {"BITFIELD", "b", "GET", "u64", "0"}, {"BITFIELD", "b", "GET", "i65", "0"},
                {"BITFIELD", "b", "GET", "x", "0"}, {"BITFIELD", "b", "GET", "i8", "x"}, {"BITFIELD", "b", "GET", "i8", "-1"},
                {"BITFIELD", "b", "GET", "i8", "#-1"}, {"BITFIELD", "b", "OVERFLOW", "foo"}, {"BITFIELD", "b", "SET", "i8", "0", "x"},
                {"BITFIELD", "b", "GET"}, {"BITFIELD", "b", "FOO", "i8", "0"}, {"BITFIELD", "l", "GET", "i8", "0"},
                {"BITFIELD", "l", "SET", "i8", "0", "1"}, {"BITFIELD_RO", "b", "SET", "i8", "0", "1"},
                {"BITFIELD_RO", "l", "INCRBY", "i8", "0", "1"}, {"BITFIELD", "b", "GET", "i8", "4294967296"},
{"BITFIELD", "b", "GET", "u0", "0"}}) {
            d.same(command);
        }
        d.same("GET", "b");
    }
}
