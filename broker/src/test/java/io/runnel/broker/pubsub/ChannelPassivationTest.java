package io.runnel.broker.pubsub;

import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A channel entity passivates whenever its last subscriber leaves. A SUBSCRIBE racing with that
 * passivation must survive it: here every round's subscriber leaves while the next one
 * subscribes at once from another connection, and each round checks that a message is heard.
 */
class ChannelPassivationTest {

    @Test
    void subscriptionsSurviveThePassivationOfAnEmptyChannel() throws Exception {
        String channel = "passivation";
        String expected = "*3\r\n$7\r\nmessage\r\n$" + channel.length() + "\r\n" + channel + "\r\n$5\r\nheard\r\n";
        try (RawClient publisher = new RawClient(RunnelTestServer.port())) {
            RawClient leaving = null;
            for (int round = 0; round < 300; round++) {
                RawClient subscriber = new RawClient(RunnelTestServer.port());
                if (leaving != null) {
                    leaving.send(RawClient.encode(RawClient.bytes("UNSUBSCRIBE", channel)));
                }
                subscriber.call("SUBSCRIBE", channel);
                if (leaving != null) {
                    leaving.readReply();
                    leaving.close();
                }
                assertEquals(":1\r\n", text(publisher.call("PUBLISH", channel, "heard")), "round " + round);
                assertEquals(expected, text(subscriber.readReply()), "round " + round);
                leaving = subscriber;
            }
            leaving.close();
        }
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }
}
