package io.runnel.broker.keyspace;

import io.runnel.broker.command.Suspension;
import io.runnel.broker.command.Unblockable;
import io.runnel.protocol.RespWriter;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every blocked command shares (XREAD, XREADGROUP, BLPOP, BLMOVE, ...): it waits in the
 * entities of several keys, so the first of them to serve it claims it with an atomic flag; a
 * timeout or CLIENT UNBLOCK answers nil (or Redis's UNBLOCKED error); a client that left is
 * forgotten. Subclasses say when a key can serve them.
 */
public abstract class BlockedClient implements KeyWaiter, Unblockable {

    private final AtomicBoolean done = new AtomicBoolean();
    protected final Suspension suspension;
    protected final int protocol;

    protected BlockedClient(Suspension suspension, int protocol) {
        this.suspension = suspension;
        this.protocol = protocol;
    }

    /** Reports the client blocked and starts its timeout, if it has one (0 or less: none). */
    protected void startWaiting(long timeoutMillis) {
        suspension.onBlocked().accept(this);
        if (timeoutMillis > 0) {
            suspension.timers().schedule(() -> {
                if (claim()) {
                    answer(new RespWriter(protocol).nullArray());
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
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

    /** Takes the client for one answer; false when another entity, the timeout or an unblock took it first. */
    protected boolean claim() {
        if (done.compareAndSet(false, true)) {
            suspension.onUnblocked().run();
            return true;
        }
        return false;
    }

    protected void answer(RespWriter out) {
        suspension.reply().accept(out.toByteArray());
    }

    /** An answer after a write served this client: sent once the events it caused are journaled. */
    protected void answerAfterJournal(ShardState state, RespWriter out) {
        byte[] reply = out.toByteArray();
        state.afterJournal(() -> suspension.reply().accept(reply));
    }
}
