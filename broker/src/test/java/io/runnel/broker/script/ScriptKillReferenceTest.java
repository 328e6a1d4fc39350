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
            Thread.sleep(300);
            expect("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n", "GET", "busy:key");
            expect("+OK\r\n", "SCRIPT", "KILL");
            String killed = new String(runner.readReply());
            assertTrue(killed.startsWith("-ERR Script killed by user with SCRIPT KILL... script: "), killed);
            expect("$-1\r\n", "GET", "busy:key");
        }
    }

    @Test
    void aScriptThatWroteCannotBeKilled() throws Exception {
        expect("+OK\r\n", "CONFIG", "SET", "busy-reply-threshold", "100");
        try (RawClient runner = new RawClient(RunnelTestServer.port())) {
            runner.send(RawClient.encode(RawClient.bytes("EVAL",
                    "redis.call('set', KEYS[1], 'x') local t = redis.call('time') local i = 0 "
                            + "while i < 30000000 do i = i + 1 end return 'done'", "1", "busy:written")));
            Thread.sleep(300);
            String answer = r.callText("SCRIPT", "KILL");
            assertTrue(answer.startsWith("-UNKILLABLE Sorry the script already executed write commands"), answer);
            assertEquals("$4\r\ndone\r\n", new String(runner.readReply()));
            expect("$1\r\nx\r\n", "GET", "busy:written");
        }
    }
}
