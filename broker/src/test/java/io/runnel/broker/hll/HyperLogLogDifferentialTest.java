package io.runnel.broker.hll;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * PFADD, PFCOUNT, PFMERGE and PFDEBUG against redis-server, with GET comparing the strings byte
 * for byte: the sparse opcodes as they split and merge, promotion to dense (by a long run and by
 * hll-sparse-max-bytes), the cached cardinality, estimates up to tens of thousands of elements,
 * and the errors for strings that are not HyperLogLogs. Seeded where random.
 */
class HyperLogLogDifferentialTest extends DifferentialCase {

    private void addAll(String key, int from, int to) {
        List<String> command = new ArrayList<>(List.of("PFADD", key));
        for (int i = from; i < to; i++) {
            command.add("element:" + i);
        }
        d.same(command.toArray(new String[0]));
    }

    @Test
    void sparseStringsMatchByteForByte() {
        d.same("PFADD", "h");
        d.same("GET", "h");
        d.same("PFADD", "h");
        d.same("PFCOUNT", "h");
        d.same("GET", "h");
        d.same("PFADD", "h2", "a", "b", "c", "a");
        d.same("GET", "h2");
        d.same("PFDEBUG", "DECODE", "h2");
        d.same("PFDEBUG", "ENCODING", "h2");
        d.same("PFCOUNT", "h2");
        d.same("GET", "h2");
        d.same("PFADD", "h2", "a");
        d.same("PFADD", "h2", "d");
        d.same("GET", "h2");
        for (int step = 0; step < 40; step++) {
            addAll("grow", step * 10, step * 10 + 10);
            d.same("GET", "grow");
        }
        d.same("PFDEBUG", "DECODE", "grow");
        d.same("PFCOUNT", "grow");
        d.same("OBJECT", "ENCODING", "grow");
        d.same("TYPE", "grow");
    }

    @Test
    void denseStringsAndEstimates() {
        addAll("big", 0, 5000);
        d.same("PFDEBUG", "ENCODING", "big");
        d.same("PFCOUNT", "big");
        d.same("GET", "big");
        addAll("big", 5000, 30000);
        d.same("PFCOUNT", "big");
        d.same("GET", "big");
        d.same("PFDEBUG", "GETREG", "big");
        addAll("small", 0, 50);
        d.same("PFDEBUG", "TODENSE", "small");
        d.same("PFDEBUG", "TODENSE", "small");
        d.same("PFDEBUG", "ENCODING", "small");
        d.same("GET", "small");
        d.same("PFCOUNT", "small");
        addAll("other", 100, 200);
        d.same("PFDEBUG", "GETREG", "other");
        d.same("PFDEBUG", "ENCODING", "other");
        d.same("GET", "other");
    }

    @Test
    void sparseLimitPromotes() {
        try {
            d.same("CONFIG", "SET", "hll-sparse-max-bytes", "100");
            addAll("limited", 0, 40);
            d.same("PFDEBUG", "ENCODING", "limited");
            d.same("GET", "limited");
        } finally {
            d.same("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
        }
    }

    @Test
    void mergesAndMultiKeyCounts() {
        addAll("a", 0, 100);
        addAll("b", 50, 300);
        addAll("{x}c", 0, 3000);
        d.same("PFCOUNT", "a", "b");
        d.same("PFCOUNT", "a", "b", "{x}c", "nokey");
        d.same("PFMERGE", "m", "a", "b");
        d.same("GET", "m");
        d.same("PFCOUNT", "m");
        d.same("PFMERGE", "m", "{x}c");
        d.same("PFDEBUG", "ENCODING", "m");
        d.same("GET", "m");
        d.same("PFMERGE", "empty");
        d.same("GET", "empty");
        d.same("PFMERGE", "a", "b");
        d.same("GET", "a");
        d.same("PFMERGE", "n", "nokey");
        d.same("GET", "n");
        d.same("EXPIRE", "a", "100");
        d.same("PFADD", "a", "new-element");
        d.same("TTL", "a");
    }

    @Test
    void randomAdds() {
        long seed = System.nanoTime();
        System.out.println("HyperLogLogDifferentialTest seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++) {
            List<String> command = new ArrayList<>(List.of("PFADD", "r" + random.nextInt(3)));
            for (int i = random.nextInt(6); i > 0; i--) {
                command.add(Long.toString(random.nextLong(), 36));
            }
            try {
                d.same(command.toArray(new String[0]));
                if (round % 10 == 0) {
                    d.same("GET", command.get(1));
                    d.same("PFCOUNT", command.get(1));
                }
            } catch (AssertionError e) {
                throw new AssertionError("seed=" + seed + ": " + e.getMessage(), e);
            }
        }
        d.same("PFCOUNT", "r0", "r1", "r2");
    }

    private static byte[] latin1(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void errorsAreRedis() {
        d.same("SET", "str", "not a hyperloglog");
        d.same("SET", "short", "HYLL");
        d.same("LPUSH", "l", "x");
        d.same("PFADD", "h", "a");
        d.same(latin1("SET"), latin1("fakedense"), latin1("HYLL\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000xx"));
        // a sparse run of 16369 registers, 15 short of all
        d.same(latin1("SET"), latin1("badsparse"), latin1("HYLL\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u007f\u00f0"));
        for (String[] command : new String[][] {{"PFADD", "str", "a"}, {"PFADD", "short", "a"}, {"PFADD", "l", "a"},
                {"PFCOUNT", "str"}, {"PFCOUNT", "l"}, {"PFCOUNT", "h", "str"}, {"PFMERGE", "h", "str"}, {"PFMERGE", "str", "h"},
                {"PFMERGE", "l", "h"}, {"PFADD", "fakedense", "a"}, {"PFCOUNT", "badsparse"}, {"PFADD", "badsparse", "a"},
                {"PFDEBUG", "GETREG", "nokey"}, {"PFDEBUG", "FOO", "h"}, {"PFDEBUG", "DECODE", "str"}, {"PFDEBUG", "GETREG"},
                {"PFCOUNT"}, {"PFADD"}, {"PFMERGE"}, {"PFSELFTEST"}, {"PFSELFTEST", "x"}}) {
            d.same(command);
        }
        d.same("PFDEBUG", "TODENSE", "h");
        d.same("PFDEBUG", "DECODE", "h");
        d.same("SET", "copy", "x");
        d.same("GET", "h");
        d.same("GET", "str");
    }
}
