package io.runnel.broker.dump;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.hash.HashValue;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.KeyspaceEvents.KeyRemoved;
import io.runnel.broker.keyspace.KeyspaceEvents.RemovalCause;
import io.runnel.broker.keyspace.KeyspaceEvents.ValueSet;
import io.runnel.broker.keyspace.Value;
import io.runnel.broker.zset.ZSetCommands;
import io.runnel.protocol.RespWriter;

import static io.runnel.broker.keyspace.Entry.NO_EXPIRY;

/** DUMP and RESTORE: a key's value as a payload in Redis's format, and back (see {@link DumpPayload}). */
public final class DumpCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("dump", Route.KEYS, "Returns a key's value serialized in Redis's format.", DumpCommands::dump);
        r.command("restore", Route.KEYS, "Creates a key from a serialized value, with an expiry and access data.", DumpCommands::restore);
    }

    private static void dump(CommandContext ctx, Args args, RespWriter out) {
        Entry entry = ctx.read(args.next());
        if (entry == null) {
            out.nullBulk();
            return;
        }
        out.bulk(DumpPayload.dump(entry.value()));
    }

    private static int limit(CommandContext ctx, String directive) {
        return (int) Math.min(Integer.MAX_VALUE, ctx.server().config().getLong(directive));
    }

    private static void restore(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] ttlText = args.next();
        byte[] payload = args.next();
        boolean replace = false;
        boolean absolute = false;
        long idle = -1;
        long frequency = -1;
        while (args.hasNext()) {
            if (args.nextIs("REPLACE")) {
                replace = true;
            } else if (args.nextIs("ABSTTL")) {
                absolute = true;
            } else if (args.remaining() >= 2 && frequency == -1 && args.nextIs("IDLETIME")) {
                idle = args.nextLong();
                if (idle < 0) {
                    throw new CommandError("ERR Invalid IDLETIME value, must be >= 0");
                }
            } else if (args.remaining() >= 2 && idle == -1 && args.nextIs("FREQ")) {
                frequency = args.nextLong();
                if (frequency < 0 || frequency > 255) {
                    throw new CommandError("ERR Invalid FREQ value, must be >= 0 and <= 255");
                }
            } else {
                throw Errors.syntax();
            }
        }
        Entry existing = ctx.write(key);
        if (!replace && existing != null) {
            throw new CommandError("BUSYKEY Target key name already exists.");
        }
        long ttl = Args.parseLong(ttlText);
        if (ttl < 0) {
            throw new CommandError("ERR Invalid TTL value, must be >= 0");
        }
        if (!DumpPayload.verify(payload)) {
            throw new CommandError("ERR DUMP payload version or checksum are wrong");
        }
        Value value;
        try {
            DumpPayload.Limits limits = new DumpPayload.Limits(limit(ctx, "set-max-intset-entries"),
                    new HashValue.Limits(limit(ctx, "hash-max-listpack-entries"), limit(ctx, "hash-max-listpack-value")),
                    ZSetCommands.limits(ctx));
            value = DumpPayload.restore(payload, limits, ctx.sharedIntegers());
        } catch (RdbFormatException e) {
            throw new CommandError("ERR Bad data format");
        }
        long expireAt = ttl == 0 ? NO_EXPIRY : absolute ? ttl : ctx.now() + ttl;
        if (ttl != 0 && expireAt <= ctx.now()) {
            // already expired: the key is only deleted (when REPLACE found one)
            if (replace && existing != null) {
                ctx.emit(new KeyRemoved(ctx.db(), key, RemovalCause.DELETED));
                ctx.notify(KeyEvent.DEL, key);
            }
            out.ok();
            return;
        }
        if (existing != null) {
            ctx.emit(new KeyRemoved(ctx.db(), key, RemovalCause.DELETED));
        }
        ctx.emit(new ValueSet(ctx.db(), key, value, expireAt));
        if (idle >= 0 || frequency >= 0) {
            ctx.server().accessClock().restore(value, idle, frequency, ctx.now());
        }
        ctx.notify(KeyEvent.RESTORE, key);
        out.ok();
    }
}
