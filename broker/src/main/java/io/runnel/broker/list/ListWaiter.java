package io.runnel.broker.list;

import io.runnel.broker.command.Suspension;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyAccess;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.ShardState;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * A client blocked in BLPOP, BRPOP, BLMPOP, BLMOVE or BRPOPLPUSH. It waits in the entity of each
 * of its keys, in the order clients arrived; the first entity whose list gets elements claims it
 * (an atomic flag, since the keys may live in different entities), pops there and answers once
 * the pop is journaled. A move's destination may live in another entity: the move then runs as a
 * command holding both entities (all of it or none, like LMOVE), which claims the client only if
 * the source still has an element by then. A timeout answers nil, CLIENT UNBLOCK nil or Redis's
 * UNBLOCKED error.
 */
final class ListWaiter extends io.runnel.broker.keyspace.BlockedClient {

    /**
     * What the blocked command pops and how it answers; a move has its one source in
     * {@code keys} and a {@code destination} (null for the pops).
     */
    record Request(byte[][] keys, boolean left, long count, boolean multi, long timeoutMillis, byte[] destination,
                   boolean toLeft) {
        static Request pop(byte[][] keys, boolean left, long count, boolean multi, long timeoutMillis) {
            return new Request(keys, left, count, multi, timeoutMillis, null, false);
        }
    }

    private final Request request;

    ListWaiter(Suspension suspension, int protocol, int db, Request request) {
        super(suspension, protocol, db, request.keys());
        this.request = request;
    }

    private io.runnel.broker.keyspace.KeyspaceRouter router;

    void park(KeyAccess keys, io.runnel.broker.keyspace.KeyspaceRouter router) {
        this.router = router;
        parkOnKeys(keys, request.timeoutMillis());
    }

    @Override
    public boolean keyReady(ShardState state, int keyDb, byte[] key) {
        if (finished()) {
            return true;
        }
        // the list is looked at first: after one waiter emptied it, the ones behind it learn so at once
        if (!(watchedValue(state, keyDb, key) instanceof ListValue list) || list.size() == 0) {
            return false; // another type now: Redis keeps such a client blocked too
        }
        if (request.destination() != null) {
            moveHoldingBoth(key);
            return false; // forgotten here once the move has claimed it
        }
        if (!claim()) {
            return false;
        }
        List<byte[]> popped = pop(state, keyDb, key, list, request.left(), request.count());
        RespWriter out = new RespWriter(protocol);
        ListBlockingCommands.reply(out, key, popped, request.multi());
        answerAfterJournal(state, out);
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

    /** Runs the move with the source's and the destination's entities held, if the client still waits then. */
    private void moveHoldingBoth(byte[] source) {
        io.runnel.broker.keyspace.SlotLayout layout = router.layout();
        int[] entities = java.util.stream.IntStream.of(layout.entityOf(source), layout.entityOf(request.destination()))
                .distinct().sorted().toArray();
        router.exclusively(entities, access -> {
            long now = System.currentTimeMillis();
            Entry from = access.write(db, source, now);
            Entry to = access.write(db, request.destination(), now);
            if (finished() || from == null || !(from.value() instanceof ListValue list) || list.size() == 0
                    || (to != null && !(to.value() instanceof ListValue)) || !claim()) {
                return null; // served meanwhile, or nothing left to move: still waiting
            }
            byte[] element = ListCommands.moveElement(access, db, source, list, request.destination(), request.left(),
                    request.toLeft());
            return () -> answer(new RespWriter(protocol).bulk(element));
        });
    }
}
