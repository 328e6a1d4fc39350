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
import java.util.function.IntConsumer;

/**
 * One pub/sub channel: an entity of Cluster Sharding (sharded by channel name) holding the
 * channel's subscribers. A PUBLISH is encoded once per protocol and the same bytes go to every
 * subscriber, in publish order. The entity passivates whenever it is left without subscribers.
 */
public final class ChannelEntity {

    public sealed interface Command permits Subscribe, Unsubscribe, Publish, CountSubscribers, Stop {
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

    /** The shard's stop message after a passivation; by then the channel has no subscribers. */
    public record Stop() implements Command {
    }

    private ChannelEntity() {
    }

    /**
     * @param kind      a plain channel ("message" frames) or a shard channel ("smessage")
     * @param resend    sends a command back through the shard to this channel's next incarnation
     * @param sizes     told the subscriber count after every change (before it is confirmed)
     */
    public static Behavior<Command> create(Subscriptions.Kind kind, byte[] channel,
                                           ActorRef<ClusterSharding.ShardCommand> shard,
                                           Consumer<Command> resend, IntConsumer sizes) {
        byte[] word = (kind == Subscriptions.Kind.SHARD_CHANNEL ? "smessage" : "message").getBytes(StandardCharsets.US_ASCII);
        return Behaviors.setup(context -> new Channel(word, channel, shard, resend, sizes, context.getSelf()).behavior());
    }

    /**
     * The live state of one channel. Once it has asked to be passivated it is "leaving": it no
     * longer accepts subscribers but hands each Subscribe back to the shard unconfirmed, which
     * buffers it for the next incarnation. The subscriber hears its confirmation only from an
     * actor that will keep it, so no message published after a confirmation can be lost.
     */
    private static final class Channel {
        private final byte[] word;
        private final byte[] name;
        private final ActorRef<ClusterSharding.ShardCommand> shard;
        private final Consumer<Command> resend;
        private final IntConsumer sizes;
        private final ActorRef<Command> self;
        private final Map<Long, Subscriber> subscribers = new LinkedHashMap<>();
        private boolean leaving;

        Channel(byte[] word, byte[] name, ActorRef<ClusterSharding.ShardCommand> shard, Consumer<Command> resend,
                IntConsumer sizes, ActorRef<Command> self) {
            this.word = word;
            this.name = name;
            this.sizes = sizes;
            this.shard = shard;
            this.resend = resend;
            this.self = self;
        }

        Behavior<Command> behavior() {
            return Behaviors.receive(Command.class)
                    .onMessage(Subscribe.class, this::subscribe)
                    .onMessage(Unsubscribe.class, this::unsubscribe)
                    .onMessage(Publish.class, this::publish)
                    .onMessage(CountSubscribers.class, this::count)
                    .onMessage(Stop.class, stop -> Behaviors.stopped())
                    .build();
        }

        private Behavior<Command> subscribe(Subscribe subscribe) {
            if (leaving) {
                resend.accept(subscribe);
            } else {
                subscribers.put(subscribe.subscriber().id(), subscribe.subscriber());
                sizes.accept(subscribers.size());
                subscribe.done().run();
            }
            return Behaviors.same();
        }

        private Behavior<Command> unsubscribe(Unsubscribe unsubscribe) {
            if (subscribers.remove(unsubscribe.subscriberId()) != null) {
                sizes.accept(subscribers.size());
            }
            unsubscribe.done().run();
            leaveWhenIdle();
            return Behaviors.same();
        }

        private Behavior<Command> publish(Publish publish) {
            forgetGone();
            long reached = subscribers.size();
            if (reached > 0) {
                byte[] resp2 = frame(2, word, name, publish.message());
                byte[] resp3 = frame(3, word, name, publish.message());
                for (Subscriber subscriber : subscribers.values()) {
                    subscriber.deliver(resp2, resp3);
                }
            }
            publish.receivers().accept(reached);
            leaveWhenIdle();
            return Behaviors.same();
        }

        private Behavior<Command> count(CountSubscribers count) {
            forgetGone();
            count.count().accept((long) subscribers.size());
            leaveWhenIdle();
            return Behaviors.same();
        }

        private void forgetGone() {
            if (subscribers.values().removeIf(Subscriber::gone)) {
                sizes.accept(subscribers.size());
            }
        }

        /** A channel nobody listens to holds nothing worth keeping: publishing to it must not leave an actor behind. */
        private void leaveWhenIdle() {
            if (subscribers.isEmpty() && !leaving) {
                leaving = true;
                shard.tell(new ClusterSharding.Passivate<>(self));
            }
        }
    }

    /** The "message" (or "smessage") push: an array in RESP2, a push in RESP3. */
    static byte[] frame(int protocol, byte[] word, byte[] channel, byte[] message) {
        RespWriter out = new RespWriter(protocol, 32 + channel.length + message.length);
        out.push(3).bulk(word).bulk(channel).bulk(message);
        return out.toByteArray();
    }
}
