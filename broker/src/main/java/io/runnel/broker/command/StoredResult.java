package io.runnel.broker.command;

import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.KeyspaceEvents.KeyRemoved;
import io.runnel.broker.keyspace.KeyspaceEvents.RemovalCause;
import io.runnel.broker.keyspace.KeyspaceEvents.ValueSet;
import io.runnel.broker.keyspace.Value;

import static io.runnel.broker.keyspace.Entry.NO_EXPIRY;

/**
 * How the STORE commands (SINTERSTORE, ZUNIONSTORE, ZRANGESTORE, ...) write their result: it
 * replaces the destination whatever that held, without its expiry, and raises the command's
 * event; an empty result deletes the destination instead (a "del" event if there was one).
 */
public final class StoredResult {

    private StoredResult() {
    }

    public static void replace(CommandContext ctx, byte[] destination, Value result, boolean empty, KeyEvent event) {
        Entry existing = ctx.write(destination);
        if (!empty) {
            ctx.emit(new ValueSet(ctx.db(), destination, result, NO_EXPIRY));
            ctx.notify(event, destination);
        } else if (existing != null) {
            ctx.emit(new KeyRemoved(ctx.db(), destination, RemovalCause.DELETED));
            ctx.notify(KeyEvent.DEL, destination);
        }
    }
}
