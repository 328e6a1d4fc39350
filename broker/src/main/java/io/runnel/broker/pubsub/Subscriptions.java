package io.runnel.broker.pubsub;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's channel and pattern subscriptions, each kept in the order it was made. Only the
 * client's own event loop touches it, so it needs no locking.
 */
public final class Subscriptions {

    /** What a name is subscribed as. */
    public enum Kind { CHANNEL, PATTERN, SHARD_CHANNEL }

    private final Map<ByteBuffer, Subscription> channels = new LinkedHashMap<>();
    private final Map<ByteBuffer, Subscription> patterns = new LinkedHashMap<>();
    private final Map<ByteBuffer, Subscription> shardChannels = new LinkedHashMap<>();

    private Map<ByteBuffer, Subscription> of(Kind kind) {
        return switch (kind) {
            case CHANNEL -> channels;
            case PATTERN -> patterns;
            case SHARD_CHANNEL -> shardChannels;
        };
    }

    /** Adds a subscription; null when the client already had it. */
    public Subscription add(Kind kind, byte[] name, Subscription.Sink sink) {
        ByteBuffer key = ByteBuffer.wrap(name.clone());
        if (of(kind).containsKey(key)) {
            return null;
        }
        Subscription subscription = new Subscription(sink);
        of(kind).put(key, subscription);
        return subscription;
    }

    /** Removes and cancels a subscription; false when the client did not have it. */
    public boolean remove(Kind kind, byte[] name) {
        Subscription removed = of(kind).remove(ByteBuffer.wrap(name));
        if (removed == null) {
            return false;
        }
        removed.cancel();
        return true;
    }

    public List<byte[]> names(Kind kind) {
        List<byte[]> out = new ArrayList<>();
        of(kind).keySet().forEach(name -> out.add(name.array()));
        return out;
    }

    public int count(Kind kind) {
        return of(kind).size();
    }

    /**
     * The number a (un)subscribe confirmation of this kind carries: shard channels count apart,
     * channels and patterns together, as in Redis.
     */
    public int confirmationCount(Kind kind) {
        return kind == Kind.SHARD_CHANNEL ? shardChannels.size() : channels.size() + patterns.size();
    }

    /** True while any subscription is held: the RESP2 "subscribed mode". */
    public boolean active() {
        return !channels.isEmpty() || !patterns.isEmpty() || !shardChannels.isEmpty();
    }

    /** Drops every subscription, telling the channel entities and the pattern router. */
    public void dropAll(PubSub pubSub, long subscriberId) {
        for (Kind kind : Kind.values()) {
            Map<ByteBuffer, Subscription> held = of(kind);
            held.forEach((name, subscription) -> {
                subscription.cancel();
                pubSub.unsubscribe(kind, name.array(), subscriberId, () -> { });
            });
            held.clear();
        }
    }
}
