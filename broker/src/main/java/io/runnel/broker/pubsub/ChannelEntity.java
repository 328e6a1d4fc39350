package io.runnel.broker.pubsub;

import io.runnel.protocol.RespWriter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One pub/sub channel: an entity of Cluster Sharding (sharded by channel name) holding the
 * channel's subscribers. A PUBLISH is encoded once per protocol and the same bytes go to every
 * subscriber, in publish order. The entity passivates when its last subscriber leaves.
 */
public final class ChannelEntity {

    public sealed interface Command permits Subscribe, Unsubscribe, Publish, CountSubscribers {
    }

    public record Subscribe(Subscriber subscriber, Runnable done) implements Command {
    }

    public record Unsubscribe(long subscriberId, Runnable done) implements Command {
    }

    /** Delivers a message; {@code receivers} gets how many clients it reached. */
    public record Publish(byte[] message, Consumer<Long> receivers) implements Command {
    }

    public record CountSubscribers(Consumer<Long> count) implements Command {
    }

    private ChannelEntity() {
    }

    public static Behavior<Command> create(byte[] channel, ActorRef<ClusterSharding.ShardCommand> shard) {
        return Behaviors.setup(context -> running(channel, shard, context.getSelf(), new LinkedHashMap<>()));
    }

    private static Behavior<Command> running(byte[] channel, ActorRef<ClusterSharding.ShardCommand> shard,
                                             ActorRef<Command> self, Map<Long, Subscriber> subscribers) {
        return Behaviors.receive(Command.class)
                .onMessage(Subscribe.class, subscribe -> {
                    subscribers.put(subscribe.subscriber().id(), subscribe.subscriber());
                    subscribe.done().run();
                    return Behaviors.same();
                })
                .onMessage(Unsubscribe.class, unsubscribe -> {
                    subscribers.remove(unsubscribe.subscriberId());
                    unsubscribe.done().run();
                    if (subscribers.isEmpty()) {
                        shard.tell(new ClusterSharding.Passivate<>(self));
                    }
                    return Behaviors.same();
                })
                .onMessage(Publish.class, publish -> {
                    subscribers.values().removeIf(Subscriber::gone);
                    long reached = subscribers.size();
                    if (reached > 0) {
                        byte[] resp2 = frame(2, channel, publish.message());
                        byte[] resp3 = frame(3, channel, publish.message());
                        for (Subscriber subscriber : subscribers.values()) {
                            subscriber.deliver(resp2, resp3);
                        }
                    }
                    publish.receivers().accept(reached);
                    return Behaviors.same();
                })
                .onMessage(CountSubscribers.class, count -> {
                    subscribers.values().removeIf(Subscriber::gone);
                    count.count().accept((long) subscribers.size());
                    return Behaviors.same();
                })
                .build();
    }

    /** The "message" push: an array in RESP2, a push in RESP3. */
    static byte[] frame(int protocol, byte[] channel, byte[] message) {
        RespWriter out = new RespWriter(protocol, 32 + channel.length + message.length);
        out.push(3).bulk("message".getBytes(StandardCharsets.US_ASCII)).bulk(channel).bulk(message);
        return out.toByteArray();
    }
}
