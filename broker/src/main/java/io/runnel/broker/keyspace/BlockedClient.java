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
    /** The database of the keys waited on. */
    protected final int db;
    private final byte[][] keys;

    protected BlockedClient(Suspension suspension, int protocol, int db, byte[][] keys) {
        this.suspension = suspension;
        this.protocol = protocol;
        this.db = db;
        this.keys = keys;
    }

    /** Starts the timeout (0 or less: none) and parks this client in the entity of each of its keys. */
    protected void parkOnKeys(KeyAccess access, long timeoutMillis) {
        startWaiting(timeoutMillis);
        for (byte[] key : keys) {
            access.shardOf(key).block(db, key, this);
        }
    }

    /** The value now at {@code key} if it is one this client waits on (in its database); else null. */
    protected Value watchedValue(ShardState state, int keyDb, byte[] key) {
        if (keyDb != db || !waitsOn(key)) {
            return null;
        }
        Entry entry = state.peek(keyDb, key, System.currentTimeMillis());
        return entry == null ? null : entry.value();
    }

    /** Whether {@code key} is one of the keys this client waits on. */
    protected boolean waitsOn(byte[] key) {
        for (byte[] mine : keys) {
            if (java.util.Arrays.equals(mine, key)) {
                return true;
            }
        }
        return false;
    }

    /** The timeout of BLPOP, BZPOPMIN and the like: seconds with a fraction, as Redis reads them; in milliseconds (0: forever). */
    public static long timeoutSeconds(byte[] text) {
        java.math.BigDecimal seconds = LongDouble.parse(text);
        if (seconds == null) {
            throw new io.runnel.broker.command.CommandError("ERR timeout is not a float or out of range");
        }
        java.math.BigDecimal millis = seconds.multiply(java.math.BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.CEILING);
        // beyond a long Redis's conversion wraps around to a negative timeout
        if (millis.signum() < 0 || millis.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new io.runnel.broker.command.CommandError("ERR timeout is negative");
        }
        return millis.longValueExact();
    }

    /** Reports the client blocked and starts its timeout, if it has one (0 or less: none). */
    private void startWaiting(long timeoutMillis) {
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
