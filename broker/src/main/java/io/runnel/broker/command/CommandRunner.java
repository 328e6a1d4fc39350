package io.runnel.broker.command;

import io.runnel.protocol.RespWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command's handler wherever it executes (entity, session, held entities): turns a
 * {@link CommandError} into its error reply in place of any partial reply, contains unexpected
 * failures so that they never take the server down, and records INFO commandstats.
 */
public final class CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    private CommandRunner() {
    }

    public static void run(CommandSpec spec, CommandContext ctx, byte[][] argv, RespWriter out) {
        int mark = out.length();
        long start = System.nanoTime();
        boolean failed = false;
        try {
            spec.handler().execute(ctx, new Args(argv, spec.fullName().indexOf('|') >= 0 ? 2 : 1), out);
        } catch (CommandError error) {
            fail(ctx, out, mark, error.getMessage());
            failed = true;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError | LinkageError e) {
            // LinkageError: a class that failed to load or initialize must not leave the client waiting
            LOG.error("command {} failed unexpectedly", spec.fullName(), e);
            fail(ctx, out, mark, "ERR internal error while executing '" + spec.fullName() + "': " + e.getClass().getSimpleName());
            failed = true;
        }
        spec.stats().record(System.nanoTime() - start, failed);
    }

    /** Replaces the partial reply by the error, and counts it for INFO stats and errorstats. */
    private static void fail(CommandContext ctx, RespWriter out, int mark, String error) {
        out.truncate(mark);
        out.error(error);
        ctx.server().stats().errorReply(error);
    }
}
