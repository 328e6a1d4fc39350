package io.runnel.broker.pubsub;

import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A channel entity passivates whenever it has no subscribers, for instance right after a
 * PUBLISH nobody heard. A SUBSCRIBE racing with that passivation must survive it: here every
 * round publishes to an empty channel and subscribes at once from another connection, then
 * checks that the next message is heard.
 */
class ChannelPassivationTest {

    @Test
    void subscriptionsSurviveThePassivationOfAnEmptyChannel() throws Exception {
        try (RawClient publisher = new RawClient(RunnelTestServer.port())) {
            for (int round = 0; round < 300; round++) {
                String channel = "passivation:" + (round % 7);
                try (RawClient subscriber = new RawClient(RunnelTestServer.port())) {
                    publisher.send(RawClient.encode(RawClient.bytes("PUBLISH", channel, "unheard")));
                    subscriber.call("SUBSCRIBE", channel);
                    assertEquals(":0\r\n", text(publisher.readReply()), "round " + round);
                    assertEquals(":1\r\n", text(publisher.call("PUBLISH", channel, "heard")), "round " + round);
                    String expected = "*3\r\n$7\r\nmessage\r\n$" + channel.length() + "\r\n" + channel + "\r\n$5\r\nheard\r\n";
                    assertEquals(expected, text(subscriber.readReply()), "round " + round);
                    subscriber.call("UNSUBSCRIBE", channel);
                }
            }
        }
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }
}
