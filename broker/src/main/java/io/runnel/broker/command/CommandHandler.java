package io.runnel.broker.command;

import io.runnel.protocol.RespWriter;

/** Executes one command: reads its arguments, acts through the context, writes one reply. */
@FunctionalInterface
public interface CommandHandler {
    void execute(CommandContext ctx, Args args, RespWriter out);
}
