package io.runnel.broker.server;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RedisServerProcess;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both servers with requirepass: NOAUTH, AUTH, HELLO AUTH and the unauthenticated protocol limits. */
class AuthenticationDifferentialTest {

    private static RedisServerProcess redis;
    private static RunnelServer runnel;
    private Differential d;

    @BeforeAll
    static void start() {
        redis = RedisServerProcess.start("--requirepass", "s3cret");
        runnel = RunnelTestServer.start("--port", "0", "--requirepass", "s3cret");
    }

    @AfterAll
    static void stop() {
        redis.stop();
        runnel.close();
    }

    @BeforeEach
    void connect() {
        d = Differential.connect(redis.port(), runnel.port());
    }

    @AfterEach
    void close() {
        d.close();
    }

    private void sameHello(String... command) {
        byte[][] replies = d.both(command);
        assertEquals(ConnectionCommandsDifferentialTest.maskHello(replies[0]),
                ConnectionCommandsDifferentialTest.maskHello(replies[1]), String.join(" ", command));
    }

    @Test
    void commandsNeedAuthentication() {
        d.same("GET", "a");
        d.same("PING");
        d.same("SET", "a", "b");
        d.same("CLIENT", "ID");
        d.same("CONFIG", "GET", "requirepass");
        d.same("NOSUCH", "x");
        d.same("GET"); // arity is checked before authentication
        d.same("CLIENT", "SETNAME");
        d.same("HELLO");
        d.same("HELLO", "3");
        d.same("HELLO", "4");
        d.same("HELLO", "x");
        d.same("HELLO", "3", "SETNAME", "bad name");
        d.same("HELLO", "3", "SETNAME", "named");
        d.same("RESET");
        d.same("GET", "a");
    }

    @Test
    void authSucceedsOrFails() {
        d.same("AUTH", "wrong");
        d.same("GET", "a");
        d.same("AUTH", "default", "wrong");
        d.same("AUTH", "nobody", "s3cret");
        d.same("AUTH", "DEFAULT", "s3cret");
        d.same("AUTH", "a", "b", "c");
        d.same("AUTH", "s3cret");
        d.same("GET", "a");
        d.same("AUTH", "wrong"); // stays authenticated
        d.same("GET", "a");
        d.same("RESET"); // but RESET forgets it
        d.same("GET", "a");
        d.same("AUTH", "default", "s3cret");
        d.same("DEL", "a");
        d.same("QUIT");
    }

    @Test
    void helloAuthenticates() {
        d.same("HELLO", "3", "AUTH", "default", "wrong");
        d.same("HELLO", "3", "AUTH", "nobody", "s3cret");
        d.same("GET", "a");
        sameHello("HELLO", "3", "AUTH", "default", "s3cret");
        d.same("GET", "a");
        d.same("CLIENT", "GETNAME");
        sameHello("HELLO", "2", "AUTH", "default", "s3cret", "SETNAME", "conn");
        d.same("CLIENT", "GETNAME");
        d.same("RESET");
        d.same("HELLO", "2", "SETNAME", "bad name", "AUTH", "default", "s3cret");
        d.same("HELLO", "2", "AUTH", "default", "s3cret", "SETNAME", "bad name");
        d.same("GET", "a");
    }

    private static String[] command(int arguments) {
        List<String> out = new ArrayList<>(List.of("MSET"));
        for (int i = 1; i < arguments; i++) {
            out.add("x" + i);
        }
        return out.toArray(String[]::new);
    }

    @Test
    void unauthenticatedClientsMaySendOnlySmallRequests() throws IOException {
        d.same(command(10)); // ten arguments are still parsed: NOAUTH
        d.sendRaw(RawClient.encode(RawClient.bytes(command(20))));
        byte[][] replies = d.readBoth();
        assertEquals("-ERR Protocol error: unauthenticated multibulk length\r\n", Differential.printable(replies[1])
                .replace("\\r\\n", "\r\n"));
        assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]));
        assertTrue(d.redis().closedByServer());
        assertTrue(d.runnel().closedByServer());
    }

    @Test
    void unauthenticatedBulkLimit() throws IOException {
        d.sendRaw(RawClient.encode(RawClient.bytes("AUTH", "x".repeat(20_000))));
        byte[][] replies = d.readBoth();
        assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]));
        assertTrue(d.redis().closedByServer());
        assertTrue(d.runnel().closedByServer());
    }

    @Test
    void authenticatedClientsMaySendLargeRequests() {
        d.same("AUTH", "s3cret");
        d.same(command(21));
        d.same("GET", "x1");
        d.same("SET", "big", "y".repeat(20_000));
        d.same("STRLEN", "big");
        d.same("DEL", "big", "x1", "x3", "x5", "x7", "x9", "x11", "x13", "x15", "x17", "x19");
    }

    @Test
    void aLargeCommandPipelinedAfterAuthIsHeldToTheAuthenticatedLimits() throws IOException {
        d.sendRaw(Differential.concat(RawClient.encode(RawClient.bytes("AUTH", "s3cret")),
                RawClient.encode(RawClient.bytes(command(21))),
                RawClient.encode(RawClient.bytes("SET", "big", "y".repeat(20_000))),
                RawClient.encode(RawClient.bytes("STRLEN", "big"))));
        for (int i = 0; i < 4; i++) {
            byte[][] replies = d.readBoth();
            assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]), "reply " + i);
        }
        d.same("DEL", "big", "x1", "x3", "x5", "x7", "x9", "x11", "x13", "x15", "x17", "x19");
    }

    @Test
    void aLargeCommandPipelinedAfterAFailedAuthIsAProtocolError() throws IOException {
        d.sendRaw(Differential.concat(RawClient.encode(RawClient.bytes("AUTH", "wrong")),
                RawClient.encode(RawClient.bytes(command(21)))));
        for (int i = 0; i < 2; i++) {
            byte[][] replies = d.readBoth();
            assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]), "reply " + i);
        }
        assertTrue(d.redis().closedByServer());
        assertTrue(d.runnel().closedByServer());
    }
}
