package io.runnel.broker.session;

import io.runnel.broker.ServerContext;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandRunner;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.Suspension;
import io.runnel.broker.keyspace.EntitySet;
import io.runnel.broker.keyspace.KeyAccess;
import io.runnel.broker.keyspace.KeyWatch;
import io.runnel.broker.keyspace.SlotLayout;
import io.runnel.protocol.RespWriter;

import java.util.List;

/**
 * EXEC: runs a client's queued commands as one step. Every entity that owns a key of the
 * transaction (the keys of its commands, and the keys it watches) is held for the whole run, so
 * no other client sees the transaction half applied, and the changes reach the journal as one
 * transaction that recovery keeps whole or not at all. The watches are checked with those
 * entities held: a watched key changed (or expired since it was watched) answers a null array
 * and runs nothing. Blocking commands run as their non-blocking forms, since nothing may wait
 * inside a transaction.
 */
public final class TransactionRunner {

    private TransactionRunner() {
    }

    public static void exec(CommandContext ctx, RespWriter out) {
        ClientSession session = ctx.session();
        Transaction transaction = session.transaction();
        if (!transaction.active()) {
            throw new CommandError("ERR EXEC without MULTI");
        }
        List<Transaction.Queued> queued = List.copyOf(transaction.queued());
        List<Transaction.WatchedKey> watched = List.copyOf(transaction.watchedKeys());
        KeyWatch watch = transaction.detachWatch();
        boolean aborted = transaction.aborted();
        transaction.close();
        if (aborted || (watch != null && watch.dirty())) {
            if (watch != null) {
                watch.release();
            }
            if (aborted) {
                throw new CommandError("EXECABORT Transaction discarded because of previous errors.");
            }
            out.nullArray();
            return;
        }
        ServerContext server = ctx.server();
        int[] entities = entitiesOf(server, queued, watched);
        if (entities.length == 0) {
            // only connection and server commands, no watched key: nothing to hold
            run(server, session, queued, watched, watch, null, out);
            return;
        }
        Suspension suspension = ctx.suspend();
        server.router().exclusively(entities, access -> {
            RespWriter replies = new RespWriter(session.protocol());
            run(server, session, queued, watched, watch, access, replies);
            byte[] bytes = replies.toByteArray();
            return () -> suspension.reply().accept(bytes);
        });
    }

    /** The entities owning the keys the transaction reads, writes or watches, ascending. */
    private static int[] entitiesOf(ServerContext server, List<Transaction.Queued> queued, List<Transaction.WatchedKey> watched) {
        SlotLayout layout = server.router().layout();
        EntitySet entities = new EntitySet(layout.entities());
        for (Transaction.WatchedKey key : watched) {
            entities.add(layout.entityOf(key.key()));
        }
        for (Transaction.Queued command : queued) {
            CommandSpec spec = command.spec();
            byte[][] argv = command.argv();
            switch (spec.route()) {
                case SESSION -> {
                }
                case ALL_ENTITIES -> {
                    return server.router().allEntities();
                }
                case CURSOR -> entities.add(layout.entityOfCursor(argv[1]));
                case KEYS -> {
                    if (!server.router().addEntitiesOf(spec, argv, entities)) {
                        return server.router().allEntities();
                    }
                }
            }
        }
        return entities.toArray();
    }

    /** Runs the queued commands in order (after the watch check), writing EXEC's reply. */
    private static void run(ServerContext server, ClientSession session, List<Transaction.Queued> queued,
                            List<Transaction.WatchedKey> watched, KeyWatch watch, KeyAccess access, RespWriter out) {
        long now = System.currentTimeMillis();
        if (watch != null) {
            boolean changed = watch.dirty() || expiredSinceWatched(access, watched, watch, now);
            watch.release(); // checked with its keys' entities held: it has served
            if (changed) {
                out.nullArray();
                return;
            }
        }
        out.array(queued.size());
        CommandContext ctx = new CommandContext(server);
        for (Transaction.Queued command : queued) {
            boolean local = command.spec().route() == Route.SESSION;
            ctx.reset(local ? null : access, local ? session : null, session.db(), session.id(), session.protocol());
            CommandRunner.run(command.spec(), ctx, command.argv(), out);
        }
    }

    /** Redis aborts EXEC when a key that was live when watched has expired since, even if not yet removed. */
    private static boolean expiredSinceWatched(KeyAccess access, List<Transaction.WatchedKey> watched, KeyWatch watch, long now) {
        for (Transaction.WatchedKey key : watched) {
            if (access.shardOf(key.key()).watchedKeyExpired(key.db(), key.key(), watch, now)) {
                return true;
            }
        }
        return false;
    }
}
