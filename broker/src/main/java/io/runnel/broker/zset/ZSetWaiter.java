package io.runnel.broker.zset;

import io.runnel.broker.command.Suspension;
import io.runnel.broker.keyspace.BlockedClient;
import io.runnel.broker.keyspace.KeyAccess;
import io.runnel.broker.keyspace.ShardState;
import io.runnel.protocol.RespWriter;

import java.util.List;

/**
 * A client blocked in BZPOPMIN, BZPOPMAX or BZMPOP. It waits in the entity of each of its keys,
 * in the order clients arrived; the first entity whose sorted set gets members claims it, pops
 * there and answers once the pop is journaled. A timeout answers nil, CLIENT UNBLOCK nil or
 * Redis's UNBLOCKED error.
 */
final class ZSetWaiter extends BlockedClient {

    record Request(byte[][] keys, boolean min, long count, ZSetPops.Shape shape, long timeoutMillis) {
    }

    private final Request request;

    ZSetWaiter(Suspension suspension, int protocol, int db, Request request) {
        super(suspension, protocol, db, request.keys());
        this.request = request;
    }

    void park(KeyAccess keys) {
        parkOnKeys(keys, request.timeoutMillis());
    }

    @Override
    public boolean keyReady(ShardState state, int keyDb, byte[] key) {
        if (finished()) {
            return true;
        }
        if (!(watchedValue(state, keyDb, key) instanceof ZSetValue zset) || zset.size() == 0) {
            return false; // another type now: Redis keeps such a client blocked too
        }
        if (!claim()) {
            return false;
        }
        List<Scored> popped = ZSetPops.pop(state, keyDb, key, zset, request.min(), request.count());
        RespWriter out = new RespWriter(protocol);
        ZSetPops.reply(out, request.shape(), key, popped, true);
        answerAfterJournal(state, out);
        return true;
    }
}
