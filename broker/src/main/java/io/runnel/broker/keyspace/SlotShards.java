package io.runnel.broker.keyspace;

import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;

import java.util.function.ToIntFunction;

/**
 * Shard ids by hash slot range: shard {@code i} holds keyspace entity {@code i} (slot range
 * {@code i}) and every shard channel whose name hashes into that range. Keyspace data and the
 * shard channels of the same slots thus move between nodes together, as a Redis 7 cluster keeps
 * a slot's keys and its sharded pub/sub channels on one node.
 */
public final class SlotShards<M> extends ShardingMessageExtractor<ShardingEnvelope<M>, M> {

    private final ToIntFunction<String> rangeOfEntity;

    private SlotShards(ToIntFunction<String> rangeOfEntity) {
        this.rangeOfEntity = rangeOfEntity;
    }

    /** For keyspace entities, whose id is their slot range's index. */
    public static <M> SlotShards<M> keyspace() {
        return new SlotShards<>(Integer::parseInt);
    }

    /** For entities named by a key or channel (ISO-8859-1 text of its bytes): the range of its slot. */
    public static <M> SlotShards<M> byName(SlotLayout layout) {
        return new SlotShards<>(id -> layout.entityOf(id.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    /** The shard of slot range {@code range}. */
    public static String shardOfRange(int range) {
        return Integer.toString(range);
    }

    @Override
    public String entityId(ShardingEnvelope<M> envelope) {
        return envelope.entityId();
    }

    @Override
    public String shardId(String entityId) {
        return shardOfRange(rangeOfEntity.applyAsInt(entityId));
    }

    @Override
    public M unwrapMessage(ShardingEnvelope<M> envelope) {
        return envelope.message();
    }
}
