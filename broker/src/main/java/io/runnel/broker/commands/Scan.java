package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyspaceStats;
import io.runnel.broker.keyspace.ShardState;
import io.runnel.broker.util.Glob;
import io.runnel.protocol.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SCAN across entities. The cursor holds the entity being walked in its low bits and that
 * entity's reverse-binary bucket cursor above them; a call walks one entity and hands over to
 * the next one when its walk is complete, so the guarantee of Redis's SCAN (every key present
 * throughout is returned at least once) holds across the whole keyspace.
 */
final class Scan {

    private Scan() {
    }

    static void execute(CommandContext ctx, Args args, RespWriter out) {
        long cursor = ScanOptions.cursor(args);
        ScanOptions options = ScanOptions.parse(args, true);
        byte[] pattern = options.pattern();
        long count = options.count();
        byte[] type = options.type();
        int entities = ctx.server().router().layout().entities();
        int entityBits = Integer.numberOfTrailingZeros(entities);
        int entity = (int) (cursor & (entities - 1));
        long bucketCursor = cursor >>> entityBits;
        ShardState shard = ctx.keys().shards().get(0);
        if (shard.index() != entity) {
            throw new IllegalStateException("SCAN routed to the wrong entity");
        }
        List<Entry> collected = new ArrayList<>();
        long budget = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
        do {
            bucketCursor = shard.scanStep(ctx.db(), bucketCursor, collected::add);
        } while (bucketCursor != 0 && budget-- > 0 && collected.size() < count);

        long next;
        if (bucketCursor != 0) {
            next = (bucketCursor << entityBits) | entity;
        } else {
            next = nextEntityWithKeys(ctx, entity, entities);
        }
        List<byte[]> keys = new ArrayList<>(collected.size());
        String typeName = type == null ? null : new String(type, StandardCharsets.UTF_8);
        for (Entry entry : collected) {
            if (KeyCommands.expired(entry, ctx.now())) {
                ctx.peek(entry.key()); // lazily expire it, as Redis does for keys it meets
                continue;
            }
            if (pattern != null && !Glob.matches(pattern, entry.key())) {
                continue;
            }
            if (typeName != null && !typeName.equalsIgnoreCase(entry.value().typeName())) {
                continue;
            }
            keys.add(entry.key());
        }
        out.array(2);
        out.bulk(Long.toUnsignedString(next));
        out.array(keys.size());
        keys.forEach(out::bulk);
    }

    /**
     * The entity the walk continues in: the next one that holds keys of the database, or 0 (the
     * end) when none does, so that an empty keyspace answers cursor 0 at once as Redis does. A
     * key that appears meanwhile in a skipped entity was not there for the whole iteration,
     * which is all SCAN promises to return.
     */
    private static long nextEntityWithKeys(CommandContext ctx, int entity, int entities) {
        KeyspaceStats stats = ctx.server().keyspaceStats();
        for (int candidate = entity + 1; candidate < entities; candidate++) {
            if (stats.keys(candidate, ctx.db()) > 0) {
                return candidate;
            }
        }
        return 0;
    }
}
