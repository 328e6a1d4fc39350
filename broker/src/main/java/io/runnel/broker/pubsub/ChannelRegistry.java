package io.runnel.broker.pubsub;

import io.runnel.broker.util.Glob;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's view of which channels, shard channels and patterns have subscribers, for PUBSUB.
 * The channel entities and the pattern router write it before they confirm a change, so a
 * client that saw its confirmation finds the change here.
 */
public final class ChannelRegistry {

    private final ConcurrentHashMap<ByteBuffer, Integer> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ByteBuffer, Integer> shardChannels = new ConcurrentHashMap<>();
    private volatile int patterns;

    private ConcurrentHashMap<ByteBuffer, Integer> of(Subscriptions.Kind kind) {
        return kind == Subscriptions.Kind.SHARD_CHANNEL ? shardChannels : channels;
    }

    /** Records how many subscribers a channel has now; zero forgets it. */
    void subscribers(Subscriptions.Kind kind, byte[] channel, int count) {
        if (count == 0) {
            of(kind).remove(ByteBuffer.wrap(channel));
        } else {
            of(kind).put(ByteBuffer.wrap(channel), count);
        }
    }

    void patterns(int distinct) {
        this.patterns = distinct;
    }

    public int subscribers(Subscriptions.Kind kind, byte[] channel) {
        return of(kind).getOrDefault(ByteBuffer.wrap(channel), 0);
    }

    /** Channels with at least one subscriber, those matching {@code pattern} when it is not null. */
    public List<byte[]> active(Subscriptions.Kind kind, byte[] pattern) {
        List<byte[]> out = new ArrayList<>();
        for (ByteBuffer name : of(kind).keySet()) {
            if (pattern == null || Glob.matches(pattern, name.array())) {
                out.add(name.array());
            }
        }
        return out;
    }

    /** Whether any channel or pattern has a subscriber (shard channels aside). */
    public boolean anySubscription() {
        return patterns > 0 || !channels.isEmpty();
    }

    /** Distinct patterns with at least one subscriber. */
    public int patterns() {
        return patterns;
    }
}
