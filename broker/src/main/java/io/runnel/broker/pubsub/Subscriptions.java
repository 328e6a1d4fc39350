package io.runnel.broker.pubsub;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One client's channel and pattern subscriptions, each kept in the order it was made. Only the
 * client's own event loop touches it, so it needs no locking.
 */
public final class Subscriptions {

    /** What a name is subscribed as. */
    public enum Kind { CHANNEL, PATTERN, SHARD_CHANNEL }

    private final LinkedHashSet<ByteBuffer> channels = new LinkedHashSet<>();
    private final LinkedHashSet<ByteBuffer> patterns = new LinkedHashSet<>();
    private final LinkedHashSet<ByteBuffer> shardChannels = new LinkedHashSet<>();

    private LinkedHashSet<ByteBuffer> of(Kind kind) {
        return switch (kind) {
            case CHANNEL -> channels;
            case PATTERN -> patterns;
            case SHARD_CHANNEL -> shardChannels;
        };
    }

    /** Adds a subscription; false when the client already had it. */
    public boolean add(Kind kind, byte[] name) {
        return of(kind).add(ByteBuffer.wrap(name.clone()));
    }

    /** Removes a subscription; false when the client did not have it. */
    public boolean remove(Kind kind, byte[] name) {
        return of(kind).remove(ByteBuffer.wrap(name));
    }

    public List<byte[]> names(Kind kind) {
        List<byte[]> out = new ArrayList<>();
        of(kind).forEach(name -> out.add(name.array()));
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
        for (ByteBuffer name : channels) {
            pubSub.unsubscribe(Kind.CHANNEL, name.array(), subscriberId, () -> { });
        }
        for (ByteBuffer name : patterns) {
            pubSub.unsubscribe(Kind.PATTERN, name.array(), subscriberId, () -> { });
        }
        for (ByteBuffer name : shardChannels) {
            pubSub.unsubscribe(Kind.SHARD_CHANNEL, name.array(), subscriberId, () -> { });
        }
        channels.clear();
        patterns.clear();
        shardChannels.clear();
    }
}
