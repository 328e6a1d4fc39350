package io.runnel.broker.stream;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Idempotent production (XADD IDMP / IDMPAUTO, Redis 8.6): per producer, the idempotent IDs
 * seen recently and the entry each one added, so that a retried XADD returns the first entry's
 * ID instead of adding a duplicate. Each producer keeps at most {@code maxSize} IDs (oldest
 * evicted first) for at most {@code durationSeconds}.
 */
final class Idempotency {

    static final int DEFAULT_DURATION_SECONDS = 100;
    static final int DEFAULT_MAX_SIZE = 100;

    record Recorded(StreamId entry, long time) {
    }

    int durationSeconds = DEFAULT_DURATION_SECONDS;
    int maxSize = DEFAULT_MAX_SIZE;
    private final Map<ByteBuffer, LinkedHashMap<ByteBuffer, Recorded>> producers = new HashMap<>();

    /** The entry an idempotent ID added, if it is still remembered at {@code now}. */
    StreamId lookup(byte[] producer, byte[] id, long now) {
        LinkedHashMap<ByteBuffer, Recorded> ids = producers.get(ByteBuffer.wrap(producer));
        Recorded recorded = ids == null ? null : ids.get(ByteBuffer.wrap(id));
        return recorded != null && now - recorded.time() < durationSeconds * 1000L ? recorded.entry() : null;
    }

    void record(byte[] producer, byte[] id, StreamId entry, long now) {
        LinkedHashMap<ByteBuffer, Recorded> ids = producers.computeIfAbsent(ByteBuffer.wrap(producer.clone()),
                p -> new LinkedHashMap<>());
        // forget what has expired, then make room: the oldest go first
        ids.values().removeIf(r -> now - r.time() >= durationSeconds * 1000L);
        ids.remove(ByteBuffer.wrap(id));
        while (ids.size() >= maxSize) {
            ids.remove(ids.keySet().iterator().next());
        }
        ids.put(ByteBuffer.wrap(id.clone()), new Recorded(entry, now));
    }

    /** New settings; like Redis, changing them forgets what was remembered. */
    void configure(int duration, int size) {
        durationSeconds = duration;
        maxSize = size;
        producers.clear();
    }

    int producerCount() {
        return producers.size();
    }

    void writeTo(io.runnel.broker.persist.EventOutput out) {
        out.writeVarInt(durationSeconds).writeVarInt(maxSize).writeVarInt(producers.size());
        producers.forEach((producer, ids) -> {
            out.writeBytes(producer.array()).writeVarInt(ids.size());
            ids.forEach((id, recorded) -> out.writeBytes(id.array()).writeId(recorded.entry()).writeLong(recorded.time()));
        });
    }

    static Idempotency readFrom(io.runnel.broker.persist.EventInput in) {
        Idempotency idempotency = new Idempotency();
        idempotency.durationSeconds = in.readVarInt();
        idempotency.maxSize = in.readVarInt();
        int producerCount = in.readVarInt();
        for (int p = 0; p < producerCount; p++) {
            LinkedHashMap<ByteBuffer, Recorded> ids = new LinkedHashMap<>();
            idempotency.producers.put(ByteBuffer.wrap(in.readBytes()), ids);
            int count = in.readVarInt();
            for (int i = 0; i < count; i++) {
                ids.put(ByteBuffer.wrap(in.readBytes()), new Recorded(in.readId(), in.readLong()));
            }
        }
        return idempotency;
    }

    Idempotency copy() {
        Idempotency copy = new Idempotency();
        copy.durationSeconds = durationSeconds;
        copy.maxSize = maxSize;
        producers.forEach((p, ids) -> copy.producers.put(p, new LinkedHashMap<>(ids)));
        return copy;
    }

    /** IDMPAUTO's idempotent ID: a digest of the field names and values, in order. */
    static byte[] contentId(byte[][] fieldsAndValues) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] element : fieldsAndValues) {
                digest.update(ByteBuffer.allocate(4).putInt(element.length).array());
                digest.update(element);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
