package io.runnel.broker.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the tests that assert the keyspace notifications of the shared Runnel server alone
 * (commands newer than the reference redis-server, and Runnel's own): one client, and one
 * subscriber to every key-event channel; {@link #events()} returns what was raised since its
 * last call. A subclass's own {@code @BeforeEach} runs once both are open.
 */
public abstract class KeyEventCase {

    private static final String MARKER = "__keyevent@0__:test-marker";

    protected RawClient client;
    private RawClient subscriber;

    /** The notify-keyspace-events classes the test turns on (key-event classes, such as "Et"). */
    protected abstract String classes();

    @BeforeEach
    void openKeyEvents() throws Exception {
        client = new RawClient(RunnelTestServer.port());
        client.callText("CONFIG", "SET", "notify-keyspace-events", classes());
        subscriber = new RawClient(RunnelTestServer.port());
        subscriber.call("PSUBSCRIBE", "__keyevent@*__:*");
    }

    @AfterEach
    void closeKeyEvents() throws Exception {
        client.callText("CONFIG", "SET", "notify-keyspace-events", "");
        subscriber.close();
        client.close();
    }

    /**
     * The "event key" pairs raised since the last call: a marker published after the commands
     * ends the sequence (a notification is raised before its command replies).
     */
    protected List<String> events() throws Exception {
        client.call("PUBLISH", MARKER, "end");
        List<String> events = new ArrayList<>();
        while (true) {
            Resp.Node message = Resp.parse(subscriber.readReply());
            String channel = message.get(2).text();
            if (channel.equals(MARKER)) {
                return events;
            }
            events.add(channel.substring(channel.indexOf(':') + 1) + " " + message.get(3).text());
        }
    }
}
