package io.runnel.broker.commands;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * Commands given many members or fields, some of them repeated, against redis-server: each is
 * counted once (SADD, SREM, HSET, HDEL, ZADD, ZREM), and for ZADD a repeated member keeps its
 * last score; thousands of arguments are handled in one pass.
 */
class RepeatedArgumentsDifferentialTest extends DifferentialCase {

    private static String[] command(String name, String key, int count, int distinct, boolean pairs) {
        List<String> words = new ArrayList<>(List.of(name, key));
        for (int i = 0; i < count; i++) {
            if (pairs && name.equals("ZADD")) {
                words.add(Integer.toString(i));
            }
            words.add("m" + (i * 7 % distinct));
            if (pairs && name.equals("HSET")) {
                words.add("v" + i);
            }
        }
        return words.toArray(new String[0]);
    }

    @Test
    void repeatsCountOnce() {
        for (int count : new int[] {5, 40, 5000}) {
            d.same(command("SADD", "s" + count, count, count / 3 + 1, false));
            d.same("SCARD", "s" + count);
            d.same(command("SREM", "s" + count, count, count / 2 + 1, false));
            d.same(command("HSET", "h" + count, count, count / 3 + 1, true));
            d.same("HLEN", "h" + count);
            d.same(command("HDEL", "h" + count, count, count / 2 + 1, false));
            d.same(command("ZADD", "z" + count, count, count / 3 + 1, true));
            d.same("ZRANGE", "z" + count, "0", "-1", "WITHSCORES");
            d.same(command("ZREM", "z" + count, count, count / 2 + 1, false));
            d.same("ZCARD", "z" + count);
        }
        d.sameUnordered("HGETALL", "h40");
    }
}
