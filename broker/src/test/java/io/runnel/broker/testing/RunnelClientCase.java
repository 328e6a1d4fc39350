package io.runnel.broker.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that talk to the shared Runnel server alone (commands newer than the
 * reference redis-server, and Runnel's extensions): one connection per test, closed after it. A
 * subclass's own {@code @BeforeEach} runs once the connection is open.
 */
public abstract class RunnelClientCase {

    protected RawClient r;

    @BeforeEach
    void openClient() throws Exception {
        r = new RawClient(RunnelTestServer.port());
    }

    @AfterEach
    void closeClient() throws Exception {
        r.close();
    }

    /** Asserts the exact reply to a command. */
    protected void expect(String reply, String... command) throws Exception {
        org.junit.jupiter.api.Assertions.assertEquals(reply, r.callText(command), String.join(" ", command));
    }
}
