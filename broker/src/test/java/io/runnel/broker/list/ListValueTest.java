package io.runnel.broker.list;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A list against a model (an ArrayList) under random pushes, pops, sets, inserts, removals and
 * trims: element lengths across the one- and two-byte length forms and beyond a node's size, lists
 * long enough for many nodes. Seeded (printed; replay with -Drunnel.seed=N).
 */
class ListValueTest {

    private static List<String> contents(ListValue list) {
        List<String> out = new ArrayList<>();
        for (byte[] element : list.toArray()) {
            out.add(new String(element, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void randomChangesMatchTheModel() {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("ListValueTest seed=" + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 30; round++) {
            ListValue list = new ListValue();
            List<String> model = new ArrayList<>();
            for (int step = 0; step < 3000; step++) {
                int kind = random.nextInt(100);
                int length = random.nextInt(50) == 0 ? 9000 + random.nextInt(100) : random.nextInt(10) == 0 ? 200 : random.nextInt(20);
                String element = Integer.toString(step) + "x".repeat(length);
                if (kind < 30) {
                    list.addFirst(b(element));
                    model.add(0, element);
                } else if (kind < 60) {
                    list.addLast(b(element));
                    model.add(element);
                } else if (kind < 70 && !model.isEmpty()) {
                    assertEquals(model.remove(0), new String(list.removeFirst(), StandardCharsets.ISO_8859_1), "seed " + seed);
                } else if (kind < 80 && !model.isEmpty()) {
                    assertEquals(model.remove(model.size() - 1), new String(list.removeLast(), StandardCharsets.ISO_8859_1), "seed " + seed);
                } else if (kind < 85 && !model.isEmpty()) {
                    int at = random.nextInt(model.size());
                    list.set(at, b(element));
                    model.set(at, element);
                } else if (kind < 90) {
                    int at = random.nextInt(model.size() + 1);
                    list.insert(at, b(element));
                    model.add(at, element);
                } else if (kind < 95 && !model.isEmpty()) {
                    int at = random.nextInt(model.size());
                    list.remove(at);
                    model.remove(at);
                } else if (kind < 96 && !model.isEmpty()) {
                    int start = random.nextInt(model.size());
                    int end = start + random.nextInt(model.size() - start);
                    list.keep(start, end);
                    model = new ArrayList<>(model.subList(start, end + 1));
                } else if (kind < 98 && !model.isEmpty()) {
                    int at = random.nextInt(model.size());
                    assertEquals(model.get(at), new String(list.get(at), StandardCharsets.ISO_8859_1), "seed " + seed);
                } else if (!model.isEmpty()) {
                    int from = random.nextInt(model.size());
                    int to = from + random.nextInt(Math.min(600, model.size() - from));
                    List<String> range = new ArrayList<>();
                    list.forEachInRange(from, to, bytes -> range.add(new String(bytes, StandardCharsets.ISO_8859_1)));
                    assertEquals(model.subList(from, to + 1), range, "seed " + seed);
                }
                assertEquals(model.size(), list.size(), "seed " + seed);
            }
            assertEquals(model, contents(list), "seed " + seed);
            assertEquals(model, contents(list.copy()), "seed " + seed);
            assertEquals(model, contents(ListValue.of(list.toArray())), "seed " + seed);
        }
    }
}
