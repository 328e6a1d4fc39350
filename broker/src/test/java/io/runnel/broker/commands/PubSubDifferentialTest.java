package io.runnel.broker.commands;

import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RedisServerProcess;
import io.runnel.broker.testing.Resp;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channel pub/sub against redis-server: SUBSCRIBE, UNSUBSCRIBE and PUBLISH confirmations,
 * message delivery to a second connection, the subscribed-mode command filter and PING's
 * subscribed shape, in RESP2 and RESP3. Every reply is compared byte for byte.
 */
class PubSubDifferentialTest {

    private static Differential second() {
        return Differential.connect(RedisServerProcess.shared().port(), RunnelTestServer.port());
    }

    private static void sameNext(Differential d) {
        byte[][] replies = d.readBoth();
        assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]));
    }

    /**
     * UNSUBSCRIBE without arguments confirms the channels in the server's own table order (a
     * hash order in Redis), so the confirmations are compared as: the same channels, and the
     * same falling counts.
     */
    private static void unsubscribeAll(Differential d, int channels) {
        unsubscribeAll(d, "UNSUBSCRIBE", channels);
    }

    private static void unsubscribeAll(Differential d, String command, int channels) {
        d.sendRaw(RawClient.encode(RawClient.bytes(command)));
        List<String> redisChannels = new ArrayList<>();
        List<String> runnelChannels = new ArrayList<>();
        List<String> redisCounts = new ArrayList<>();
        List<String> runnelCounts = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            byte[][] replies = d.readBoth();
            Resp.Node redis = Resp.parse(replies[0]);
            Resp.Node runnel = Resp.parse(replies[1]);
            assertEquals(redis.elements().get(0).text(), runnel.elements().get(0).text());
            redisChannels.add(redis.elements().get(1).text());
            runnelChannels.add(runnel.elements().get(1).text());
            redisCounts.add(redis.elements().get(2).text());
            runnelCounts.add(runnel.elements().get(2).text());
        }
        Collections.sort(redisChannels);
        Collections.sort(runnelChannels);
        assertEquals(redisChannels, runnelChannels);
        assertEquals(redisCounts, runnelCounts);
    }

    @Test
    void subscribeConfirmsEachChannelAndDeliversPublishedMessages() {
        try (Differential subscriber = Differential.open(); Differential publisher = second()) {
            subscriber.same("SUBSCRIBE", "pd:news", "pd:sport", "pd:news");
            sameNext(subscriber);
            sameNext(subscriber);

            publisher.same("PUBLISH", "pd:news", "hello");
            sameNext(subscriber);
            publisher.same("PUBLISH", "pd:nobody", "lost");
            publisher.same("PUBLISH", "pd:sport", "");

            sameNext(subscriber);
        }
    }

    @Test
    void subscribedConnectionRefusesOtherCommandsAndPingsAsAnArray() {
        try (Differential d = Differential.open()) {
            d.same("SUBSCRIBE", "pd:only");
            d.same("GET", "x");
            d.same("SET", "x", "1");
            d.same("PING");
            d.same("PING", "payload");
            d.same("PING", "a", "b");
        }
    }

    @Test
    void unsubscribeNamedAllAndNone() {
        try (Differential d = Differential.open(); Differential publisher = second()) {
            d.same("UNSUBSCRIBE");
            d.same("UNSUBSCRIBE", "pd:never");
            d.same("SUBSCRIBE", "pd:a", "pd:b", "pd:c");
            sameNext(d);
            sameNext(d);
            d.same("UNSUBSCRIBE", "pd:b", "pd:zz");
            sameNext(d);
            publisher.same("PUBLISH", "pd:b", "gone");
            publisher.same("PUBLISH", "pd:a", "still");
            sameNext(d);
            d.same("SUBSCRIBE", "pd:d");
            unsubscribeAll(d, 3);
            d.same("UNSUBSCRIBE");
            publisher.same("PUBLISH", "pd:a", "nobody");
            d.same("GET", "pd:a");
        }
    }

    /** A RESP3 client publishing to a channel it listens to gets the message before the count. */
    @Test
    void resp3ClientPublishingToItselfHearsTheMessageFirst() {
        try (Differential d = Differential.open(); Differential other = second()) {
            d.resp3();
            d.same("SUBSCRIBE", "pd:self");
            d.same("PSUBSCRIBE", "pd:s*");
            other.same("PUBLISH", "pd:self", "from elsewhere");
            sameNext(d);
            sameNext(d);
            for (int i = 0; i < 10; i++) {
                d.sendRaw(Differential.concat(RawClient.encode(RawClient.bytes("PUBLISH", "pd:self", "mine " + i)),
                        RawClient.encode(RawClient.bytes("PING"))));
                for (int frame = 0; frame < 4; frame++) {
                    sameNext(d);
                }
            }
            d.same("UNSUBSCRIBE");
            d.same("PUNSUBSCRIBE");
        }
    }

    @Test
    void resp3SubscriberReceivesPushesAndKeepsUsingCommands() {
        try (Differential d = Differential.open(); Differential publisher = second()) {
            d.resp3();
            d.same("SUBSCRIBE", "pd:r3");
            d.same("SET", "k", "v");
            d.same("GET", "k");
            d.same("PING");
            publisher.same("PUBLISH", "pd:r3", "pushed");
            sameNext(d);
            d.same("UNSUBSCRIBE", "pd:r3");
        }
    }

    @Test
    void everySubscriberOfAChannelIsCounted() {
        try (Differential a = Differential.open(); Differential b = second(); Differential publisher = second()) {
            a.same("SUBSCRIBE", "pd:fan");
            b.same("SUBSCRIBE", "pd:fan");
            publisher.same("PUBLISH", "pd:fan", "both");
            sameNext(a);
            sameNext(b);
        }
    }

    @Test
    void resetLeavesSubscribedMode() {
        try (Differential d = Differential.open(); Differential publisher = second()) {
            d.same("SUBSCRIBE", "pd:reset");
            d.same("RESET");
            d.same("GET", "x");
            publisher.same("PUBLISH", "pd:reset", "after");
        }
    }

    @Test
    void publishArity() {
        try (Differential d = Differential.open()) {
            d.same("PUBLISH", "onlychannel");
            d.same("PUBLISH", "c", "m", "extra");
            d.same("SUBSCRIBE");
        }
    }

    @Test
    void patternSubscriptionsReceivePmessagesAndCountWithChannels() {
        try (Differential d = Differential.open(); Differential publisher = second()) {
            d.same("SUBSCRIBE", "pd:news.eu");
            d.same("PSUBSCRIBE", "pd:news.*", "pd:news.*");
            sameNext(d);
            publisher.same("PUBLISH", "pd:news.eu", "both");
            sameNext(d);
            sameNext(d);
            publisher.same("PUBLISH", "pd:news.us", "pattern only");
            sameNext(d);
            publisher.same("PUBLISH", "pd:weather", "neither");
            d.same("PING");
            d.same("GET", "x");
        }
    }

    @Test
    void globFeaturesMatchLikeRedis() {
        String[] patterns = {"pd:h?llo", "pd:h[ae]llo", "pd:h[^e]llo", "pd:h[a-b]llo", "pd:\\*lit", "pd:x*y*z"};
        String[] channels = {"pd:hello", "pd:hallo", "pd:hbllo", "pd:hllo", "pd:*lit", "pd:alit", "pd:xAAyBBz",
                "pd:xyz", "pd:xzy"};
        for (String pattern : patterns) {
            try (Differential d = Differential.open(); Differential publisher = second()) {
                d.same("PSUBSCRIBE", pattern);
                for (String channel : channels) {
                    byte[][] counts = publisher.both("PUBLISH", channel, "m");
                    assertEquals(Differential.printable(counts[0]), Differential.printable(counts[1]),
                            pattern + " against " + channel);
                    if (!Differential.printable(counts[0]).equals(":0\\r\\n")) {
                        sameNext(d);
                    }
                }
            }
        }
    }

    @Test
    void punsubscribeNamedAllAndNone() {
        try (Differential d = Differential.open(); Differential publisher = second()) {
            d.same("PUNSUBSCRIBE");
            d.same("PUNSUBSCRIBE", "pd:never*");
            d.same("SUBSCRIBE", "pd:plain");
            d.same("PSUBSCRIBE", "pd:a*", "pd:b*", "pd:c*");
            sameNext(d);
            sameNext(d);
            d.same("PUNSUBSCRIBE", "pd:b*");
            publisher.same("PUBLISH", "pd:b1", "gone");
            publisher.same("PUBLISH", "pd:a1", "still");
            sameNext(d);
            unsubscribeAll(d, "PUNSUBSCRIBE", 2);
            d.same("PUNSUBSCRIBE");
            d.same("GET", "x");
            d.same("UNSUBSCRIBE");
            d.same("GET", "x");
        }
    }

    @Test
    void resp3PatternMessagesArePushes() {
        try (Differential d = Differential.open(); Differential publisher = second()) {
            d.resp3();
            d.same("PSUBSCRIBE", "pd:r3.*");
            publisher.same("PUBLISH", "pd:r3.x", "pushed");
            sameNext(d);
            d.same("PUNSUBSCRIBE");
        }
    }

    @Test
    void resetAndDisconnectDropPatterns() {
        try (Differential publisher = Differential.open()) {
            try (Differential d = second()) {
                d.same("PSUBSCRIBE", "pd:gone.*");
                d.same("RESET");
                publisher.same("PUBLISH", "pd:gone.1", "nobody after reset");
                d.same("PSUBSCRIBE", "pd:gone.*");
            }
            for (int attempt = 0; attempt < 50; attempt++) {
                byte[][] counts = publisher.both("PUBLISH", "pd:gone.2", "nobody after close");
                if (Differential.printable(counts[0]).equals(Differential.printable(counts[1]))) {
                    return;
                }
                sleep();
            }
            publisher.same("PUBLISH", "pd:gone.2", "nobody after close");
        }
    }

    @Test
    void shardChannelsCountApartAndDeliverSmessages() {
        try (Differential d = Differential.open(); Differential publisher = second()) {
            d.same("SUNSUBSCRIBE");
            d.same("SSUBSCRIBE", "pd:s1", "pd:s2");
            sameNext(d);
            d.same("SUBSCRIBE", "pd:s1");
            d.same("PSUBSCRIBE", "pd:s*");
            d.same("GET", "x");
            publisher.same("SPUBLISH", "pd:s1", "shard");
            sameNext(d);
            publisher.same("PUBLISH", "pd:s1", "plain");
            sameNext(d);
            sameNext(d);
            publisher.same("SPUBLISH", "pd:nobody", "m");
            d.same("SUNSUBSCRIBE", "pd:s1");
            d.same("UNSUBSCRIBE");
            d.same("PUNSUBSCRIBE");
            d.same("GET", "x");
            d.same("SUNSUBSCRIBE");
            d.same("GET", "x");
        }
    }

    @Test
    void resp3ShardMessagesArePushes() {
        try (Differential d = Differential.open(); Differential publisher = second()) {
            d.resp3();
            d.same("SSUBSCRIBE", "pd:r3s");
            publisher.same("SPUBLISH", "pd:r3s", "pushed");
            sameNext(d);
            d.same("SUNSUBSCRIBE", "pd:r3s");
        }
    }

    @Test
    void pubsubReportsActiveChannelsSubscribersAndPatterns() {
        try (Differential observer = Differential.open(); Differential a = second(); Differential b = second()) {
            observer.same("PUBSUB", "NUMPAT");
            observer.same("PUBSUB", "CHANNELS");
            a.same("SUBSCRIBE", "pd:one", "pd:two");
            sameNext(a);
            b.same("SUBSCRIBE", "pd:one");
            a.same("PSUBSCRIBE", "pd:*");
            b.same("PSUBSCRIBE", "pd:*");
            b.same("PSUBSCRIBE", "other:*");
            a.same("SSUBSCRIBE", "pd:shard");
            observer.sameUnordered("PUBSUB", "CHANNELS");
            observer.same("PUBSUB", "CHANNELS", "pd:t*");
            observer.same("PUBSUB", "CHANNELS", "nothing*");
            observer.same("PUBSUB", "NUMSUB", "pd:one", "pd:two", "pd:none");
            observer.same("PUBSUB", "NUMSUB");
            observer.same("PUBSUB", "NUMPAT");
            observer.same("PUBSUB", "SHARDCHANNELS");
            observer.same("PUBSUB", "SHARDCHANNELS", "pd:s*");
            observer.same("PUBSUB", "SHARDNUMSUB", "pd:shard", "pd:one");
            observer.same("PUBSUB", "SHARDNUMSUB");
            b.same("UNSUBSCRIBE", "pd:one");
            observer.same("PUBSUB", "NUMSUB", "pd:one");
            b.same("PUNSUBSCRIBE", "other:*");
            observer.same("PUBSUB", "NUMPAT");
        }
    }

    @Test
    void pubsubErrorsAndHelp() {
        try (Differential d = Differential.open()) {
            d.same("PUBSUB");
            d.same("PUBSUB", "nope");
            d.same("PUBSUB", "CHANNELS", "a", "b");
            d.same("PUBSUB", "NUMPAT", "x");
            d.same("PUBSUB", "HELP");
            d.same("SPUBLISH", "c");
            d.same("SSUBSCRIBE");
        }
    }

    @Test
    void subscribedClientsAreOfTypePubsub() throws Exception {
        try (Differential observer = Differential.open(); Differential subscriber = second()) {
            subscriber.same("SUBSCRIBE", "pd:typed");
            String redisList = new String(observer.redis().call("CLIENT", "LIST", "TYPE", "pubsub"), StandardCharsets.UTF_8);
            String runnelList = new String(observer.runnel().call("CLIENT", "LIST", "TYPE", "pubsub"), StandardCharsets.UTF_8);
            assertTrue(redisList.contains(" flags=P ") && redisList.contains(" sub=1 "), redisList);
            assertTrue(runnelList.contains(" flags=P ") && runnelList.contains(" sub=1 "), runnelList);
            assertEquals(redisList.split("\n").length, runnelList.split("\n").length);
            observer.same("CLIENT", "KILL", "TYPE", "pubsub");
            assertTrue(subscriber.redis().closedByServer());
            assertTrue(subscriber.runnel().closedByServer());
            observer.same("CLIENT", "KILL", "TYPE", "pubsub");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
