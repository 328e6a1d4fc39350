package io.runnel.broker.session;

import io.runnel.broker.ServerContext;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.script.LibraryFunction;
import io.runnel.broker.script.ScriptCache;

import java.nio.charset.StandardCharsets;

/**
 * While the journal cannot be written, Redis refuses, before running or queuing them, the
 * commands that may write: write commands, EXEC of a transaction that queued one, scripts and
 * functions that declared flags without no-writes, and PING (so that a health check notices).
 * A script without a shebang starts and is refused at its first write instead (ScriptRun).
 */
final class DiskErrorRefusal {

    private DiskErrorRefusal() {
    }

    /** The MISCONF error for this command while the journal fails, or null when it may run. */
    static String refusal(ServerContext server, CommandSpec spec, byte[][] argv, Transaction transaction) {
        String failure = server.persistence().journalFailure();
        if (failure == null || !mayWrite(server, spec, argv, transaction)) {
            return null;
        }
        return io.runnel.broker.persist.SnapshotService.writeRefusal(failure);
    }

    private static boolean mayWrite(ServerContext server, CommandSpec spec, byte[][] argv, Transaction transaction) {
        if (spec.write()) {
            return true;
        }
        return switch (spec.name()) {
            case "ping" -> true;
            case "exec" -> transaction.active() && transaction.queued().stream().anyMatch(queued -> queued.spec().write());
            case "eval", "eval_ro" -> ScriptCache.declaresWrites(argv[1]);
            case "evalsha", "evalsha_ro" -> {
                ScriptCache.Script script = server.scripts().get(argv[1]);
                yield script != null && ScriptCache.declaresWrites(script.body());
            }
            case "fcall", "fcall_ro" -> {
                LibraryFunction function = server.functions().function(new String(argv[1], StandardCharsets.UTF_8));
                yield function != null && !function.noWrites();
            }
            default -> false;
        };
    }
}
