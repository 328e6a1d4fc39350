package io.runnel.broker.testing;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.config.ServerConfig;

/** A Runnel server on a free loopback port, shared by the tests of one JVM. */
public final class RunnelTestServer {

    private static RunnelServer shared;

    private RunnelTestServer() {
    }

    public static synchronized RunnelServer shared() {
        if (shared == null) {
            shared = start("--port", "0");
            RunnelServer stopping = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stopping::close));
        }
        return shared;
    }

    /** A separate server with its own configuration; the caller closes it. */
    public static RunnelServer start(String... arguments) {
        try {
            return RunnelServer.start(ServerConfig.fromArguments(arguments));
        } catch (Exception e) {
            throw new IllegalStateException("Runnel did not start", e);
        }
    }

    public static int port() {
        return shared().port();
    }
}
