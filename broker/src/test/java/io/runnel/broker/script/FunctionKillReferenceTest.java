package io.runnel.broker.script;

import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelClientCase;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A function that runs past busy-reply-threshold: FUNCTION STATS names it and the command that
 * called it, clients that need its entity get BUSY naming FUNCTION KILL, SCRIPT KILL refuses to
 * stop a function (and FUNCTION KILL a script), FUNCTION KILL stops it. The replies are those
 * redis-server 7.0 gave for the same scenario; timing-bound, so asserted here.
 */
class FunctionKillReferenceTest extends RunnelClientCase {

    @AfterEach
    void restore() throws Exception {
        r.callText("CONFIG", "SET", "busy-reply-threshold", "5000");
        r.callText("FUNCTION", "FLUSH");
    }


    @Test
    void aBusyFunctionIsReportedAndKilled() throws Exception {
        expect("$4\r\nbusy\r\n", "FUNCTION", "LOAD", "#!lua name=busy\n"
                + "redis.register_function('spin', function(keys) local i = 0 while true do i = i + 1 end end)");
        expect("+OK\r\n", "CONFIG", "SET", "busy-reply-threshold", "100");
        try (RawClient runner = new RawClient(RunnelTestServer.port())) {
            runner.send(RawClient.encode(RawClient.bytes("FCALL", "spin", "1", "fbusy:key")));
            String busy = "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n";
            try {
                awaitReply(busy, "GET", "fbusy:key");
                expect(busy, "SCRIPT", "KILL");
                String stats = r.callText("FUNCTION", "STATS");
                assertTrue(stats.startsWith("*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n$4\r\nspin\r\n$7\r\ncommand\r\n"
                        + "*4\r\n$5\r\nFCALL\r\n$4\r\nspin\r\n$1\r\n1\r\n$9\r\nfbusy:key\r\n$11\r\nduration_ms\r\n:"), stats);
                assertTrue(stats.endsWith("\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n"
                        + "$15\r\nfunctions_count\r\n:1\r\n"), stats);
            } finally {
                awaitReply("+OK\r\n", "FUNCTION", "KILL");
            }
            String killed = new String(runner.readReply());
            assertTrue(killed.equals("-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.\r\n"), killed);
            expect("$-1\r\n", "GET", "fbusy:key");
            expect("-NOTBUSY No scripts in execution right now.\r\n", "FUNCTION", "KILL");
        }
    }

    /** As a script: a function that turns long inline before writing moves to a script thread, where FUNCTION KILL stops it. */
    @Test
    void aShortFunctionThatTurnsLongMovesToAScriptThread() throws Exception {
        expect("$6\r\nloops2\r\n", "FUNCTION", "LOAD", "#!lua name=loops2\n"
                + "redis.register_function('loop', function(keys, args) local n = tonumber(args[1]) local i = 0 "
                + "while n < 0 or i < n do i = i + 1 end return redis.call('GET', keys[1]) end)");
        for (int i = 0; i < 5; i++) {
            expect("$-1\r\n", "FCALL", "loop", "1", "finline:key", "10");
        }
        assertTrue(RunnelTestServer.shared().context().functions().function("loop").profile().runsInline(),
                "five short runs make the function run inline");
        expect("+OK\r\n", "CONFIG", "SET", "busy-reply-threshold", "100");
        try (RawClient runner = new RawClient(RunnelTestServer.port())) {
            runner.send(RawClient.encode(RawClient.bytes("FCALL", "loop", "1", "finline:key", "-1")));
            try {
                awaitReply("-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n",
                        "GET", "finline:key");
            } finally {
                awaitReply("+OK\r\n", "FUNCTION", "KILL");
            }
            String killed = new String(runner.readReply());
            assertTrue(killed.startsWith("-ERR Script killed by user with SCRIPT KILL... script: loop"), killed);
        }
    }

    @Test
    void helpNamesEverySubcommand() throws Exception {
        String help = r.callText("FUNCTION", "HELP");
        assertTrue(help.startsWith("*23\r\n+FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"), help);
        for (String line : new String[] {"+LOAD [REPLACE] <code>", "+DELETE <library>", "+LIST [LIBRARYNAME <pattern>] [WITHCODE]",
                "+STATS", "+KILL", "+FLUSH [ASYNC|SYNC]", "+DUMP", "+RESTORE <payload> [FLUSH|APPEND|REPLACE]", "+HELP"}) {
            assertTrue(help.contains("\r\n" + line + "\r\n"), line);
        }
        expect("-ERR wrong number of arguments for 'function|help' command\r\n", "FUNCTION", "HELP", "x");
    }

    @Test
    void functionKillDoesNotStopAScript() throws Exception {
        expect("+OK\r\n", "CONFIG", "SET", "busy-reply-threshold", "100");
        try (RawClient runner = new RawClient(RunnelTestServer.port())) {
            runner.send(RawClient.encode(RawClient.bytes("EVAL", "local i = 0 while true do i = i + 1 end", "1", "fbusy:script")));
            try {
                awaitReply("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n",
                        "FUNCTION", "KILL");
            } finally {
                awaitReply("+OK\r\n", "SCRIPT", "KILL");
            }
            String killed = new String(runner.readReply());
            assertTrue(killed.startsWith("-ERR Script killed by user with SCRIPT KILL... script: "), killed);
        }
    }
}
