package io.runnel.broker.pubsub;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The pub/sub side of the server: channel and shard-channel entities sharded by channel name,
 * the pattern router, and the registry PUBSUB reads. Channel names are bytes; an entity id is
 * their ISO-8859-1 text, which maps every byte to one character, so distinct names stay distinct.
 */
public final class PubSub {

    public static final EntityTypeKey<ChannelEntity.Command> CHANNEL =
            EntityTypeKey.create(ChannelEntity.Command.class, "channel");
    public static final EntityTypeKey<ChannelEntity.Command> SHARD_CHANNEL =
            EntityTypeKey.create(ChannelEntity.Command.class, "shard-channel");

    private final ClusterSharding sharding;
    private final ActorRef<PatternRouter.Command> patterns;
    private final ChannelRegistry registry = new ChannelRegistry();

    public PubSub(ActorSystem<?> system, String dispatcher) {
        this.sharding = ClusterSharding.get(system);
        initChannels(Subscriptions.Kind.CHANNEL, dispatcher);
        initChannels(Subscriptions.Kind.SHARD_CHANNEL, dispatcher);
        this.patterns = system.systemActorOf(PatternRouter.create(registry::patterns), "pattern-router",
                DispatcherSelector.fromConfig(dispatcher));
    }

    private void initChannels(Subscriptions.Kind kind, String dispatcher) {
        sharding.init(Entity.of(typeKey(kind), entity -> {
                    byte[] channel = entity.getEntityId().getBytes(StandardCharsets.ISO_8859_1);
                    return ChannelEntity.create(kind, channel, entity.getShard(), command -> tell(kind, channel, command),
                            count -> registry.subscribers(kind, channel, count));
                })
                .withStopMessage(new ChannelEntity.Stop())
                .withEntityProps(DispatcherSelector.fromConfig(dispatcher)));
    }

    private static EntityTypeKey<ChannelEntity.Command> typeKey(Subscriptions.Kind kind) {
        return kind == Subscriptions.Kind.SHARD_CHANNEL ? SHARD_CHANNEL : CHANNEL;
    }

    private void tell(Subscriptions.Kind kind, byte[] channel, ChannelEntity.Command command) {
        sharding.entityRefFor(typeKey(kind), new String(channel, StandardCharsets.ISO_8859_1)).tell(command);
    }

    public ChannelRegistry registry() {
        return registry;
    }

    public void subscribe(Subscriptions.Kind kind, byte[] name, Subscriber subscriber, Runnable done) {
        if (kind == Subscriptions.Kind.PATTERN) {
            patterns.tell(new PatternRouter.Subscribe(name, subscriber, done));
        } else {
            tell(kind, name, new ChannelEntity.Subscribe(subscriber, done));
        }
    }

    public void unsubscribe(Subscriptions.Kind kind, byte[] name, long subscriberId, Runnable done) {
        if (kind == Subscriptions.Kind.PATTERN) {
            patterns.tell(new PatternRouter.Unsubscribe(name, subscriberId, done));
        } else {
            tell(kind, name, new ChannelEntity.Unsubscribe(subscriberId, done));
        }
    }

    private static final Consumer<Long> UNCOUNTED = reached -> { };

    /**
     * Publishes without counting receivers, for keyspace notifications: told directly to the
     * channel entity when the channel has subscribers and to the pattern router when any
     * pattern does, so that each channel and each pattern sees the notifications in the order
     * they were raised, and a notification nobody listens to costs no message at all.
     */
    public void publishQuietly(byte[] channel, byte[] message) {
        if (registry.subscribers(Subscriptions.Kind.CHANNEL, channel) > 0) {
            tell(Subscriptions.Kind.CHANNEL, channel, new ChannelEntity.Publish(message, UNCOUNTED));
        }
        if (registry.patterns() > 0) {
            patterns.tell(new PatternRouter.Publish(channel, message, 0, UNCOUNTED));
        }
    }

    /**
     * PUBLISH delivers to the channel's subscribers, then to matching patterns; SPUBLISH to the
     * shard channel's subscribers only. {@code receivers} gets the number of clients reached,
     * counting a client once per channel or pattern it matched.
     */
    public void publish(Subscriptions.Kind kind, byte[] channel, byte[] message, Consumer<Long> receivers) {
        if (kind == Subscriptions.Kind.SHARD_CHANNEL) {
            tell(kind, channel, new ChannelEntity.Publish(message, receivers));
            return;
        }
        tell(kind, channel, new ChannelEntity.Publish(message, reached -> {
            // The registry counts a pattern before its PSUBSCRIBE is confirmed, so skipping the
            // router when it is empty cannot miss a subscriber who already saw a confirmation.
            if (registry.patterns() == 0) {
                receivers.accept(reached);
            } else {
                patterns.tell(new PatternRouter.Publish(channel, message, reached, receivers));
            }
        }));
    }
}
