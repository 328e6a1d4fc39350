package io.runnel.broker.script;

import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelClientCase;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A script that runs past busy-reply-threshold: clients that need its keys' entity get BUSY,
 * SCRIPT KILL stops it while it has written nothing (and refuses with UNKILLABLE once it has),
 * and the script's own client gets Redis's error. Timing-bound, so asserted here rather than
 * against redis-server (whose answers these are, from its documentation and tests).
 */
class ScriptKillReferenceTest extends RunnelClientCase {

    @AfterEach
    void restoreThreshold() throws Exception {
        r.callText("CONFIG", "SET", "busy-reply-threshold", "5000");
    }


    @Test
    void aBusyScriptIsReportedAndKilled() throws Exception {
        expect("+OK\r\n", "CONFIG", "SET", "busy-reply-threshold", "100");
        expect("-NOTBUSY No scripts in execution right now.\r\n", "SCRIPT", "KILL");
        try (RawClient runner = new RawClient(RunnelTestServer.port())) {
            runner.send(RawClient.encode(RawClient.bytes("EVAL", "local i = 0 while true do i = i + 1 end", "1", "busy:key")));
            // a command sent before the script has run long enough waits for it, then is answered BUSY
            try {
                awaitReply("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n", "GET", "busy:key");
            } finally {
                awaitReply("+OK\r\n", "SCRIPT", "KILL"); // never leave the script running for the tests after
            }
            String killed = new String(runner.readReply());
            assertTrue(killed.startsWith("-ERR Script killed by user with SCRIPT KILL... script: "), killed);
            expect("$-1\r\n", "GET", "busy:key");
        }
    }

    @Test
    void aScriptThatWroteCannotBeKilled() throws Exception {
        expect("+OK\r\n", "CONFIG", "SET", "busy-reply-threshold", "100");
        try (RawClient runner = new RawClient(RunnelTestServer.port())) {
            // writes, then runs for two seconds by the server's clock
            runner.send(RawClient.encode(RawClient.bytes("EVAL",
                    "redis.call('set', KEYS[1], 'x') local start = tonumber(redis.call('time')[1]) "
                            + "while tonumber(redis.call('time')[1]) < start + 2 do end return 'done'", "1", "busy:written")));
            String answer = awaitReply("-UNKILLABLE Sorry the script already executed write commands against the dataset. "
                    + "You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n",
                    "SCRIPT", "KILL");
            assertTrue(answer.startsWith("-UNKILLABLE"), answer);
            assertEquals("$4\r\ndone\r\n", new String(runner.readReply()));
            expect("$1\r\nx\r\n", "GET", "busy:written");
        }
    }

    /**
     * A script whose runs have been short runs inline in its entity; when a run turns long before
     * it has written, it starts again on a script thread, where BUSY and SCRIPT KILL reach it, and
     * the commands pipelined after it keep their order.
     */
    @Test
    void aShortScriptThatTurnsLongMovesToAScriptThread() throws Exception {
        String sha = r.callText("SCRIPT", "LOAD", "local n = tonumber(ARGV[1]) local i = 0 "
                + "while n < 0 or i < n do i = i + 1 end return redis.call('GET', KEYS[1])").split("\r\n")[1];
        expect("+OK\r\n", "SET", "inline:key", "v");
        for (int i = 0; i < 5; i++) {
            expect("$1\r\nv\r\n", "EVALSHA", sha, "1", "inline:key", "10"); // short: inline from the third run
        }
        assertTrue(RunnelTestServer.shared().context().scripts().get(sha.getBytes()).profile().runsInline(),
                "five short runs make the script run inline");
        expect("+OK\r\n", "CONFIG", "SET", "busy-reply-threshold", "100");
        try (RawClient runner = new RawClient(RunnelTestServer.port())) {
            byte[] pipeline = concat(RawClient.encode(RawClient.bytes("EVALSHA", sha, "1", "inline:key", "-1")),
                    RawClient.encode(RawClient.bytes("SET", "inline:key", "after")),
                    RawClient.encode(RawClient.bytes("GET", "inline:key")));
            runner.send(pipeline);
            try {
                awaitReply("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n",
                        "GET", "inline:key");
            } finally {
                awaitReply("+OK\r\n", "SCRIPT", "KILL");
            }
            String killed = new String(runner.readReply());
            assertTrue(killed.startsWith("-ERR Script killed by user with SCRIPT KILL... script: " + sha), killed);
            assertEquals("+OK\r\n", new String(runner.readReply()));
            assertEquals("$5\r\nafter\r\n", new String(runner.readReply()));
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
