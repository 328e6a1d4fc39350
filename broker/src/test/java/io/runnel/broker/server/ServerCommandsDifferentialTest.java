package io.runnel.broker.server;

import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.Resp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DBSIZE, FLUSHDB, FLUSHALL, SWAPDB and TIME against redis-server. */
class ServerCommandsDifferentialTest extends DifferentialCase {

    @Test
    void dbsize() {
        d.same("DBSIZE");
        for (int i = 0; i < 50; i++) {
            d.same("SET", "key:" + i, "v");
        }
        d.same("DBSIZE");
        d.same("SELECT", "1");
        d.same("DBSIZE");
        d.same("SET", "other", "v");
        d.same("DBSIZE");
        d.same("SELECT", "0");
        d.same("DEL", "key:1", "key:2");
        d.same("DBSIZE");
        d.same("DBSIZE", "x");
    }

    @Test
    void flushdbAndFlushall() {
        for (String mode : new String[] {null, "ASYNC", "SYNC", "async", "sync"}) {
            d.same("SET", "a", "1");
            d.same("SELECT", "5");
            d.same("SET", "b", "1");
            d.same(mode == null ? new String[] {"FLUSHDB"} : new String[] {"FLUSHDB", mode});
            d.same("DBSIZE");
            d.same("SELECT", "0");
            d.same("DBSIZE");
            d.same("SELECT", "5");
            d.same("SET", "b", "1");
            d.same(mode == null ? new String[] {"FLUSHALL"} : new String[] {"FLUSHALL", mode});
            d.same("DBSIZE");
            d.same("SELECT", "0");
            d.same("DBSIZE");
        }
        d.same("SET", "a", "1");
        d.same("FLUSHDB", "x");
        d.same("FLUSHDB", "SYNC", "x");
        d.same("FLUSHDB", "ASYNC", "ASYNC");
        d.same("FLUSHALL", "x");
        d.same("FLUSHALL", "SYNC", "ASYNC");
        d.same("DBSIZE");
    }

    @Test
    void swapdb() {
        d.same("SWAPDB");
        d.same("SWAPDB", "0");
        d.same("SWAPDB", "0", "1", "2");
        d.same("SWAPDB", "a", "1");
        d.same("SWAPDB", "0", "b");
        d.same("SWAPDB", "a", "b");
        d.same("SWAPDB", "0", "16");
        d.same("SWAPDB", "16", "0");
        d.same("SWAPDB", "-1", "0");
        d.same("SWAPDB", "0", "0");
        d.same("SET", "in-zero", "0");
        d.same("SET", "shared", "from-0");
        d.same("SELECT", "1");
        d.same("SET", "shared", "from-1");
        d.same("SELECT", "0");
        d.same("SWAPDB", "0", "1");
        d.same("GET", "in-zero");
        d.same("GET", "shared");
        d.same("DBSIZE");
        d.same("SELECT", "1");
        d.same("GET", "in-zero");
        d.same("GET", "shared");
        d.same("DBSIZE");
        d.same("SWAPDB", "1", "0");
        d.same("GET", "shared");
    }

    @Test
    void swapdbIsSeenByOtherConnections() {
        try (Differential other = Differential.connect(d.redis().port(), d.runnel().port())) {
            other.same("SELECT", "3");
            d.same("SELECT", "2");
            d.same("SET", "moved", "here");
            d.same("SWAPDB", "2", "3");
            other.same("GET", "moved");
            d.same("GET", "moved");
        }
    }

    @Test
    void timeIsTwoBulkNumbers() {
        d.same("TIME", "x");
        for (String protocol : new String[] {"2", "3"}) {
            d.replies("HELLO", protocol);
            Resp.Node[] replies = d.parsed("TIME");
            for (Resp.Node reply : replies) {
                assertEquals('*', reply.type());
                assertEquals(2, reply.size());
                assertEquals('$', reply.get(0).type());
                assertEquals('$', reply.get(1).type());
                assertTrue(reply.get(0).text().matches("[1-9][0-9]{9}"), reply.printable());
                assertTrue(reply.get(1).text().matches("0|[1-9][0-9]{0,5}"), reply.printable());
            }
            long redisSeconds = Long.parseLong(replies[0].get(0).text());
            long runnelSeconds = Long.parseLong(replies[1].get(0).text());
            assertTrue(Math.abs(redisSeconds - runnelSeconds) <= 2, "clocks apart: " + redisSeconds + " " + runnelSeconds);
        }
    }
}
