package io.runnel.broker.zset;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both forms of a sorted set against a plain model (a sorted tree and a map) under random
 * changes: scores, ranks, counts before a bound and walks either way agree after every step.
 * The seed is printed.
 */
class ZSetValueTest {

    private record Item(double score, String member) implements Comparable<Item> {
        @Override
        public int compareTo(Item other) {
            return SortedEntries.compare(score, bytes(member), other.score, bytes(other.member));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bothFormsAgreeWithAModel() {
        long seed = System.nanoTime();
        System.out.println("ZSetValueTest seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int maxEntries : new int[] {Integer.MAX_VALUE, 0, 16}) {
            ZSetValue.Limits limits = new ZSetValue.Limits(maxEntries, 64);
            ZSetValue zset = new ZSetValue();
            TreeSet<Item> order = new TreeSet<>();
            Map<String, Double> scores = new HashMap<>();
            for (int step = 0; step < 3000; step++) {
                String member = "m" + random.nextInt(200);
                if (random.nextInt(3) == 0) {
                    Double old = scores.remove(member);
                    if (old != null) {
                        order.remove(new Item(old, member));
                    }
                    assertEquals(old != null, zset.remove(bytes(member)), "seed=" + seed);
                } else {
                    double score = random.nextInt(40) - 20 + (random.nextBoolean() ? 0.5 : 0);
                    Double old = scores.put(member, score);
                    if (old != null) {
                        order.remove(new Item(old, member));
                    }
                    order.add(new Item(score, member));
                    assertEquals(old == null, zset.put(bytes(member), score, limits), "seed=" + seed);
                }
                if (step % 50 == 0) {
                    check(zset, order, scores, random, seed);
                }
            }
            check(zset, order, scores, random, seed);
        }
    }

    private static void check(ZSetValue zset, TreeSet<Item> order, Map<String, Double> scores, SplittableRandom random, long seed) {
        String context = "seed=" + seed + " encoding=" + zset.encoding();
        List<Item> expected = new ArrayList<>(order);
        assertEquals(expected.size(), zset.size(), context);
        List<Item> walked = new ArrayList<>();
        zset.walk(0, false, (member, score) -> walked.add(new Item(score, new String(member, StandardCharsets.UTF_8))));
        assertEquals(expected, walked, context);
        for (int i = 0; i < expected.size(); i++) {
            Item item = expected.get(i);
            assertEquals(i, zset.rank(bytes(item.member()), false), context);
            assertEquals(expected.size() - 1 - i, zset.rank(bytes(item.member()), true), context);
            assertEquals(item.score(), zset.score(bytes(item.member())), context);
        }
        assertEquals(-1, zset.rank(bytes("absent"), false), context);
        for (int probe = 0; probe < 5 && !expected.isEmpty(); probe++) {
            double bound = random.nextInt(44) - 22;
            long below = expected.stream().filter(item -> item.score() < bound).count();
            assertEquals(below, zset.countBefore((member, score) -> score < bound), context);
            int from = random.nextInt(expected.size());
            List<Item> down = new ArrayList<>();
            zset.walk(from, true, (member, score) -> {
                down.add(new Item(score, new String(member, StandardCharsets.UTF_8)));
                return down.size() < 7;
            });
            List<Item> expectedDown = new ArrayList<>();
            for (int i = from; i >= 0 && expectedDown.size() < 7; i--) {
                expectedDown.add(expected.get(i));
            }
            assertEquals(expectedDown, down, context);
        }
        assertEquals(scores.size(), zset.size(), context);
    }
}
