package io.runnel.broker.pubsub;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.runnel.broker.testing.LettuceCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keyspace notifications through Lettuce, as a cache or job service uses them: a pattern
 * listener hears sets, deletions and expiries; a worker that was away reads what it missed
 * from the notification stream with a consumer group.
 */
class LettuceKeyspaceNotificationTest extends LettuceCase {


    @Test
    void aPatternListenerHearsChangesAndExpiries() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (StatefulRedisConnection<String, String> connection = client.connect();
             StatefulRedisPubSubConnection<String, String> listener = client.connectPubSub()) {
            RedisCommands<String, String> redis = connection.sync();
            redis.configSet("notify-keyspace-events", "Egx$");
            try {
                listener.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String pattern, String channel, String message) {
                        heard.add(channel + " " + message);
                    }
                });
                listener.sync().psubscribe("__keyevent@0__:*");
                redis.set("lettuce:session", "token");
                redis.pexpire("lettuce:session", 400);
                redis.set("lettuce:other", "x");
                redis.del("lettuce:other");
                List<String> events = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    String event = heard.poll(5, TimeUnit.SECONDS);
                    events.add(event);
                }
                assertEquals(List.of("__keyevent@0__:set lettuce:session", "__keyevent@0__:expire lettuce:session",
                        "__keyevent@0__:set lettuce:other", "__keyevent@0__:del lettuce:other",
                        "__keyevent@0__:expired lettuce:session"), events);
            } finally {
                redis.configSet("notify-keyspace-events", "");
            }
        }
    }

    @Test
    void aWorkerCatchesUpFromTheNotificationStream() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            redis.del("lettuce:changes");
            redis.configSet("notify-keyspace-stream", "lettuce:changes");
            try {
                redis.xgroupCreate(XReadArgs.StreamOffset.from("lettuce:changes", "$"), "indexers",
                        io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
                // the worker is not reading yet: these changes wait for it in the stream
                redis.set("lettuce:doc:1", "v1");
                redis.append("lettuce:doc:1", "+edit");
                redis.del("lettuce:doc:1");
                List<String> seen = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 5000;
                while (seen.size() < 3 && System.currentTimeMillis() < deadline) {
                    List<StreamMessage<String, String>> batch = redis.xreadgroup(Consumer.from("indexers", "worker-1"),
                            XReadArgs.Builder.count(10).block(500), XReadArgs.StreamOffset.lastConsumed("lettuce:changes"));
                    for (StreamMessage<String, String> message : batch) {
                        seen.add(message.getBody().get("event") + " " + message.getBody().get("key"));
                        redis.xack("lettuce:changes", "indexers", message.getId());
                    }
                }
                assertEquals(List.of("set lettuce:doc:1", "append lettuce:doc:1", "del lettuce:doc:1"), seen);
                assertEquals(0L, redis.xpending("lettuce:changes", "indexers").getCount());
            } finally {
                redis.configSet("notify-keyspace-stream", "");
            }
        }
    }
}
