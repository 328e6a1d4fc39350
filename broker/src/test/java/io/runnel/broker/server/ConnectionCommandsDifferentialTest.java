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

/** PING, ECHO, SELECT, HELLO, AUTH, RESET, QUIT and the session's own errors, against redis-server. */
class ConnectionCommandsDifferentialTest extends DifferentialCase {

    /** HELLO's reply differs only in the version Runnel claims and the connection id. */
    static String maskHello(byte[] reply) {
        return Differential.printable(reply)
                .replaceAll("\\$\\d+\\\\r\\\\n(7\\.0\\.15|7\\.2\\.4)\\\\r\\\\n", "\\$N\\\\r\\\\nVERSION\\\\r\\\\n")
                .replaceAll("(\\$2\\\\r\\\\nid\\\\r\\\\n):\\d+", "$1:ID");
    }

    void sameHello(String... command) {
        byte[][] replies = d.both(command);
        assertEquals(maskHello(replies[0]), maskHello(replies[1]), () -> "reply to " + String.join(" ", command));
    }

    private void inBothProtocols(Runnable checks) {
        checks.run();
        sameHello("HELLO", "3");
        checks.run();
        sameHello("HELLO", "2");
    }

    @Test
    void pingAndEcho() {
        inBothProtocols(() -> {
            d.same("PING");
            d.same("ping", "hello");
            d.same("PING", "");
            d.same("PING", "a", "b");
            d.same("ECHO");
            d.same("ECHO", "x");
            d.same("ECHO", "");
            d.same("ECHO", "x", "y");
            d.same(new byte[][] {"ECHO".getBytes(StandardCharsets.US_ASCII), {0, (byte) 0xff, '\r', '\n', 1}});
        });
    }

    @Test
    void select() {
        inBothProtocols(() -> {
            d.same("SELECT", "1");
            d.same("SET", "k", "in-1");
            d.same("SELECT", "15");
            d.same("GET", "k");
            d.same("SELECT", "16");
            d.same("SELECT", "-1");
            d.same("SELECT", "x");
            d.same("SELECT", "1.5");
            d.same("SELECT", "99999999999999999999");
            d.same("SELECT");
            d.same("SELECT", "1", "2");
            d.same("SELECT", "1");
            d.same("GET", "k");
            d.same("SELECT", "0");
            d.same("GET", "k");
        });
    }

    @Test
    void helloVersionsAndOptions() {
        sameHello("HELLO");
        sameHello("HELLO", "2");
        sameHello("HELLO", "3");
        d.same("PING");
        d.same("GET", "missing");
        sameHello("HELLO", "2");
        d.same("GET", "missing");
        d.same("HELLO", "4");
        d.same("HELLO", "1");
        d.same("HELLO", "0");
        d.same("HELLO", "-1");
        d.same("HELLO", "x");
        d.same("HELLO", "3.0");
        d.same("HELLO", "");
        d.same("HELLO", "3", "AUTH");
        d.same("HELLO", "3", "AUTH", "default");
        sameHello("HELLO", "3", "AUTH", "default", "anything");
        d.same("HELLO", "3", "AUTH", "nobody", "pw");
        d.same("HELLO", "3", "SETNAME");
        d.same("HELLO", "3", "SETNAME", "a", "b");
        d.same("HELLO", "2", "FOO");
        d.same("HELLO", "2", "setname", "has space");
        sameHello("HELLO", "2", "setname", "named", "auth", "default", "x");
        d.same("CLIENT", "GETNAME");
        // options take effect one by one: the name is set before the bad option is reached
        d.same("HELLO", "3", "SETNAME", "first", "BAD");
        d.same("CLIENT", "GETNAME");
        d.same("HELLO", "3", "SETNAME", "second", "SETNAME", "bad name");
        d.same("CLIENT", "GETNAME");
        d.same("HELLO", "2", "SETNAME", "third", "AUTH");
        d.same("CLIENT", "GETNAME");
        // a failed HELLO keeps the protocol
        d.same("HELLO", "3", "FOO");
        d.same("CLIENT", "GETNAME");
    }

    @Test
    void authWithoutAPassword() {
        d.same("AUTH");
        d.same("AUTH", "x");
        d.same("AUTH", "a", "b");
        d.same("AUTH", "a", "b", "c");
        d.same("AUTH", "default", "anything");
        d.same("AUTH", "DEFAULT", "anything");
    }

    @Test
    void reset() {
        d.same("SELECT", "3");
        d.same("CLIENT", "SETNAME", "before");
        sameHello("HELLO", "3");
        d.sendRaw(RawClient.encode(RawClient.bytes("CLIENT", "REPLY", "OFF")));
        d.same("RESET"); // replies are back on
        d.same("PING");
        d.same("CLIENT", "GETNAME");
        d.same("SET", "k", "in-0");
        d.same("SELECT", "3");
        d.same("GET", "k");
        d.same("RESET", "x");
        d.same("reset");
    }

    @Test
    void quitRepliesThenCloses() throws IOException {
        d.same("QUIT");
        assertTrue(d.redis().closedByServer());
        assertTrue(d.runnel().closedByServer());
    }

    @Test
    void quitWithArgumentsToo() throws IOException {
        d.same("QUIT", "now");
        assertTrue(d.redis().closedByServer());
        assertTrue(d.runnel().closedByServer());
    }

    @Test
    void unknownCommands() {
        inBothProtocols(() -> {
            d.same("NOSUCH");
            d.same("nosuch", "a", "b");
            d.same("NOSUCH", "");
            d.same("client|setname", "x");
            d.same("CLIENT|SETNAME");
            String longArg = "x".repeat(200);
            d.same("NOSUCH", longArg);
            d.same(longArg);
            d.same(longArg, longArg);
            d.same("NOSUCH", "a", longArg);
            d.same("NOSUCH", "abc", "de", longArg, "more");
            d.same("NOSUCH", "x".repeat(125), "yyyy", "z");
            d.same("NOSUCH", "x".repeat(126), "y");
            d.same("NOSUCH", "x".repeat(128), "y");
            d.same("NOSUCH", "line\r\nbreak");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"PING a b", "ECHO", "GET", "SET k", "DBSIZE x", "CLIENT", "CLIENT SETNAME", "CLIENT SETNAME a b",
        "CLIENT GETNAME x", "CLIENT ID x", "CLIENT KILL", "CLIENT REPLY", "CLIENT NO-EVICT", "CONFIG", "CONFIG GET",
        "CONFIG SET", "CONFIG SET a", "CONFIG RESETSTAT x", "COMMAND COUNT x", "COMMAND GETKEYS", "COMMAND GETKEYS get",
        "OBJECT", "OBJECT ENCODING", "SWAPDB 0", "TIME x", "AUTH", "HELLO 3 AUTH", "RESET x", "FLUSHDB a b"})
    void wrongArity(String line) {
        d.same(line.split(" "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CLIENT FOO", "CLIENT foo bar", "CONFIG NOSUCH", "COMMAND nosuch", "OBJECT nosuch key",
        "CLIENT setname|x"})
    void unknownSubcommands(String line) {
        d.same(line.split(" "));
    }

    @Test
    void unknownSubcommandIsTruncated() {
        d.same("CLIENT", "s".repeat(300));
        d.same("CONFIG", "s".repeat(128));
    }

    /**
     * A pipeline whose commands each run alone (their keys lie in different entities), with a
     * transaction and a reply too large to be gathered with the small ones in the middle: the
     * replies come whole and in order, as from Redis.
     */
    @Test
    void pipelinedRepliesOverManyEntitiesComeInOrder() throws IOException {
        java.util.List<String[]> commands = new java.util.ArrayList<>();
        String large = "x".repeat(20_000);
        for (int i = 0; i < 40; i++) {
            commands.add(new String[] {"SET", "spread:" + i, i == 17 ? large : Integer.toString(i)});
            commands.add(new String[] {"INCR", "spread:n:" + i});
        }
        commands.add(new String[] {"MULTI"});
        commands.add(new String[] {"GET", "spread:3"});
        commands.add(new String[] {"SET", "spread:30", "y"});
        commands.add(new String[] {"EXEC"});
        for (int i = 0; i < 40; i++) {
            commands.add(new String[] {"GET", "spread:" + i});
        }
        commands.add(new String[] {"DEL", "spread:17", "spread:3"});
        StringBuilder script = new StringBuilder();
        for (String[] command : commands) {
            script.append(new String(RawClient.encode(RawClient.bytes(command)), StandardCharsets.UTF_8));
        }
        d.sendRaw(script.toString().getBytes(StandardCharsets.UTF_8));
        for (String[] command : commands) {
            byte[][] replies = d.readBoth();
            assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]),
                    String.join(" ", command).substring(0, Math.min(60, String.join(" ", command).length())));
        }
    }

    @Test
    void pipelinedRepliesComeInOrder() throws IOException {
        StringBuilder script = new StringBuilder();
        String[][] commands = {{"SET", "a", "1"}, {"NOSUCH"}, {"PING", "x"}, {"SELECT", "2"}, {"GET", "a"}, {"SELECT", "0"},
            {"GET", "a"}, {"ECHO"}, {"DBSIZE"}};
        for (String[] command : commands) {
            script.append(new String(RawClient.encode(RawClient.bytes(command)), StandardCharsets.UTF_8));
        }
        d.sendRaw(script.toString().getBytes(StandardCharsets.UTF_8));
        for (String[] command : commands) {
            byte[][] replies = d.readBoth();
            assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]), String.join(" ", command));
        }
    }
}
