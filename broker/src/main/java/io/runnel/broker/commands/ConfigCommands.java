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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * CONFIG GET pattern [pattern ...]: each directive at most once. A pattern without glob
     * characters names one directive and is echoed as typed; a glob matches names in any case.
     */
    private static void get(CommandContext ctx, Args args, RespWriter out) {
        ServerConfig config = ctx.server().config();
        Map<String, String> shownAs = new LinkedHashMap<>();
        while (args.hasNext()) {
            byte[] pattern = args.next();
            if (!hasGlob(pattern)) {
                String typed = Args.text(pattern);
                String name = typed.toLowerCase(Locale.ROOT);
                if (ServerConfig.directives().containsKey(ServerConfig.canonical(name))) {
                    shownAs.putIfAbsent(name, typed);
                }
                continue;
            }
            // an older name matching the pattern is listed too, as Redis lists it
            List<String> names = new ArrayList<>(ServerConfig.directives().keySet());
            names.addAll(ServerConfig.aliases().keySet());
            for (String name : names) {
                if (Glob.matches(pattern, name.getBytes(StandardCharsets.UTF_8), true)) {
                    shownAs.putIfAbsent(name, name);
                }
            }
        }
        out.map(shownAs.size());
        shownAs.forEach((name, shown) -> out.bulk(shown).bulk(config.shown(ServerConfig.canonical(name))));
    }

    private static boolean hasGlob(byte[] pattern) {
        for (byte b : pattern) {
            if (b == '*' || b == '?' || b == '[') {
                return true;
            }
        }
        return false;
    }

    private static void set(CommandContext ctx, Args args, RespWriter out) {
        if (args.remaining() % 2 != 0) {
            throw Errors.syntax(); // arity already asks for at least one pair
        }
        List<Map.Entry<String, String>> changes = new ArrayList<>();
        while (args.hasNext()) {
            String name = Args.text(args.next());
            changes.add(Map.entry(name, Args.text(args.next())));
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
