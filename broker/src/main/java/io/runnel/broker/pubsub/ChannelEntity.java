package io.runnel.broker.pubsub;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One pub/sub channel: an entity of Cluster Sharding (sharded by channel name) that owns the
 * channel's subscribers. Subscribing and unsubscribing happen here, one at a time; after each
 * run of changes the entity publishes its subscribers as an immutable array to the node's
 * {@link ChannelRegistry} and only then confirms them. Messages are delivered from that array on
 * the publisher's thread: a PUBLISH never waits for this actor, and publishing to a channel
 * nobody listens to starts no actor at all. The entity passivates once it has no subscribers.
 */
public final class ChannelEntity {

    public sealed interface Command permits Subscribe, Unsubscribe, Stop, PublishView {
    }

    public record Subscribe(Subscriber subscriber, Runnable done) implements Command {
    }

    public record Unsubscribe(long subscriberId, Runnable done) implements Command {
    }

    /** The shard's stop message after a passivation; by then the channel has no subscribers. */
    public record Stop() implements Command {
    }

    /** Sent to itself: publish the changes made since the last one, then confirm them. */
    private enum PublishView implements Command {
        INSTANCE
    }

    private ChannelEntity() {
    }

    /**
     * @param resend sends a command back through the shard to this channel's next incarnation
     * @param view   receives the subscribers after every run of changes, before they are confirmed
     */
    public static Behavior<Command> create(ActorRef<ClusterSharding.ShardCommand> shard, Consumer<Command> resend,
                                           Consumer<Subscriber[]> view) {
        return Behaviors.setup(context -> new Channel(shard, resend, view, context.getSelf()).behavior());
    }

    /**
     * The live state of one channel. Changes are confirmed in runs: the first change after a
     * publication asks for the next one, and every change that arrives before it is confirmed
     * with it, so a burst of N subscribers costs a few copies of the array, not N.
     *
     * <p>Once it has asked to be passivated the channel is "leaving": it no longer accepts
     * subscribers but hands each Subscribe back to the shard unconfirmed, which buffers it for
     * the next incarnation. A subscriber hears its confirmation only from an actor that keeps
     * it, so no message published after a confirmation can miss it.
     */
    private static final class Channel {
        private final ActorRef<ClusterSharding.ShardCommand> shard;
        private final Consumer<Command> resend;
        private final Consumer<Subscriber[]> view;
        private final ActorRef<Command> self;
        private final Map<Long, Subscriber> subscribers = new LinkedHashMap<>();
        private final List<Runnable> unconfirmed = new ArrayList<>();
        private boolean leaving;

        Channel(ActorRef<ClusterSharding.ShardCommand> shard, Consumer<Command> resend, Consumer<Subscriber[]> view,
                ActorRef<Command> self) {
            this.shard = shard;
            this.resend = resend;
            this.view = view;
            this.self = self;
        }

        Behavior<Command> behavior() {
            return Behaviors.receive(Command.class)
                    .onMessage(Subscribe.class, this::subscribe)
                    .onMessage(Unsubscribe.class, this::unsubscribe)
                    .onMessageEquals(PublishView.INSTANCE, this::publishView)
                    .onMessage(Stop.class, stop -> Behaviors.stopped())
                    .build();
        }

        private Behavior<Command> subscribe(Subscribe subscribe) {
            if (leaving) {
                resend.accept(subscribe);
            } else {
                subscribers.put(subscribe.subscriber().id(), subscribe.subscriber());
                confirmLater(subscribe.done());
            }
            return Behaviors.same();
        }

        private Behavior<Command> unsubscribe(Unsubscribe unsubscribe) {
            subscribers.remove(unsubscribe.subscriberId());
            confirmLater(unsubscribe.done());
            return Behaviors.same();
        }

        private void confirmLater(Runnable done) {
            if (unconfirmed.isEmpty()) {
                self.tell(PublishView.INSTANCE);
            }
            unconfirmed.add(done);
        }

        private Behavior<Command> publishView() {
            view.accept(subscribers.values().toArray(new Subscriber[0]));
            unconfirmed.forEach(Runnable::run);
            unconfirmed.clear();
            // A channel nobody listens to holds nothing worth keeping
            if (subscribers.isEmpty() && !leaving) {
                leaving = true;
                shard.tell(new ClusterSharding.Passivate<>(self));
            }
            return Behaviors.same();
        }
    }
}
