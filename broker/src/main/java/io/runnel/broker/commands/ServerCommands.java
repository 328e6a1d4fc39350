package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.KeyspaceEvents.DatabaseFlushed;
import io.runnel.broker.keyspace.KeyspaceEvents.DatabasesSwapped;
import io.runnel.protocol.RespWriter;

/** Commands about the server and its databases as a whole. */
public final class ServerCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("time", Route.SESSION, "Returns the server's clock as seconds and microseconds.", ServerCommands::time);
        r.command("dbsize", Route.SESSION, "Returns the number of keys in the selected database.",
                (c, a, o) -> o.integer(c.server().keyspaceStats().keys(c.session().db())));
        r.command("flushdb", Route.ALL_ENTITIES, "Deletes every key of the selected database.", (c, a, o) -> flush(c, a, o, c.db()));
        r.command("flushall", Route.ALL_ENTITIES, "Deletes every key of every database.", (c, a, o) -> flush(c, a, o, -1));
        r.command("swapdb", Route.ALL_ENTITIES, "Swaps the contents of two databases.", ServerCommands::swapdb);
        r.command("shutdown", Route.SESSION, "Stops the server.", ServerCommands::shutdown);
    }

    private static void time(CommandContext ctx, Args args, RespWriter out) {
        java.time.Instant now = java.time.Instant.now();
        out.array(2);
        out.bulkNumber(now.getEpochSecond());
        out.bulkNumber(now.getNano() / 1000);
    }

    private static void flush(CommandContext ctx, Args args, RespWriter out, int db) {
        if (args.hasNext()) {
            byte[] mode = args.next();
            if (args.hasNext() || !(Args.is(mode, "ASYNC") || Args.is(mode, "SYNC"))) {
                throw Errors.syntax();
            }
        }
        ctx.emit(new DatabaseFlushed(db));
        if (db < 0) {
            ctx.server().persistence().afterFlushAll();
        }
        out.ok();
    }

    private static void swapdb(CommandContext ctx, Args args, RespWriter out) {
        long first = args.nextLong("ERR invalid first DB index");
        long second = args.nextLong("ERR invalid second DB index");
        int databases = ctx.server().databases();
        if (first < 0 || first >= databases || second < 0 || second >= databases) {
            throw new CommandError(Errors.DB_INDEX);
        }
        if (first != second) {
            ctx.emit(new DatabasesSwapped((int) first, (int) second));
        }
        out.ok();
    }

    private static void shutdown(CommandContext ctx, Args args, RespWriter out) {
        boolean save = false;
        boolean noSave = false;
        boolean abort = false;
        boolean other = false;
        boolean force = false;
        while (args.hasNext()) {
            if (args.nextIs("NOSAVE")) {
                noSave = true;
            } else if (args.nextIs("SAVE")) {
                save = true;
            } else if (args.nextIs("ABORT")) {
                abort = true;
            } else if (args.nextIs("NOW")) {
                other = true;
            } else if (args.nextIs("FORCE")) {
                other = true;
                force = true;
            } else {
                throw Errors.syntax();
            }
        }
        if ((abort && (save || noSave || other)) || (save && noSave)) {
            throw Errors.syntax();
        }
        if (abort) {
            throw new CommandError("ERR No shutdown in progress.");
        }
        io.runnel.broker.persist.SnapshotService saves = ctx.server().persistence();
        if (!saves.savesOnShutdown(save, noSave)) {
            // like Redis, a successful SHUTDOWN sends no reply: the connection just closes
            ctx.session().closeAfterReply();
            ctx.server().shutdown();
            return;
        }
        // without a journal the data is saved to the dump file first; if that fails, the server
        // stays up and says so, as Redis does (unless FORCE)
        io.runnel.broker.command.Suspension suspension = ctx.suspend();
        int protocol = ctx.protocol();
        boolean forced = force;
        saves.saveAfterCurrent().whenComplete((ok, failure) -> {
            if (failure == null || forced) {
                ctx.server().shutdown();
            } else if (suspension != null) {
                suspension.reply().accept(new RespWriter(protocol).error("ERR Errors trying to SHUTDOWN. Check logs.").toByteArray());
            }
        });
    }
}
