package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.KeyWatch;
import io.runnel.broker.session.ClientSession;
import io.runnel.broker.session.Transaction;
import io.runnel.broker.session.TransactionRunner;
import io.runnel.protocol.RespWriter;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH. While a transaction is open the session queues every
 * other command (see ClientSession); EXEC runs them as one step ({@link TransactionRunner}).
 */
public final class TransactionCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("multi", Route.SESSION, "Opens a transaction: the commands that follow are queued until EXEC.",
                TransactionCommands::multi);
        r.command("exec", Route.SESSION, "Runs the commands queued since MULTI as one step.",
                (ctx, args, out) -> TransactionRunner.exec(ctx, out));
        r.command("discard", Route.SESSION, "Drops the commands queued since MULTI.", TransactionCommands::discard);
        r.command("watch", Route.KEYS, "Watches keys: the next EXEC runs only if none of them changed meanwhile.",
                TransactionCommands::watch);
        r.command("unwatch", Route.SESSION, "Forgets the keys watched.", TransactionCommands::unwatch);
    }

    private static void multi(CommandContext ctx, Args args, RespWriter out) {
        Transaction transaction = ctx.session().transaction();
        if (transaction.active()) {
            throw new CommandError("ERR MULTI calls can not be nested");
        }
        transaction.begin();
        out.ok();
    }

    private static void discard(CommandContext ctx, Args args, RespWriter out) {
        Transaction transaction = ctx.session().transaction();
        if (!transaction.active()) {
            throw new CommandError("ERR DISCARD without MULTI");
        }
        transaction.discard();
        out.ok();
    }

    /** Runs in the entities that own the keys: each is registered there with the client's watch. */
    private static void watch(CommandContext ctx, Args args, RespWriter out) {
        ClientSession session = ctx.server().clients().get(ctx.clientId());
        while (args.hasNext()) {
            byte[] key = args.next();
            if (session != null) {
                KeyWatch watch = session.transaction().watch(ctx.db(), key);
                ctx.keys().shardOf(key).watch(ctx.db(), key, watch, ctx.now());
            }
        }
        out.ok();
    }

    private static void unwatch(CommandContext ctx, Args args, RespWriter out) {
        ctx.session().transaction().unwatch();
        out.ok();
    }
}
