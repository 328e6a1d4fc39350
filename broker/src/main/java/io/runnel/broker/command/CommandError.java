package io.runnel.broker.command;

/**
 * A command failed with an error reply. The message is the whole reply line without the
 * leading '-', starting with its code: {@code "ERR syntax error"}, {@code "WRONGTYPE ..."}.
 * Carries no stack trace: it is an answer to a client, not a fault of the server.
 */
public final class CommandError extends RuntimeException {

    public CommandError(String reply) {
        super(reply, null, false, false);
    }
}
