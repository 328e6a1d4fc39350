package io.runnel.broker.server;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RedisServerProcess;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SHUTDOWN against servers of its own (it stops them): bad options are refused with Redis's
 * error, and a plain SHUTDOWN closes the connection without a reply. That the process then
 * exits is checked by scripts/smoke-launcher.sh, which runs the real launcher.
 */
class ShutdownDifferentialTest {

    @Test
    void shutdownRefusesBadOptionsThenClosesTheConnection() throws IOException {
        RedisServerProcess redis = RedisServerProcess.start();
        RunnelServer runnel = RunnelTestServer.start("--port", "0");
        try (Differential d = Differential.connect(redis.port(), runnel.port())) {
            d.same("SHUTDOWN", "NOSAVE", "BOGUS");
            d.same("SHUTDOWN", "NOSAVE", "NOW", "FORCE", "EXTRA");
            d.same("SHUTDOWN", "SAVE", "NOSAVE");
            d.same("SHUTDOWN", "ABORT", "NOW");
            d.same("SHUTDOWN", "ABORT");
            d.sendRaw(RawClient.encode(RawClient.bytes("SHUTDOWN", "NOSAVE")));
            assertTrue(d.redis().closedByServer(), "redis-server closed the connection");
            assertTrue(d.runnel().closedByServer(), "Runnel closed the connection");
        } finally {
            redis.stop();
            runnel.close();
        }
    }
}
