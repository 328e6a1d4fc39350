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

    /** Repeats a command until it answers {@code reply} (a state reached in the background), at most 10 s. */
    protected String awaitReply(String reply, String... command) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        String answer;
        do {
            answer = r.callText(command);
            if (answer.equals(reply)) {
                return answer;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError(String.join(" ", command) + " kept answering " + answer);
    }
}
