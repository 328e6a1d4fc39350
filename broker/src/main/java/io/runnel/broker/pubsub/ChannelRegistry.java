package io.runnel.broker.pubsub;

import io.runnel.broker.util.Glob;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's published view of its subscriptions: for every channel and shard channel with
 * subscribers, the array of them, and the table of patterns. The channel entities and the
 * pattern router own the subscriptions and replace their entry here (a fresh, never changed
 * array) before they confirm a change, so a client that saw its confirmation is in the view.
 * PUBLISH delivers from this view on the publisher's own thread, and PUBSUB reads it.
 */
public final class ChannelRegistry {

    private static final Subscriber[] NONE = new Subscriber[0];

    /** The patterns with their subscribers, as one immutable table. */
    public record PatternTable(byte[][] patterns, Subscriber[][] subscribers) {
        static final PatternTable EMPTY = new PatternTable(new byte[0][], new Subscriber[0][]);

        public int size() {
            return patterns.length;
        }
    }

    private final ConcurrentHashMap<ByteBuffer, Subscriber[]> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ByteBuffer, Subscriber[]> shardChannels = new ConcurrentHashMap<>();
    private volatile PatternTable patterns = PatternTable.EMPTY;

    private ConcurrentHashMap<ByteBuffer, Subscriber[]> of(Subscriptions.Kind kind) {
        return kind == Subscriptions.Kind.SHARD_CHANNEL ? shardChannels : channels;
    }

    /** Replaces a channel's subscribers; an empty array forgets the channel. */
    void subscribers(Subscriptions.Kind kind, byte[] channel, Subscriber[] current) {
        if (current.length == 0) {
            of(kind).remove(ByteBuffer.wrap(channel));
        } else {
            of(kind).put(ByteBuffer.wrap(channel), current);
        }
    }

    void patterns(PatternTable table) {
        this.patterns = table;
    }

    /** The channel's subscribers now; never null, never to be changed. */
    public Subscriber[] subscribersOf(Subscriptions.Kind kind, byte[] channel) {
        Subscriber[] subscribers = of(kind).get(ByteBuffer.wrap(channel));
        return subscribers == null ? NONE : subscribers;
    }

    public int subscribers(Subscriptions.Kind kind, byte[] channel) {
        return subscribersOf(kind, channel).length;
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

    public PatternTable patternTable() {
        return patterns;
    }

    /** Distinct patterns with at least one subscriber. */
    public int patterns() {
        return patterns.size();
    }

    /** Whether any channel or pattern has a subscriber (shard channels aside). */
    public boolean anySubscription() {
        return patterns.size() > 0 || !channels.isEmpty();
    }
}
