package io.runnel.broker.pubsub;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.runnel.broker.testing.LettuceCase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An event bus through Lettuce: subscribers on their own connections see every message in order. */
class LettucePubSubTest extends LettuceCase {


    @Test
    void subscribersReceiveEveryMessageInPublishOrder() throws Exception {
        int subscribers = 3;
        int messages = 500;
        CountDownLatch done = new CountDownLatch(subscribers);
        List<List<String>> received = new CopyOnWriteArrayList<>();
        List<StatefulRedisPubSubConnection<String, String>> connections = new CopyOnWriteArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            List<String> mine = new CopyOnWriteArrayList<>();
            received.add(mine);
            StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    mine.add(message);
                    if (mine.size() == messages) {
                        done.countDown();
                    }
                }
            });
            connection.sync().subscribe("lettuce:bus");
            connections.add(connection);
        }
        try (StatefulRedisConnection<String, String> publisher = client.connect()) {
            for (int i = 0; i < messages; i++) {
                assertEquals(subscribers, publisher.sync().publish("lettuce:bus", "m" + i));
            }
            assertTrue(done.await(20, TimeUnit.SECONDS), "every subscriber got every message");
            for (List<String> mine : received) {
                for (int i = 0; i < messages; i++) {
                    assertEquals("m" + i, mine.get(i));
                }
            }
            for (StatefulRedisPubSubConnection<String, String> connection : connections) {
                connection.sync().unsubscribe("lettuce:bus");
            }
            assertEquals(0, publisher.sync().publish("lettuce:bus", "after"));
        } finally {
            connections.forEach(StatefulRedisPubSubConnection::close);
        }
    }
}
