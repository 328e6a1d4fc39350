package io.runnel.broker.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * Base of the tests that go through Lettuce: one client for the class, pointed at the shared
 * Runnel server, shut down after the last test.
 */
public abstract class LettuceCase {

    protected static RedisClient client;

    @BeforeAll
    static void connectLettuce() {
        client = RedisClient.create(RedisURI.create("127.0.0.1", RunnelTestServer.port()));
        client.setDefaultTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void shutdownLettuce() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
