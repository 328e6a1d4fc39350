package io.runnel.broker.zset;

import io.runnel.broker.persist.EventCodecs;
import io.runnel.broker.persist.EventInput;
import io.runnel.broker.persist.EventOutput;
import io.runnel.broker.persist.MalformedEventException;

/** The binary forms of the sorted set events (tags 500-599) and of a whole sorted set. */
public final class ZSetEventCodecs {

    private ZSetEventCodecs() {
    }

    public static void register(EventCodecs codecs) {
        codecs.register(500, ZSetEvents.ScoresSet.class, 1, (e, out) -> {
            out.writeVarInt(e.db()).writeBytes(e.key()).writeByteArrays(e.members());
            writeScores(e.scores(), out);
            out.writeVarInt(e.limits().maxEntries()).writeVarInt(e.limits().maxValue());
        }, (in, v) -> new ZSetEvents.ScoresSet(in.readVarInt(), in.readBytes(), in.readByteArrays(), readScores(in),
                new ZSetValue.Limits(in.readVarInt(), in.readVarInt())));
        codecs.register(501, ZSetEvents.MembersRemoved.class, 1,
                (e, out) -> out.writeVarInt(e.db()).writeBytes(e.key()).writeByteArrays(e.members()),
                (in, v) -> new ZSetEvents.MembersRemoved(in.readVarInt(), in.readBytes(), in.readByteArrays()));
    }

    private static void writeScores(double[] scores, EventOutput out) {
        out.writeVarInt(scores.length);
        for (double score : scores) {
            out.writeLong(Double.doubleToRawLongBits(score));
        }
    }

    private static double[] readScores(EventInput in) {
        int count = in.readVarInt();
        if (count < 0) {
            throw new MalformedEventException("negative score count " + count);
        }
        double[] scores = new double[count];
        for (int i = 0; i < count; i++) {
            scores[i] = Double.longBitsToDouble(in.readLong());
        }
        return scores;
    }

    /** A sorted set: whether it is packed, its size, then each member and score in order. */
    public static void write(ZSetValue zset, EventOutput out) {
        out.writeBoolean(zset.packed()).writeVarInt(zset.size());
        zset.walk(0, false, (member, score) -> {
            out.writeBytes(member).writeLong(Double.doubleToRawLongBits(score));
            return true;
        });
    }

    public static ZSetValue read(EventInput in) {
        boolean packed = in.readBoolean();
        int size = in.readVarInt();
        if (size < 0) {
            throw new MalformedEventException("negative sorted set size " + size);
        }
        ZSetValue.Limits keepForm = new ZSetValue.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);
        ZSetValue zset = packed ? new ZSetValue() : ZSetValue.skiplist(size);
        for (int i = 0; i < size; i++) {
            zset.put(in.readBytes(), Double.longBitsToDouble(in.readLong()), keepForm);
        }
        return zset;
    }
}
