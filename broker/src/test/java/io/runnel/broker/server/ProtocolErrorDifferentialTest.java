package io.runnel.broker.server;

import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests that break the protocol: the same error, the connection closed, other clients served. */
class ProtocolErrorDifferentialTest {

    private Differential d;

    @BeforeEach
    void open() {
        d = Differential.open();
    }

    @AfterEach
    void close() {
        d.close();
    }

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
}
