package io.runnel.broker.zset;

import io.runnel.broker.keyspace.KeyAccess;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.List;

/** A pop of the lowest or highest members, as ZPOPMIN, ZMPOP and their blocking forms share it. */
final class ZSetPops {

    /** How a pop answers: ZPOPMIN's flat list, BZPOPMIN's [key, member, score], ZMPOP's [key, [[member, score], ...]]. */
    enum Shape { ZPOP, BZPOP, MPOP }

    private ZSetPops() {
    }

    /** Pops up to {@code count} members with their event and notifications (the del of an emptied set included). */
    static List<Scored> pop(KeyAccess keys, int db, byte[] key, ZSetValue zset, boolean min, long count) {
        List<Scored> popped = new ArrayList<>();
        zset.walk(min ? 0 : zset.size() - 1, !min, (member, score) -> {
            popped.add(new Scored(member, score));
            return popped.size() < count;
        });
        boolean emptied = popped.size() == zset.size();
        byte[][] members = new byte[popped.size()][];
        for (int i = 0; i < members.length; i++) {
            members[i] = popped.get(i).member();
        }
        keys.emit(new ZSetEvents.MembersRemoved(db, key, members));
        keys.notify(min ? KeyEvent.ZPOPMIN : KeyEvent.ZPOPMAX, db, key);
        if (emptied) {
            keys.notify(KeyEvent.DEL, db, key);
        }
        return popped;
    }

    /**
     * The answer to a pop. ZPOPMIN without a count answers [member, score] in either protocol;
     * with one, RESP3 pairs them up.
     */
    static void reply(RespWriter out, Shape shape, byte[] key, List<Scored> popped, boolean counted) {
        switch (shape) {
            case ZPOP -> {
                if (counted) {
                    Scored.reply(out, popped, true);
                } else {
                    out.array(2).bulk(popped.get(0).member()).doubleValue(popped.get(0).score());
                }
            }
            case BZPOP -> out.array(3).bulk(key).bulk(popped.get(0).member()).doubleValue(popped.get(0).score());
            case MPOP -> {
                out.array(2).bulk(key).array(popped.size());
                for (Scored item : popped) {
                    out.array(2).bulk(item.member()).doubleValue(item.score());
                }
            }
        }
    }
}
