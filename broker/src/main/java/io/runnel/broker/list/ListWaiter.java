package io.runnel.broker.list;

import io.runnel.broker.command.Suspension;
import io.runnel.broker.command.Unblockable;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyAccess;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.KeyWaiter;
import io.runnel.broker.keyspace.ShardState;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client blocked in BLPOP, BRPOP or BLMPOP. It waits in the entity of each of its keys, in the
 * order clients arrived; the first entity whose list gets elements claims it (an atomic flag,
 * since the keys may live in different entities), pops there and answers once the pop is
 * journaled. A timeout answers nil, CLIENT UNBLOCK nil or Redis's UNBLOCKED error.
 */
final class ListWaiter implements KeyWaiter, Unblockable {

    /** What the blocked command pops and how it answers. */
    record Request(byte[][] keys, boolean left, long count, boolean multi, long timeoutMillis) {
    }

    private final AtomicBoolean done = new AtomicBoolean();
    private final Suspension suspension;
    private final int protocol;
    private final int db;
    private final Request request;

    ListWaiter(Suspension suspension, int protocol, int db, Request request) {
        this.suspension = suspension;
        this.protocol = protocol;
        this.db = db;
        this.request = request;
    }

    void park(KeyAccess keys) {
        suspension.onBlocked().accept(this);
        for (byte[] key : request.keys()) {
            keys.shardOf(key).block(db, key, this);
        }
        if (request.timeoutMillis() > 0) {
            suspension.timers().schedule(() -> {
                if (claim()) {
                    answer(new RespWriter(protocol).nullArray());
                }
            }, request.timeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public boolean unblock(boolean withError) {
        if (!claim()) {
            return false;
        }
        RespWriter out = new RespWriter(protocol);
        answer(withError ? out.error("UNBLOCKED client unblocked via CLIENT UNBLOCK") : out.nullArray());
        return true;
    }

    @Override
    public boolean finished() {
        if (done.get()) {
            return true;
        }
        if (suspension.clientGone().getAsBoolean()) {
            claim();
            return true;
        }
        return false;
    }

    @Override
    public boolean keyReady(ShardState state, int keyDb, byte[] key) {
        if (finished()) {
            return true;
        }
        if (keyDb != db || Arrays.stream(request.keys()).noneMatch(k -> Arrays.equals(k, key))) {
            return false;
        }
        Entry entry = state.peek(keyDb, key, System.currentTimeMillis());
        if (entry == null || !(entry.value() instanceof ListValue list) || list.size() == 0 || !claim()) {
            return false; // another type now: Redis keeps such a client blocked too
        }
        List<byte[]> popped = pop(state, keyDb, key, list, request.left(), request.count());
        RespWriter out = new RespWriter(protocol);
        ListBlockingCommands.reply(out, key, popped, request.multi());
        byte[] reply = out.toByteArray();
        state.afterJournal(() -> suspension.reply().accept(reply));
        return true;
    }

    /**
     * Pops up to {@code count} elements of {@code list} at {@code key} with their events and
     * notifications (the del of an emptied list included), as every list pop does.
     */
    static List<byte[]> pop(KeyAccess keys, int db, byte[] key, ListValue list, boolean left, long count) {
        long taken = Math.min(count, list.size());
        List<byte[]> popped = new ArrayList<>();
        for (long i = 0; i < taken; i++) {
            popped.add(list.get(left ? i : list.size() - 1 - i));
        }
        boolean emptied = taken == list.size();
        keys.emit(new ListEvents.Popped(db, key, left, taken));
        keys.notify(left ? KeyEvent.LPOP : KeyEvent.RPOP, db, key);
        if (emptied) {
            keys.notify(KeyEvent.DEL, db, key);
        }
        return popped;
    }

    private boolean claim() {
        if (done.compareAndSet(false, true)) {
            suspension.onUnblocked().run();
            return true;
        }
        return false;
    }

    private void answer(RespWriter out) {
        suspension.reply().accept(out.toByteArray());
    }
}
