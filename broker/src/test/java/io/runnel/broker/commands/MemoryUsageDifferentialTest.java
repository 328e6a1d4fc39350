package io.runnel.broker.commands;

import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.Resp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MEMORY USAGE against redis-server: the same reply shapes and errors (nil for a missing key,
 * SAMPLES and its syntax errors); the figures are each server's own estimate, so they are checked
 * to be positive and to grow with the value rather than compared.
 */
class MemoryUsageDifferentialTest extends DifferentialCase {

    private long usage(String... command) {
        Resp.Node[] replies = d.parsed(command);
        assertTrue(replies[0].text().matches("\\d+"), "redis: " + replies[0].text());
        assertTrue(replies[1].text().matches("\\d+"), "runnel: " + replies[1].text());
        return Long.parseLong(replies[1].text());
    }

    @Test
    void everyTypeHasAnEstimate() {
        d.same("SET", "small", "x");
        d.same("SET", "big", "x".repeat(10_000));
        assertTrue(usage("MEMORY", "USAGE", "big") > usage("MEMORY", "USAGE", "small") + 9_000);
        d.same("RPUSH", "l", "a", "b", "c");
        d.same("SADD", "s", "1", "2", "x");
        d.same("HSET", "h", "f", "v", "g", "w");
        d.same("ZADD", "z", "1", "a", "2", "b");
        d.same("XADD", "st", "1-1", "f", "v");
        for (String key : new String[] {"l", "s", "h", "z", "st"}) {
            usage("MEMORY", "USAGE", key);
            usage("MEMORY", "USAGE", key, "SAMPLES", "0");
            usage("MEMORY", "USAGE", key, "SAMPLES", "1");
        }
        d.same("MEMORY", "USAGE", "nokey");
        d.same("MEMORY", "USAGE", "l", "SAMPLES", "-1");
        d.same("MEMORY", "USAGE", "l", "SAMPLES", "x");
        d.same("MEMORY", "USAGE", "l", "FOO");
        d.same("MEMORY", "USAGE", "l", "SAMPLES");
        d.same("MEMORY", "USAGE");
        d.same("MEMORY", "PURGE");
        d.same("MEMORY", "NOSUCH");
    }
}
