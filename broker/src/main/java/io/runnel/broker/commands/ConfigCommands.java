package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.config.ServerConfig;
import io.runnel.broker.util.Glob;
import io.runnel.protocol.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** CONFIG GET, SET and RESETSTAT over the directives Runnel has. */
public final class ConfigCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.container("config", "Reads and changes the server's configuration.");
        r.subcommand("config", "get", Route.SESSION, "Returns the directives matching glob patterns.", ConfigCommands::get);
        r.subcommand("config", "set", Route.SESSION, "Changes directives, all or none.", ConfigCommands::set);
        r.subcommand("config", "resetstat", Route.SESSION, "Resets the statistics INFO reports.", ConfigCommands::resetstat);
        r.subcommand("config", "help", Route.SESSION, "Describes the CONFIG subcommands.", (c, a, o) -> Help.reply(o, "CONFIG",
                "GET <pattern> [<pattern> ...]", "    The directives matching the glob patterns, with their values.",
                "SET <directive> <value> [<directive> <value> ...]", "    Change directives; all or none are changed.",
                "RESETSTAT", "    Reset the statistics reported by INFO."));
    }

    private static void get(CommandContext ctx, Args args, RespWriter out) {
        ServerConfig config = ctx.server().config();
        Map<String, String> matched = new LinkedHashMap<>();
        while (args.hasNext()) {
            byte[] pattern = args.next();
            for (String name : ServerConfig.directives().keySet()) {
                if (Glob.matches(pattern, name.getBytes(StandardCharsets.UTF_8), true)) {
                    matched.put(name, config.get(name));
                }
            }
        }
        out.map(matched.size());
        matched.forEach((name, value) -> out.bulk(name).bulk(value));
    }

    private static void set(CommandContext ctx, Args args, RespWriter out) {
        if (args.remaining() % 2 != 0) {
            throw Errors.wrongArity("config|set");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        while (args.hasNext()) {
            String name = Args.text(args.next()).toLowerCase(Locale.ROOT);
            String value = Args.text(args.next());
            if (changes.put(name, value) != null) {
                throw new CommandError("ERR CONFIG SET failed (possibly related to argument '" + name + "') - duplicate parameter");
            }
        }
        try {
            ctx.server().config().set(changes);
        } catch (IllegalStateException e) {
            throw new CommandError(e.getMessage());
        }
        out.ok();
    }

    private static void resetstat(CommandContext ctx, Args args, RespWriter out) {
        ctx.server().stats().reset();
        ctx.server().keyspaceStats().resetCounters();
        for (CommandSpec spec : ctx.server().commands().all()) {
            spec.stats().reset();
            spec.subcommands().values().forEach(sub -> sub.stats().reset());
        }
        out.ok();
    }
}
