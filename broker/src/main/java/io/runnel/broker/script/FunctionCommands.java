package io.runnel.broker.script;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.Suspension;
import io.runnel.broker.commands.Help;
import io.runnel.broker.util.Glob;
import io.runnel.protocol.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * FCALL, FCALL_RO and FUNCTION LOAD, DELETE, FLUSH, LIST, DUMP, RESTORE, STATS, KILL. A
 * function runs as a script does (see {@link ScriptRun}): in the entities of its declared keys,
 * all held for the call. Library changes answer once they are persisted.
 */
public final class FunctionCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("fcall", Route.KEYS, "Calls a function of a loaded library, atomically.", (c, a, o) -> fcall(c, a, o, false));
        r.command("fcall_ro", Route.KEYS, "Calls a function flagged no-writes, atomically.", (c, a, o) -> fcall(c, a, o, true));
        r.container("function", "Manages function libraries.");
        r.subcommand("function", "load", Route.SESSION, "Loads a library from its code; answers its name.", FunctionCommands::load);
        r.subcommand("function", "delete", Route.SESSION, "Removes a library and its functions.", FunctionCommands::delete);
        r.subcommand("function", "flush", Route.SESSION, "Removes every library.", FunctionCommands::flush);
        r.subcommand("function", "list", Route.SESSION, "Describes the libraries and their functions.", FunctionCommands::list);
        r.subcommand("function", "dump", Route.SESSION, "Serializes every library, for FUNCTION RESTORE.",
                (c, a, o) -> o.bulk(c.server().functions().dump()));
        r.subcommand("function", "restore", Route.SESSION, "Loads the libraries of a FUNCTION DUMP payload.", FunctionCommands::restore);
        r.subcommand("function", "stats", Route.SESSION, "Tells which function runs now, and how many there are.", FunctionCommands::stats);
        r.subcommand("function", "kill", Route.SESSION, "Stops a function that runs too long and has not written.",
                (c, a, o) -> {
                    c.server().scripts().kill(c.server().config().getLong("busy-reply-threshold"), true);
                    o.ok();
                });
        r.subcommand("function", "help", Route.SESSION, "Describes the FUNCTION subcommands.", (c, a, o) -> Help.reply(o, "FUNCTION",
                "LOAD [REPLACE] <code>",
                "    Loads the library the code names on its first line (#!lua name=<library>); REPLACE lets it take",
                "    the place of a library of the same name.",
                "DELETE <library>",
                "    Removes the library and its functions.",
                "LIST [LIBRARYNAME <pattern>] [WITHCODE]",
                "    Describes each library (or those whose names match the pattern): its engine, its functions with",
                "    their descriptions and flags, and with WITHCODE its code.",
                "STATS",
                "    Tells which function runs now (its name, the command that called it, for how long) and how many",
                "    libraries and functions each engine has.",
                "KILL",
                "    Stops the function that runs now, if it has not written.",
                "FLUSH [ASYNC|SYNC]",
                "    Removes every library.",
                "DUMP",
                "    Answers a payload holding every library, for FUNCTION RESTORE.",
                "RESTORE <payload> [FLUSH|APPEND|REPLACE]",
                "    Loads the libraries of a payload. APPEND (the default) refuses a library whose name is taken,",
                "    REPLACE replaces it, FLUSH removes every library first."));
    }

    private static void fcall(CommandContext ctx, Args args, RespWriter out, boolean readOnly) {
        String name = new String(args.next(), StandardCharsets.UTF_8);
        LibraryFunction function = ctx.server().functions().function(name);
        if (function == null) {
            throw new CommandError("ERR Function not found");
        }
        Long keyCount = io.runnel.broker.keyspace.Numbers.parseLongStrict(args.next());
        if (keyCount == null) {
            throw new CommandError("ERR Bad number of keys provided");
        }
        if (keyCount > args.remaining()) {
            throw new CommandError("ERR Number of keys can't be greater than number of args");
        }
        if (keyCount < 0) {
            throw new CommandError("ERR Number of keys can't be negative");
        }
        if (readOnly && !function.noWrites()) {
            throw new CommandError("ERR Can not execute a script with write flag using *_ro command.");
        }
        byte[][] keys = args.nextKeys(keyCount.intValue());
        byte[][] argv = args.nextKeys(args.remaining());
        ScriptRun.run(ctx, function, args.argv(), keys, argv, readOnly || function.noWrites(), out);
    }

    /**
     * Runs a library change and answers OK (or {@code reply}) once it is persisted, or the
     * reason it could not be; inside a transaction, where the reply cannot wait, at once.
     */
    private static void answerWhenPersisted(CommandContext ctx, RespWriter out,
                                            java.util.function.Consumer<FunctionRegistry.Outcome> change,
                                            java.util.function.Consumer<RespWriter> reply) {
        String refusing = ctx.server().persistence().journalFailure();
        if (refusing != null) {
            throw new CommandError(io.runnel.broker.persist.SnapshotService.writeRefusal(refusing)); // as every write while the journal fails
        }
        Suspension suspension = ctx.suspend();
        int protocol = ctx.protocol();
        if (suspension == null) {
            change.accept(new FunctionRegistry.Outcome() {
                @Override
                public void written() {
                }

                @Override
                public void failed(String why) {
                }
            });
            reply.accept(out);
            return;
        }
        try {
            change.accept(new FunctionRegistry.Outcome() {
                @Override
                public void written() {
                    RespWriter later = new RespWriter(protocol);
                    reply.accept(later);
                    suspension.reply().accept(later.toByteArray());
                }

                @Override
                public void failed(String why) {
                    RespWriter refused = new RespWriter(protocol);
                    refused.error(io.runnel.broker.persist.SnapshotService.writeRefusal(why));
                    suspension.reply().accept(refused.toByteArray());
                }
            });
        } catch (CommandError e) {
            RespWriter refused = new RespWriter(protocol);
            refused.error(e.getMessage());
            suspension.reply().accept(refused.toByteArray());
        } catch (RuntimeException e) {
            RespWriter failed = new RespWriter(protocol);
            failed.error("ERR " + e);
            suspension.reply().accept(failed.toByteArray());
            throw e;
        }
    }

    private static void load(CommandContext ctx, Args args, RespWriter out) {
        boolean replace = false;
        while (args.remaining() > 1) {
            byte[] option = args.next();
            if (!Args.is(option, "REPLACE")) {
                throw new CommandError("ERR Unknown option given: " + new String(option, StandardCharsets.UTF_8));
            }
            replace = true;
        }
        byte[] code = args.next();
        boolean replacing = replace;
        String[] name = new String[1];
        answerWhenPersisted(ctx, out, outcome -> ctx.server().functions().load(code, replacing, loaded -> name[0] = loaded, outcome),
                reply -> reply.bulk(name[0]));
    }

    private static void delete(CommandContext ctx, Args args, RespWriter out) {
        String name = new String(args.next(), StandardCharsets.UTF_8);
        answerWhenPersisted(ctx, out, done -> ctx.server().functions().delete(name, done), RespWriter::ok);
    }

    private static void flush(CommandContext ctx, Args args, RespWriter out) {
        if (args.remaining() > 1) {
            throw Errors.subcommandSyntax(args.get(1), "function");
        }
        if (args.hasNext() && !args.nextIs("ASYNC") && !args.nextIs("SYNC")) {
            throw new CommandError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        answerWhenPersisted(ctx, out, done -> ctx.server().functions().flush(done), RespWriter::ok);
    }

    private static void restore(CommandContext ctx, Args args, RespWriter out) {
        if (args.remaining() > 2) {
            throw Errors.subcommandSyntax(args.get(1), "function");
        }
        byte[] payload = args.next();
        FunctionRegistry.RestorePolicy policy = FunctionRegistry.RestorePolicy.APPEND;
        if (args.hasNext()) {
            String given = new String(args.next(), StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT);
            policy = switch (given) {
                case "APPEND" -> FunctionRegistry.RestorePolicy.APPEND;
                case "REPLACE" -> FunctionRegistry.RestorePolicy.REPLACE;
                case "FLUSH" -> FunctionRegistry.RestorePolicy.FLUSH;
                default -> throw new CommandError("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
            };
        }
        FunctionRegistry.RestorePolicy chosen = policy;
        answerWhenPersisted(ctx, out, done -> ctx.server().functions().restore(payload, chosen, done), RespWriter::ok);
    }

    private static void list(CommandContext ctx, Args args, RespWriter out) {
        boolean withCode = false;
        byte[] pattern = null;
        while (args.hasNext()) {
            byte[] option = args.next();
            if (!withCode && Args.is(option, "WITHCODE")) {
                withCode = true;
            } else if (pattern == null && Args.is(option, "LIBRARYNAME")) {
                if (!args.hasNext()) {
                    throw new CommandError("ERR library name argument was not given");
                }
                pattern = args.next();
            } else {
                throw new CommandError("ERR Unknown argument " + new String(option, StandardCharsets.UTF_8));
            }
        }
        List<FunctionLibrary> shown = new ArrayList<>();
        for (FunctionLibrary library : ctx.server().functions().libraries()) {
            if (pattern == null || Glob.matches(pattern, library.name().getBytes(StandardCharsets.UTF_8), true)) {
                shown.add(library);
            }
        }
        out.array(shown.size());
        for (FunctionLibrary library : shown) {
            out.map(withCode ? 4 : 3);
            out.bulk("library_name").bulk(library.name());
            out.bulk("engine").bulk("LUA");
            out.bulk("functions").array(library.functions().size());
            for (LibraryFunction function : library.functions().values()) {
                out.map(3);
                out.bulk("name").bulk(function.name());
                out.bulk("description");
                if (function.description() == null) {
                    out.nullBulk();
                } else {
                    out.bulk(function.description());
                }
                out.bulk("flags").set(function.flags().size());
                for (String flag : function.flags()) {
                    out.simple(flag);
                }
            }
            if (withCode) {
                out.bulk("library_code").bulk(library.code());
            }
        }
    }

    private static void stats(CommandContext ctx, Args args, RespWriter out) {
        out.map(2);
        out.bulk("running_script");
        ScriptRun running = ctx.server().scripts().runningFunction();
        if (running == null) {
            out.nullBulk();
        } else {
            out.map(3);
            out.bulk("name").bulk(running.function().name());
            byte[][] command = running.command();
            out.bulk("command").array(command.length);
            for (byte[] part : command) {
                out.bulk(part);
            }
            out.bulk("duration_ms").integer(running.runningMillis());
        }
        out.bulk("engines").map(1);
        out.bulk("LUA").map(2);
        out.bulk("libraries_count").integer(ctx.server().functions().libraries().size());
        out.bulk("functions_count").integer(ctx.server().functions().functionCount());
    }
}
