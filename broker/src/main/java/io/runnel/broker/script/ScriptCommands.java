package io.runnel.broker.script;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Route;
import io.runnel.protocol.RespWriter;

/**
 * EVAL, EVALSHA, their read-only forms, and SCRIPT LOAD, EXISTS, FLUSH and KILL. A script runs
 * in the entities that own its declared keys, all held for the run (see {@link ScriptRun}).
 */
public final class ScriptCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("eval", Route.KEYS, "Runs a Lua script, atomically.", (c, a, o) -> eval(c, a, o, false, false));
        r.command("evalsha", Route.KEYS, "Runs a Lua script known by its SHA1, atomically.", (c, a, o) -> eval(c, a, o, true, false));
        r.command("eval_ro", Route.KEYS, "Runs a Lua script that only reads, atomically.", (c, a, o) -> eval(c, a, o, false, true));
        r.command("evalsha_ro", Route.KEYS, "Runs a Lua script that only reads, known by its SHA1, atomically.",
                (c, a, o) -> eval(c, a, o, true, true));
        r.container("script", "Manages the script cache.");
        r.subcommand("script", "load", Route.SESSION, "Compiles a script and remembers it; answers its SHA1.", ScriptCommands::load);
        r.subcommand("script", "exists", Route.SESSION, "Tells which SHA1s name known scripts.", ScriptCommands::exists);
        r.subcommand("script", "flush", Route.SESSION, "Forgets every script.", ScriptCommands::flush);
        r.subcommand("script", "kill", Route.SESSION, "Stops a script that runs too long and has not written.",
                (c, a, o) -> {
                    c.server().scripts().kill(c.server().config().getLong("busy-reply-threshold"), false);
                    o.ok();
                });
    }

    private static void eval(CommandContext ctx, Args args, RespWriter out, boolean bySha, boolean readOnly) {
        byte[] scriptOrSha = args.next();
        long keyCount = args.nextLong();
        if (keyCount < 0) {
            throw new CommandError("ERR Number of keys can't be negative");
        }
        if (keyCount > args.remaining()) {
            throw new CommandError("ERR Number of keys can't be greater than number of args");
        }
        byte[][] keys = args.nextKeys((int) keyCount);
        byte[][] argv = args.nextKeys(args.remaining());
        ScriptCache cache = ctx.server().scripts();
        ScriptCache.Script script = bySha ? cache.get(scriptOrSha) : cache.load(scriptOrSha);
        if (script == null) {
            throw new CommandError("NOSCRIPT No matching script. Please use EVAL.");
        }
        ScriptRun.run(ctx, script, keys, argv, readOnly || script.flags().contains("no-writes"), out);
    }

    private static void load(CommandContext ctx, Args args, RespWriter out) {
        out.bulk(ctx.server().scripts().load(args.next()).sha());
    }

    private static void exists(CommandContext ctx, Args args, RespWriter out) {
        out.array(args.remaining());
        while (args.hasNext()) {
            out.integer(ctx.server().scripts().get(args.next()) != null ? 1 : 0);
        }
    }

    private static void flush(CommandContext ctx, Args args, RespWriter out) {
        if (args.hasNext()) {
            if (!args.nextIs("ASYNC") && !args.nextIs("SYNC") || args.hasNext()) {
                throw new CommandError("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
            }
        }
        ctx.server().scripts().flush();
        out.ok();
    }
}
