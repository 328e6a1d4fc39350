package io.runnel.broker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Watches the keyspace notifications of both servers of a {@link Differential}: enables the
 * given notify-keyspace-events classes on both and subscribes one connection per server to
 * every keyspace and keyevent channel through one pattern, so both sequences arrive in the
 * order the server raised them. {@link #assertSame()} compares what arrived since the last call.
 * Closing turns notifications off again.
 */
public final class NotificationWatch implements AutoCloseable {

    private static final String PATTERN = "__key*__:*";
    private static final String MARKER_CHANNEL = "__keyevent@0__:watch-marker";

    private final Differential d;
    private final RawClient redis;
    private final RawClient runnel;

    private NotificationWatch(Differential d, RawClient redis, RawClient runnel) {
        this.d = d;
        this.redis = redis;
        this.runnel = runnel;
    }

    /** Enables {@code classes} (notify-keyspace-events syntax) and starts watching. */
    public static NotificationWatch open(Differential d, String classes) {
        d.same("CONFIG", "SET", "notify-keyspace-events", classes);
        try {
            RawClient redis = new RawClient(d.redis().port());
            RawClient runnel = new RawClient(d.runnel().port());
            redis.call("PSUBSCRIBE", PATTERN);
            runnel.call("PSUBSCRIBE", PATTERN);
            return new NotificationWatch(d, redis, runnel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that both servers raised the same notifications, in the same order, since the last
     * call: a marker published after the commands ends each sequence (a notification is raised
     * before its command replies, so none can arrive after the marker).
     */
    public List<String> assertSame() {
        d.both("PUBLISH", MARKER_CHANNEL, "end");
        List<String> expected = drain(redis);
        List<String> actual = drain(runnel);
        assertEquals(String.join("\n", expected), String.join("\n", actual));
        return expected;
    }

    /** Runnel's notifications since the last call (for extensions redis-server does not have). */
    public List<String> runnelOnly() {
        try {
            d.runnel().call("PUBLISH", MARKER_CHANNEL, "end");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain(runnel);
    }

    /**
     * Both sequences {redis, runnel}, unasserted, after waiting for notifications raised in the
     * background (the active expiry cycle, whose order is random).
     */
    public List<List<String>> bothAfter(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        d.both("PUBLISH", MARKER_CHANNEL, "end");
        return List.of(drain(redis), drain(runnel));
    }

    private static List<String> drain(RawClient client) {
        List<String> messages = new ArrayList<>();
        try {
            while (true) {
                Resp.Node message = Resp.parse(client.readReply());
                String channel = message.elements().get(2).text();
                if (channel.equals(MARKER_CHANNEL)) {
                    return messages;
                }
                messages.add(channel + " " + message.elements().get(3).text());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        d.both("CONFIG", "SET", "notify-keyspace-events", "");
        try {
            redis.close();
            runnel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
