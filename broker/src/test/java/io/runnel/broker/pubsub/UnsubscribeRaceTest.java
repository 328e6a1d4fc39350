package io.runnel.broker.pubsub;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Messages are delivered from the publisher's thread, out of the channel's published view, so a
 * publisher can hold the view of a moment ago while a subscriber leaves the channel. Here that
 * moment is made to happen: the view is taken, the client unsubscribes and sees its
 * confirmation, and only then is the message delivered through the old view. The client must
 * never see it: the next reply is its PING's.
 */
class UnsubscribeRaceTest {

    @Test
    void aMessageDeliveredThroughAnOldViewNeverFollowsTheUnsubscribeConfirmation() throws Exception {
        RunnelServer server = RunnelTestServer.shared();
        byte[] channel = "late:channel".getBytes(StandardCharsets.US_ASCII);
        try (RawClient subscriber = new RawClient(server.port())) {
            subscriber.call("SUBSCRIBE", "late:channel");
            Subscriber[] oldView = server.context().pubSub().registry().subscribersOf(Subscriptions.Kind.CHANNEL, channel);
            assertEquals(1, oldView.length);

            assertEquals("*3\r\n$11\r\nunsubscribe\r\n$12\r\nlate:channel\r\n:0\r\n",
                    text(subscriber.call("UNSUBSCRIBE", "late:channel")));
            PushFrame message = new PushFrame("message".getBytes(StandardCharsets.US_ASCII), null, channel,
                    "too late".getBytes(StandardCharsets.US_ASCII));
            oldView[0].deliver(message);
            message.release();

            assertEquals("+PONG\r\n", text(subscriber.call("PING")));
            // subscribed again, the client hears the channel's next message
            subscriber.call("SUBSCRIBE", "late:channel");
            try (RawClient publisher = new RawClient(server.port())) {
                assertEquals(":1\r\n", text(publisher.call("PUBLISH", "late:channel", "on time")));
            }
            assertEquals("*3\r\n$7\r\nmessage\r\n$12\r\nlate:channel\r\n$7\r\non time\r\n", text(subscriber.readReply()));
        }
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }
}
