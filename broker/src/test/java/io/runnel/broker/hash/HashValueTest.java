package io.runnel.broker.hash;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hash against a model (an insertion-ordered map) under random sets and deletes, in both of
 * its forms: the same fields and values, the compact form in insertion order, lengths across the
 * one- and two-byte length prefixes, the switch to a table at the limits. Seeded (printed; replay
 * with -Drunnel.seed=N).
 */
class HashValueTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> contents(HashValue hash) {
        Map<String, String> out = new LinkedHashMap<>();
        hash.forEach((field, value) -> out.put(text(field), text(value)));
        return out;
    }

    @Test
    void randomChangesMatchTheModel() {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("HashValueTest seed=" + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            HashValue.Limits limits = new HashValue.Limits(random.nextBoolean() ? 1000 : 8, 300);
            HashValue hash = new HashValue();
            Map<String, String> model = new LinkedHashMap<>();
            for (int step = 0; step < 60; step++) {
                String field = "f" + random.nextInt(12);
                if (random.nextInt(4) == 0) {
                    assertEquals(model.remove(field) != null, hash.remove(field.getBytes(StandardCharsets.ISO_8859_1)),
                            "seed " + seed);
                } else {
                    String value = "v".repeat(random.nextInt(random.nextBoolean() ? 5 : 200)) + step;
                    boolean isNew = !model.containsKey(field);
                    model.put(field, value);
                    assertEquals(isNew, hash.put(field.getBytes(StandardCharsets.ISO_8859_1),
                            value.getBytes(StandardCharsets.ISO_8859_1), limits), "seed " + seed);
                }
                assertEquals(model.size(), hash.size(), "seed " + seed);
                if (hash.compact()) {
                    assertEquals(new ArrayList<>(model.entrySet()), new ArrayList<>(contents(hash).entrySet()),
                            "compact: insertion order, seed " + seed);
                } else {
                    assertEquals(model, contents(hash), "seed " + seed);
                }
                for (String field2 : List.of("f0", "f5", "f11", "none")) {
                    byte[] value = hash.get(field2.getBytes(StandardCharsets.ISO_8859_1));
                    assertEquals(model.get(field2), value == null ? null : text(value), "seed " + seed);
                }
            }
            HashValue copy = hash.copy();
            assertEquals(contents(hash), contents(copy));
        }
    }

    @Test
    void limitsMakeATableOnce() {
        HashValue hash = new HashValue();
        HashValue.Limits limits = new HashValue.Limits(2, 4);
        hash.put(b("a"), b("1"), limits);
        hash.put(b("b"), b("2"), limits);
        assertEquals("listpack", hash.encoding());
        hash.put(b("c"), b("3"), limits);
        assertEquals("hashtable", hash.encoding());
        hash.remove(b("a"));
        hash.remove(b("b"));
        assertEquals("hashtable", hash.encoding(), "a table stays a table");
        HashValue longValue = new HashValue();
        longValue.put(b("a"), b("12345"), limits);
        assertTrue(!longValue.compact());
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
