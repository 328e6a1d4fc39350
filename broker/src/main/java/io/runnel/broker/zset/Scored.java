package io.runnel.broker.zset;

import io.runnel.protocol.RespWriter;

import java.util.List;

/** A member with its score, as ranges, pops and random picks return them. */
record Scored(byte[] member, double score) {

    /**
     * A list of members as ZRANGE answers it: the members alone, or with their scores after
     * them (flat in RESP2, [member, score] pairs in RESP3).
     */
    static void reply(RespWriter out, List<Scored> items, boolean withScores) {
        boolean pairs = withScores && out.resp3();
        out.array(withScores && !pairs ? 2L * items.size() : items.size());
        for (Scored item : items) {
            if (pairs) {
                out.array(2);
            }
            out.bulk(item.member);
            if (withScores) {
                out.doubleValue(item.score);
            }
        }
    }
}
