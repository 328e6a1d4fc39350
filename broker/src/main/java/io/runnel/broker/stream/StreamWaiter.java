package io.runnel.broker.stream;

import io.runnel.broker.command.Suspension;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.ShardState;
import io.runnel.protocol.RespWriter;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client blocked in XREAD or XREADGROUP. It waits in the entity of each of its streams; the
 * first entity whose stream can serve it claims it (an atomic flag, since the streams may live
 * in different entities), reads or delivers the new entries there and answers. A timeout, a
 * vanished client, or for a group a deleted stream or group end the wait as Redis ends it.
 */
final class StreamWaiter extends io.runnel.broker.keyspace.BlockedClient {

    private final StreamReads.Request request;
    /** For XREAD: the ID after which each stream's entries are wanted. */
    private final StreamId[] after;
    private io.runnel.broker.keyspace.KeyspaceRouter router;

    StreamWaiter(Suspension suspension, int protocol, int db, StreamReads.Request request, StreamId[] after) {
        super(suspension, protocol, db, request.keys);
        this.request = request;
        this.after = after;
    }

    /** Parks the waiter on every stream of the request and starts its timeout. */
    void park(io.runnel.broker.keyspace.KeyAccess keys, io.runnel.broker.keyspace.KeyspaceRouter router, long now) {
        this.router = router;
        parkOnKeys(keys, request.blockMillis);
        for (byte[] key : request.keys) {
            if (request.claimMinIdle >= 0) {
                Entry entry = keys.peek(db, key, now);
                if (entry != null && entry.value() instanceof StreamValue stream) {
                    scheduleClaimCheck(key, stream, now);
                }
            }
        }
    }

    @Override
    public boolean keyReady(ShardState state, int keyDb, byte[] key) {
        if (finished()) {
            return true;
        }
        long now = System.currentTimeMillis();
        for (int i = 0; i < request.keys.length; i++) {
            if (!Arrays.equals(request.keys[i], key)) {
                continue;
            }
            Entry entry = state.peek(keyDb, key, now);
            StreamValue stream = entry != null && entry.value() instanceof StreamValue s ? s : null;
            if (request.group == null) {
                if (stream != null && stream.length() > 0 && stream.lastLiveId().compareTo(after[i]) > 0 && claim()) {
                    answerAfterJournal(state, reply(StreamReads.entriesAfter(key, stream, after[i], request.count)));
                    return true;
                }
                continue;
            }
            if (stream == null) {
                if (claim()) {
                    answer(new RespWriter(protocol).error("UNBLOCKED the stream key no longer exists"));
                }
                return true;
            }
            ConsumerGroup group = stream.group(request.group);
            if (group == null) {
                if (claim()) {
                    answer(new RespWriter(protocol).error("NOGROUP the consumer group this client was blocked on no longer exists"));
                }
                return true;
            }
            if (request.claimMinIdle >= 0) {
                if (claimable(stream, group, now) && claim()) {
                    answerAfterJournal(state, reply(StreamGroupCommands.claimThenRead(state::emit, state, now, keyDb, key, stream, group, request)));
                    return true;
                }
                scheduleClaimCheck(key, stream, now);
                continue;
            }
            if (stream.length() > 0 && stream.lastLiveId().compareTo(group.lastDeliveredId()) > 0 && claim()) {
                StreamReads.Served fresh = StreamReads.entriesAfter(key, stream, group.lastDeliveredId(), request.count);
                state.emit(new StreamEvents.Delivered(keyDb, key, request.group, request.consumer, now, fresh.ids(),
                        request.noAck, List.of()));
                if (request.claimMinIdle >= 0) {
                    // a CLAIM reader shows every entry with its idle time and earlier deliveries
                    List<long[]> info = new java.util.ArrayList<>();
                    fresh.ids().forEach(id -> info.add(new long[] {0, 0}));
                    fresh = new StreamReads.Served(key, fresh.ids(), fresh.entries(), info);
                }
                answerAfterJournal(state, reply(fresh));
                return true;
            }
        }
        return false;
    }

    /** For a CLAIM reader: a pending entry idle long enough, or a new entry, is there to serve. */
    private boolean claimable(StreamValue stream, ConsumerGroup group, long now) {
        if (stream.length() > 0 && stream.lastLiveId().compareTo(group.lastDeliveredId()) > 0) {
            return true;
        }
        for (var pending : group.pending().entrySet()) {
            if (now - pending.getValue().deliveryTime() >= request.claimMinIdle && stream.contains(pending.getKey())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Pending entries become claimable with time, not with a write: asks the owning entity to
     * look again when the first of them reaches the reader's minimum idle time.
     */
    private void scheduleClaimCheck(byte[] key, StreamValue stream, long now) {
        ConsumerGroup group = stream.group(request.group);
        if (group == null || router == null) {
            return;
        }
        long earliest = Long.MAX_VALUE;
        for (var pending : group.pending().entrySet()) {
            long claimableAt = pending.getValue().deliveryTime() + request.claimMinIdle;
            // entries gone from the stream are never served; those due now were just looked at
            if (claimableAt > now && stream.contains(pending.getKey())) {
                earliest = Math.min(earliest, claimableAt);
            }
        }
        if (earliest == Long.MAX_VALUE) {
            return;
        }
        io.runnel.broker.keyspace.KeyspaceRouter entities = router;
        suspension.timers().schedule(() -> {
            if (!finished()) {
                entities.recheck(db, key);
            }
        }, Math.max(1, earliest - now), TimeUnit.MILLISECONDS);
    }

    private RespWriter reply(StreamReads.Served served) {
        RespWriter out = new RespWriter(protocol);
        StreamReads.write(List.of(served), out);
        return out;
    }
}
