package io.runnel.broker.stream;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.protocol.RespWriter;

/**
 * Runnel's own stream commands, for what Redis users ask for and Redis lacks. They have names of
 * their own so that nothing a Redis client sends changes meaning (see docs/streams.md).
 */
public final class StreamExtensionCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("xretention", Route.KEYS, "Shows or sets a stream's maximum entry age (Runnel extension).",
                StreamExtensionCommands::xretention);
    }

    /** XRETENTION key [MAXAGE milliseconds | NONE]: the maximum age, -1 when none. */
    private static void xretention(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        StreamValue stream = StreamCommands.stream(ctx.write(key));
        if (stream == null) {
            throw new CommandError("ERR no such key");
        }
        if (!args.hasNext()) {
            out.integer(stream.maxAgeMillis() > 0 ? stream.maxAgeMillis() : -1);
            return;
        }
        long maxAge;
        if (args.nextIs("NONE")) {
            maxAge = 0;
        } else if (args.nextIs("MAXAGE") && args.hasNext()) {
            maxAge = args.nextLong();
            if (maxAge <= 0) {
                throw new CommandError("ERR MAXAGE must be a positive number of milliseconds");
            }
        } else {
            throw Errors.syntax();
        }
        if (args.hasNext()) {
            throw Errors.syntax();
        }
        ctx.emit(new StreamEvents.RetentionSet(ctx.db(), key, maxAge));
        out.ok();
    }
}
