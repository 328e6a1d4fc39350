package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.Suspension;
import io.runnel.broker.persist.SnapshotService;
import io.runnel.protocol.RespWriter;

/**
 * SAVE, BGSAVE, BGREWRITEAOF and LASTSAVE: snapshots of every slot range. With appendonly yes
 * they go to the snapshot store and the journal's older events are dropped (so a save and a
 * rewrite both compact the journal); with appendonly no a save writes the dump file and there is
 * no journal to rewrite. The replies and errors are Redis's.
 */
public final class PersistenceCommands implements CommandFamily {

    private static final String NEEDS_JOURNAL = "ERR Runnel rewrites its journal only with appendonly yes";

    @Override
    public void register(CommandRegistry r) {
        r.command("save", Route.SESSION, "Saves a snapshot of the whole keyspace, answering when it is safe.", PersistenceCommands::save);
        r.command("bgsave", Route.SESSION, "Saves a snapshot of the whole keyspace in the background.", PersistenceCommands::bgsave);
        r.command("bgrewriteaof", Route.SESSION, "Compacts the journal: snapshots, then drops what they replace.",
                PersistenceCommands::bgrewriteaof);
        r.command("lastsave", Route.SESSION, "Returns the Unix time of the last successful snapshot.",
                (ctx, args, out) -> out.integer(ctx.server().persistence().lastSaveSeconds()));
    }

    /** The snapshot service, for a rewrite of the journal: there must be one (appendonly yes). */
    private static SnapshotService journaled(CommandContext ctx) {
        SnapshotService saves = ctx.server().persistence();
        if (!saves.journaled()) {
            throw new CommandError(NEEDS_JOURNAL);
        }
        return saves;
    }

    private static void save(CommandContext ctx, Args args, RespWriter out) {
        SnapshotService saves = ctx.server().persistence();
        if (saves.inProgress()) {
            throw new CommandError("ERR Background save already in progress");
        }
        Suspension suspension = ctx.suspend();
        int protocol = ctx.protocol();
        saves.start(SnapshotService.Kind.SAVE).whenComplete((ok, failure) -> {
            RespWriter reply = new RespWriter(protocol);
            if (failure == null) {
                reply.ok();
            } else {
                reply.error("ERR snapshot failed: " + failure.getMessage());
            }
            if (suspension != null) {
                suspension.reply().accept(reply.toByteArray());
            }
        });
        if (suspension == null) {
            out.ok(); // where the reply cannot wait (a transaction), the save goes on in the background
        }
    }

    private static void bgsave(CommandContext ctx, Args args, RespWriter out) {
        boolean schedule = false;
        if (args.hasNext()) {
            if (!args.nextIs("SCHEDULE") || args.hasNext()) {
                throw Errors.syntax();
            }
            schedule = true;
        }
        SnapshotService saves = ctx.server().persistence();
        if (saves.saving()) {
            throw new CommandError("ERR Background save already in progress");
        }
        if (saves.rewriting()) {
            if (!schedule) {
                throw new CommandError("ERR Another child process is active (AOF?): can't BGSAVE right now. "
                        + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
            }
            saves.schedule(SnapshotService.Kind.SAVE);
            out.simple("Background saving scheduled");
            return;
        }
        saves.start(SnapshotService.Kind.SAVE);
        out.simple("Background saving started");
    }

    private static void bgrewriteaof(CommandContext ctx, Args args, RespWriter out) {
        SnapshotService saves = journaled(ctx);
        if (saves.rewriting()) {
            throw new CommandError("ERR Background append only file rewriting already in progress");
        }
        if (saves.saving()) {
            saves.schedule(SnapshotService.Kind.REWRITE);
            out.simple("Background append only file rewriting scheduled");
            return;
        }
        saves.start(SnapshotService.Kind.REWRITE);
        out.simple("Background append only file rewriting started");
    }
}
