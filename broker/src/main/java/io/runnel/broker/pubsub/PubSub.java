package io.runnel.broker.pubsub;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.nio.charset.StandardCharsets;

/**
 * The pub/sub side of the server: channel entities sharded by channel name. Channel names are
 * bytes; an entity id is their ISO-8859-1 text, which maps every byte to one character, so
 * distinct names stay distinct.
 */
public final class PubSub {

    public static final EntityTypeKey<ChannelEntity.Command> CHANNEL = EntityTypeKey.create(ChannelEntity.Command.class, "channel");

    private final ClusterSharding sharding;

    public PubSub(ActorSystem<?> system, String dispatcher) {
        this.sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(CHANNEL, entity -> ChannelEntity.create(
                        entity.getEntityId().getBytes(StandardCharsets.ISO_8859_1), entity.getShard()))
                .withEntityProps(DispatcherSelector.fromConfig(dispatcher)));
    }

    private void tell(byte[] channel, ChannelEntity.Command command) {
        sharding.entityRefFor(CHANNEL, new String(channel, StandardCharsets.ISO_8859_1)).tell(command);
    }

    public void subscribe(byte[] channel, Subscriber subscriber, Runnable done) {
        tell(channel, new ChannelEntity.Subscribe(subscriber, done));
    }

    public void unsubscribe(byte[] channel, long subscriberId, Runnable done) {
        tell(channel, new ChannelEntity.Unsubscribe(subscriberId, done));
    }

    public void publish(byte[] channel, byte[] message, java.util.function.Consumer<Long> receivers) {
        tell(channel, new ChannelEntity.Publish(message, receivers));
    }
}
