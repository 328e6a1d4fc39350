package io.runnel.broker.server;

import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests that break the protocol: the same error, the connection closed, other clients served. */
class ProtocolErrorDifferentialTest extends DifferentialCase {

    @ParameterizedTest
    @ValueSource(strings = {"*abc\r\n", "*1\r\nx\r\n", "*1\r\n$-5\r\n", "*1\r\n$abc\r\n", "*1\r\n$629145600\r\n",
        "*1\r\n$536870913\r\n", "*2\r\n$3\r\nGET\r\n:1\r\n", "PING \"unbalanced\r\n", "*-\r\n"})
    void errorThenClose(String garbage) throws IOException {
        d.same("SET", "before", "1");
        d.sendRaw(garbage.getBytes(StandardCharsets.ISO_8859_1));
        byte[][] replies = d.readBoth();
        assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]), garbage);
        assertTrue(Differential.printable(replies[1]).startsWith("-ERR Protocol error: "));
        assertTrue(d.redis().closedByServer());
        assertTrue(d.runnel().closedByServer());
        try (Differential other = Differential.connect(d.redis().port(), d.runnel().port())) {
            other.same("GET", "before");
        }
    }

    @Test
    void commandsBeforeTheErrorAreAnswered() throws IOException {
        d.sendRaw(Differential.concat(RawClient.encode(RawClient.bytes("SET", "x", "1")),
                RawClient.encode(RawClient.bytes("INCR", "x")), "*abc\r\n".getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < 3; i++) {
            byte[][] replies = d.readBoth();
            assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]));
        }
        assertTrue(d.redis().closedByServer());
        assertTrue(d.runnel().closedByServer());
    }

    @Test
    void emptyAndInlineRequests() {
        d.sendRaw("*0\r\n*-1\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[][] replies = d.readBoth();
        assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]));
        d.sendRaw("SET inline \"a b\"\r\nGET inline\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 2; i++) {
            replies = d.readBoth();
            assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]));
        }
    }

    /**
     * With proto-max-bulk-len raised to 1 GB, announcing a 600 MB argument is allowed, but the
     * server must not reserve the 600 MB before they arrive; it keeps serving, and a connection
     * that was open before the change follows the new limit too.
     */
    @Test
    void hugeAnnouncedBulkIsNotAllocatedUpFront() throws IOException {
        RawClient runnel = d.runnel();
        try {
            runnel.call("CONFIG", "SET", "proto-max-bulk-len", "1gb");
            long before = usedMemory(runnel);
            try (RawClient big = new RawClient(runnel.port())) {
                big.send(("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$629145600\r\n" + "x".repeat(100_000))
                        .getBytes(StandardCharsets.US_ASCII));
                // the announcement has been read once another command on that connection's server answers
                assertEquals("+PONG\r\n", runnel.callText("PING"));
                for (int i = 0; i < 20; i++) {
                    runnel.callText("INFO", "memory");
                }
                long during = usedMemory(runnel);
                assertTrue(during - before < 300L * 1024 * 1024, "used_memory grew from " + before + " to " + during);
            }
            // the connection open before the change follows it: 600 MB now exceeds the limit again
            runnel.call("CONFIG", "SET", "proto-max-bulk-len", "512mb");
            runnel.send("*1\r\n$629145600\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", new String(runnel.readReply(), StandardCharsets.US_ASCII));
            assertTrue(runnel.closedByServer());
        } finally {
            try (RawClient restore = new RawClient(runnel.port())) {
                restore.call("CONFIG", "SET", "proto-max-bulk-len", "512mb");
            }
        }
    }

    private static long usedMemory(RawClient client) throws IOException {
        for (String line : client.callText("INFO", "memory").split("\r\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()));
            }
        }
        throw new AssertionError("no used_memory");
    }
}
