package io.runnel.broker.commands;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OBJECT IDLETIME and OBJECT FREQ against redis-server: which commands count as an access of
 * a key, and how values made, moved, copied or overwritten start their access data.
 *
 * <p>LFU counters grow at random once past their initial value; with lfu-log-factor 0 every
 * access increments them, and with lfu-decay-time 0 they never decay on a minute's turn,
 * which makes the counts exact. Idle times are compared within one
 * second: each server's clock ticks on its own. Keys here hold values that are not shared
 * integers: the access data of a shared integer dates from each server's start.
 */
class ObjectAccessDifferentialTest extends DifferentialCase {

    @AfterEach
    void restoreDefaults() {
        d.both("CONFIG", "SET", "maxmemory-policy", "noeviction");
        d.both("CONFIG", "SET", "lfu-log-factor", "10");
        d.both("CONFIG", "SET", "lfu-decay-time", "1");
        d.both("SELECT", "0");
    }

    @Test
    void newValuesAreIdleForNoTime() {
        d.same("SET", "k", "v");
        d.sameWithin(1, "OBJECT", "IDLETIME", "k");
        d.same("RENAME", "k", "j");
        d.sameWithin(1, "OBJECT", "IDLETIME", "j");
        d.same("COPY", "j", "i");
        d.sameWithin(1, "OBJECT", "IDLETIME", "i");
        d.same("MOVE", "i", "1");
        d.same("SELECT", "1");
        d.sameWithin(1, "OBJECT", "IDLETIME", "i");
        d.same("SELECT", "0");
        d.same("APPEND", "ap", "x");
        d.sameWithin(1, "OBJECT", "IDLETIME", "ap");
        d.same("SETRANGE", "sr", "1", "x");
        d.sameWithin(1, "OBJECT", "IDLETIME", "sr");
        d.same("INCRBY", "n", "123456");
        d.sameWithin(1, "OBJECT", "IDLETIME", "n");
        d.same("INCRBYFLOAT", "f", "1.5");
        d.sameWithin(1, "OBJECT", "IDLETIME", "f");
        d.same("MSET", "a", "x", "{x}1", "y");
        d.sameWithin(1, "OBJECT", "IDLETIME", "{x}1");
    }

    @Test
    void existsDoesNotTouchButTouchDoes() throws InterruptedException {
        d.same("SET", "k", "v");
        d.same("SET", "t", "v");
        d.same("SET", "s", "4321");
        d.same("GET", "s");
        // idle times count whole seconds: wait for more than two
        Thread.sleep(2500);
        d.same("EXISTS", "k", "t");
        d.same("TYPE", "k");
        d.same("TTL", "k");
        d.same("OBJECT", "ENCODING", "k");
        String[] idle = d.replies("OBJECT", "IDLETIME", "k");
        for (String reply : idle) {
            assertTrue(reply.matches(":[2-9]\r\n"), reply);
        }
        d.sameWithin(1, "OBJECT", "IDLETIME", "k");
        d.same("TOUCH", "t");
        d.sameWithin(1, "OBJECT", "IDLETIME", "t");
        // every key holding a shared integer shares its access data: a new key holding 4321
        // has been idle since the GET of s
        d.same("SET", "s2", "4321");
        for (String reply : d.replies("OBJECT", "IDLETIME", "s2")) {
            assertTrue(reply.matches(":[2-9]\r\n"), reply);
        }
        d.same("GET", "s");
        d.sameWithin(1, "OBJECT", "IDLETIME", "s2");
    }

    @Test
    void lfuCountsEveryAccessWithLogFactorZero() {
        d.same("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        d.same("CONFIG", "SET", "lfu-log-factor", "0");
        d.same("CONFIG", "SET", "lfu-decay-time", "0");
        String[][] commands = {{"GET", "k"}, {"SET", "k", "v2"}, {"SET", "k", "v2", "GET"}, {"SET", "k", "v", "NX"},
                {"SET", "k", "v", "NX", "GET"}, {"SET", "k", "v", "XX"}, {"GETSET", "k", "v"}, {"GETEX", "k"},
                {"GETEX", "k", "EX", "100"}, {"GETEX", "k", "PERSIST"}, {"MGET", "k", "k"}, {"MSET", "k", "a"},
                {"MSET", "k", "a", "k", "b"}, {"MSETNX", "k", "a"}, {"SETNX", "k", "a"}, {"SETEX", "k", "100", "a"},
                {"PSETEX", "k", "100000", "a"}, {"APPEND", "k", "x"}, {"STRLEN", "k"}, {"SETRANGE", "k", "0", "z"},
                {"SETRANGE", "k", "0", ""}, {"GETRANGE", "k", "0", "1"}, {"LCS", "k", "k"}, {"EXISTS", "k"},
                {"TOUCH", "k"}, {"TYPE", "k"}, {"TTL", "k"}, {"PTTL", "k"}, {"EXPIRETIME", "k"}, {"EXPIRE", "k", "1000"},
                {"PEXPIRE", "k", "1000000"}, {"EXPIREAT", "k", "99999999999"}, {"EXPIRE", "k", "1000", "NX"},
                {"EXPIRE", "k", "1000", "GT"}, {"PERSIST", "k"}, {"COPY", "k", "k2"}, {"OBJECT", "ENCODING", "k"},
                {"INCRBYFLOAT", "k", "1"}, {"INCR", "k"}, {"INCRBY", "k", "5"}, {"DECR", "k"}, {"KEYS", "*"}};
        for (String[] command : commands) {
            for (String value : new String[] {"abc", "123456", "x".repeat(50)}) {
                d.same("DEL", "k", "k2");
                d.same("SET", "k", value, "EX", "5000");
                d.same("OBJECT", "FREQ", "k");
                d.same("GET", "k");
                d.same("OBJECT", "FREQ", "k");
                if (command[0].equals("PTTL")) {
                    d.sameWithin(1000, command);
                } else if (command[0].equals("TTL")) {
                    d.sameWithin(1, command);
                } else {
                    d.same(command);
                }
                d.same("OBJECT", "FREQ", "k");
                d.same("OBJECT", "FREQ", "k2");
            }
        }
    }

    @Test
    void lfuDataMovesWithTheValue() {
        d.same("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        d.same("CONFIG", "SET", "lfu-log-factor", "0");
        d.same("CONFIG", "SET", "lfu-decay-time", "0");
        d.same("SET", "a", "x");
        d.same("GET", "a");
        d.same("GET", "a");
        d.same("SET", "b", "y");
        d.same("RENAME", "a", "b");
        d.same("OBJECT", "FREQ", "b");
        d.same("SET", "c", "z");
        d.same("COPY", "b", "c", "REPLACE");
        d.same("OBJECT", "FREQ", "c");
        d.same("OBJECT", "FREQ", "b");
        d.same("RENAMENX", "b", "{x}1");
        d.same("OBJECT", "FREQ", "{x}1");
        d.same("MOVE", "{x}1", "1");
        d.same("SELECT", "1");
        d.same("OBJECT", "FREQ", "{x}1");
        d.same("SELECT", "0");
        // overwriting a key keeps its counter; deleting and re-adding does not
        d.same("SET", "o", "v1");
        d.same("GET", "o");
        d.same("SET", "o", "v2");
        d.same("OBJECT", "FREQ", "o");
        d.same("DEL", "o");
        d.same("SET", "o", "v3");
        d.same("OBJECT", "FREQ", "o");
        d.same("OBJECT", "IDLETIME", "o");
        d.same("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        d.same("OBJECT", "FREQ", "o");
    }
}
