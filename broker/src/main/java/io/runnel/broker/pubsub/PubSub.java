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
 * The pub/sub side of the server: channel entities sharded by channel name, and the pattern
 * router. Channel names are bytes; an entity id is their ISO-8859-1 text, which maps every byte
 * to one character, so distinct names stay distinct.
 */
public final class PubSub {

    public static final EntityTypeKey<ChannelEntity.Command> CHANNEL = EntityTypeKey.create(ChannelEntity.Command.class, "channel");

    private final ClusterSharding sharding;
    private final ActorRef<PatternRouter.Command> patterns;

    public PubSub(ActorSystem<?> system, String dispatcher) {
        this.sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(CHANNEL, entity -> {
                    byte[] channel = entity.getEntityId().getBytes(StandardCharsets.ISO_8859_1);
                    return ChannelEntity.create(channel, entity.getShard(), command -> tell(channel, command));
                })
                .withStopMessage(new ChannelEntity.Stop())
                .withEntityProps(DispatcherSelector.fromConfig(dispatcher)));
        this.patterns = system.systemActorOf(PatternRouter.create(), "pattern-router",
                DispatcherSelector.fromConfig(dispatcher));
    }

    private void tell(byte[] channel, ChannelEntity.Command command) {
        sharding.entityRefFor(CHANNEL, new String(channel, StandardCharsets.ISO_8859_1)).tell(command);
    }

    public void subscribe(Subscriptions.Kind kind, byte[] name, Subscriber subscriber, Runnable done) {
        if (kind == Subscriptions.Kind.CHANNEL) {
            tell(name, new ChannelEntity.Subscribe(subscriber, done));
        } else {
            patterns.tell(new PatternRouter.Subscribe(name, subscriber, done));
        }
    }

    public void unsubscribe(Subscriptions.Kind kind, byte[] name, long subscriberId, Runnable done) {
        if (kind == Subscriptions.Kind.CHANNEL) {
            tell(name, new ChannelEntity.Unsubscribe(subscriberId, done));
        } else {
            patterns.tell(new PatternRouter.Unsubscribe(name, subscriberId, done));
        }
    }

    /**
     * Delivers to the channel's subscribers, then to matching patterns; {@code receivers} gets
     * the number of clients reached, counting a client once per channel or pattern it matched.
     */
    public void publish(byte[] channel, byte[] message, Consumer<Long> receivers) {
        tell(channel, new ChannelEntity.Publish(message,
                reached -> patterns.tell(new PatternRouter.Publish(channel, message, reached, receivers))));
    }
}
