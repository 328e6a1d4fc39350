package io.runnel.broker.pubsub;

import io.runnel.broker.keyspace.SlotLayout;
import io.runnel.broker.keyspace.SlotShards;
import io.runnel.broker.util.Glob;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.nio.charset.StandardCharsets;

/**
 * The pub/sub side of the server: channel and shard-channel entities sharded by channel name,
 * the pattern router, and the registry of what they hold. Channel names are bytes; an entity id
 * is their ISO-8859-1 text, which maps every byte to one character, so distinct names stay
 * distinct.
 *
 * <p>Subscriptions change through the actors; messages go out from the registry's view on the
 * publisher's thread, as Redis delivers within the PUBLISH command: the count is known at once
 * and one connection's pipelined PUBLISHes run back to back.
 */
public final class PubSub {

    public static final EntityTypeKey<ChannelEntity.Command> CHANNEL =
            EntityTypeKey.create(ChannelEntity.Command.class, "channel");
    public static final EntityTypeKey<ChannelEntity.Command> SHARD_CHANNEL =
            EntityTypeKey.create(ChannelEntity.Command.class, "shard-channel");

    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SMESSAGE = "smessage".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);

    private final ClusterSharding sharding;
    private final ActorRef<PatternRouter.Command> patterns;
    private final ChannelRegistry registry = new ChannelRegistry();

    /** @param layout the keyspace's slot ranges: a shard channel is placed in its slot's shard */
    public PubSub(ActorSystem<?> system, String dispatcher, SlotLayout layout) {
        this.sharding = ClusterSharding.get(system);
        initChannels(Subscriptions.Kind.CHANNEL, dispatcher, null);
        initChannels(Subscriptions.Kind.SHARD_CHANNEL, dispatcher, layout);
        this.patterns = system.systemActorOf(PatternRouter.create(registry::patterns), "pattern-router",
                DispatcherSelector.fromConfig(dispatcher));
    }

    private void initChannels(Subscriptions.Kind kind, String dispatcher, SlotLayout slotPlacement) {
        Entity<ChannelEntity.Command, ShardingEnvelope<ChannelEntity.Command>> entity = Entity.of(typeKey(kind), context -> {
                    byte[] channel = context.getEntityId().getBytes(StandardCharsets.ISO_8859_1);
                    return ChannelEntity.create(context.getShard(), command -> tell(kind, channel, command),
                            subscribers -> registry.subscribers(kind, channel, subscribers));
                })
                .withStopMessage(new ChannelEntity.Stop())
                .withEntityProps(DispatcherSelector.fromConfig(dispatcher));
        if (slotPlacement != null) {
            entity = entity.withMessageExtractor(SlotShards.byName(slotPlacement));
        }
        sharding.init(entity);
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

    /**
     * PUBLISH: delivers to the channel's subscribers, then to the subscribers of every matching
     * pattern (so a client holding both sees "message" before "pmessage", as in Redis); SPUBLISH
     * to the shard channel's subscribers only. Each frame is encoded once per protocol and the
     * same bytes go to every subscriber. Returns the number of clients reached, counting a client
     * once per channel or pattern it matched. Callable from any thread.
     */
    public long publish(Subscriptions.Kind kind, byte[] channel, byte[] message) {
        long reached = 0;
        Subscriber[] subscribers = registry.subscribersOf(kind, channel);
        if (subscribers.length > 0) {
            byte[] word = kind == Subscriptions.Kind.SHARD_CHANNEL ? SMESSAGE : MESSAGE;
            reached += deliver(subscribers, new PushFrame(word, null, channel, message));
        }
        if (kind == Subscriptions.Kind.SHARD_CHANNEL) {
            return reached;
        }
        ChannelRegistry.PatternTable table = registry.patternTable();
        for (int i = 0; i < table.size(); i++) {
            byte[] pattern = table.patterns()[i];
            if (Glob.matches(pattern, channel)) {
                reached += deliver(table.subscribers()[i], new PushFrame(PMESSAGE, pattern, channel, message));
            }
        }
        return reached;
    }

    private static int deliver(Subscriber[] subscribers, PushFrame frame) {
        int reached = 0;
        try {
            for (Subscriber subscriber : subscribers) {
                if (!subscriber.gone()) {
                    subscriber.deliver(frame);
                    reached++;
                }
            }
        } finally {
            frame.release();
        }
        return reached;
    }
}
