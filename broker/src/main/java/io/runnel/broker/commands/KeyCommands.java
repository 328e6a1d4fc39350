package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.KeyspaceEvents.ExpirySet;
import io.runnel.broker.keyspace.KeyspaceEvents.KeyRemoved;
import io.runnel.broker.keyspace.KeyspaceEvents.RemovalCause;
import io.runnel.broker.keyspace.KeyspaceEvents.ValueSet;
import io.runnel.broker.keyspace.ShardState;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.broker.keyspace.Value;
import io.runnel.broker.util.Glob;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.List;

import static io.runnel.broker.keyspace.Entry.NO_EXPIRY;

/** Commands about keys whatever their type: existence, deletion, renaming, expiry, iteration. */
public final class KeyCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("del", Route.KEYS, "Deletes keys.", KeyCommands::del);
        r.command("unlink", Route.KEYS, "Deletes keys, reclaiming their memory in the background.", KeyCommands::del);
        r.command("exists", Route.KEYS, "Counts how many of the given keys exist.", KeyCommands::exists);
        r.command("touch", Route.KEYS, "Marks keys as accessed; counts those that exist.", KeyCommands::touch);
        r.command("type", Route.KEYS, "Returns the type of a key's value.", KeyCommands::type);
        r.command("keys", Route.ALL_ENTITIES, "Returns every key matching a glob pattern.", KeyCommands::keys);
        r.command("scan", Route.CURSOR, "Iterates over the keys of the database with a cursor.", Scan::execute);
        r.command("randomkey", Route.ALL_ENTITIES, "Returns a random key of the database.", KeyCommands::randomkey);
        r.command("rename", Route.KEYS, "Renames a key, replacing any key with the new name.", (c, a, o) -> rename(c, a, o, false));
        r.command("renamenx", Route.KEYS, "Renames a key only when the new name is free.", (c, a, o) -> rename(c, a, o, true));
        r.command("copy", Route.KEYS, "Copies a key's value to another key.", KeyCommands::copy);
        r.command("move", Route.KEYS, "Moves a key to another database.", KeyCommands::move);
        r.command("expire", Route.KEYS, "Sets a key's time to live in seconds.", (c, a, o) -> expire(c, a, o, Expiry.Unit.SECONDS, false, "expire"));
        r.command("pexpire", Route.KEYS, "Sets a key's time to live in milliseconds.", (c, a, o) -> expire(c, a, o, Expiry.Unit.MILLISECONDS, false, "pexpire"));
        r.command("expireat", Route.KEYS, "Sets a key's expiry as a Unix time in seconds.", (c, a, o) -> expire(c, a, o, Expiry.Unit.SECONDS, true, "expireat"));
        r.command("pexpireat", Route.KEYS, "Sets a key's expiry as a Unix time in milliseconds.", (c, a, o) -> expire(c, a, o, Expiry.Unit.MILLISECONDS, true, "pexpireat"));
        r.command("ttl", Route.KEYS, "Returns a key's time to live in seconds.", (c, a, o) -> ttl(c, a, o, false, false));
        r.command("pttl", Route.KEYS, "Returns a key's time to live in milliseconds.", (c, a, o) -> ttl(c, a, o, true, false));
        r.command("expiretime", Route.KEYS, "Returns a key's expiry as a Unix time in seconds.", (c, a, o) -> ttl(c, a, o, false, true));
        r.command("pexpiretime", Route.KEYS, "Returns a key's expiry as a Unix time in milliseconds.", (c, a, o) -> ttl(c, a, o, true, true));
        r.command("persist", Route.KEYS, "Removes a key's expiry.", KeyCommands::persist);
        ObjectCommand.register(r);
    }

    private static void del(CommandContext ctx, Args args, RespWriter out) {
        long deleted = 0;
        while (args.hasNext()) {
            byte[] key = args.next();
            if (ctx.write(key) != null) {
                ctx.emit(new KeyRemoved(ctx.db(), key, RemovalCause.DELETED));
                ctx.notify(KeyEvent.DEL, key);
                deleted++;
            }
        }
        out.integer(deleted);
    }

    /** EXISTS does not count as an access of the keys (OBJECT IDLETIME, FREQ); TOUCH does. */
    private static void exists(CommandContext ctx, Args args, RespWriter out) {
        long count = 0;
        while (args.hasNext()) {
            if (ctx.readNoTouch(args.next()) != null) {
                count++;
            }
        }
        out.integer(count);
    }

    private static void touch(CommandContext ctx, Args args, RespWriter out) {
        long count = 0;
        while (args.hasNext()) {
            if (ctx.read(args.next()) != null) {
                count++;
            }
        }
        out.integer(count);
    }

    private static void type(CommandContext ctx, Args args, RespWriter out) {
        Entry entry = ctx.readNoTouch(args.next());
        out.simple(entry == null ? "none" : entry.value().typeName());
    }

    private static void keys(CommandContext ctx, Args args, RespWriter out) {
        byte[] pattern = args.next();
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> found = new ArrayList<>();
        long now = ctx.now();
        for (ShardState shard : ctx.keys().shards()) {
            shard.database(ctx.db()).forEach(entry -> {
                if ((all || Glob.matches(pattern, entry.key())) && !expired(entry, now)) {
                    found.add(entry.key());
                }
            });
        }
        out.array(found.size());
        found.forEach(out::bulk);
    }

    static boolean expired(Entry entry, long now) {
        return entry.hasExpiry() && entry.expireAt() <= now;
    }

    private static void randomkey(CommandContext ctx, Args args, RespWriter out) {
        List<ShardState> shards = ctx.keys().shards();
        // each miss deletes the expired key it drew, so this ends: with a live key, or with
        // nil once every key has gone (as Redis, however many expired keys it meets)
        while (true) {
            long total = 0;
            for (ShardState shard : shards) {
                total += shard.database(ctx.db()).size();
            }
            if (total == 0) {
                break;
            }
            long pick = shards.get(0).random().nextLong(total);
            for (ShardState shard : shards) {
                int size = shard.database(ctx.db()).size();
                if (pick < size) {
                    Entry entry = shard.randomKey(ctx.db());
                    if (entry != null && ctx.peek(entry.key()) != null) {
                        out.bulk(entry.key());
                        return;
                    }
                    break;
                }
                pick -= size;
            }
        }
        out.nullBulk();
    }

    private static void rename(CommandContext ctx, Args args, RespWriter out, boolean onlyIfFree) {
        byte[] source = args.next();
        byte[] target = args.next();
        Entry entry = ctx.write(source);
        if (entry == null) {
            throw new CommandError(Errors.NO_SUCH_KEY);
        }
        if (java.util.Arrays.equals(source, target)) {
            if (onlyIfFree) {
                out.integer(0);
            } else {
                out.ok();
            }
            return;
        }
        boolean targetExists = ctx.write(target) != null;
        if (onlyIfFree && targetExists) {
            out.integer(0);
            return;
        }
        Value value = entry.value();
        long expireAt = entry.expireAt();
        ctx.emit(new KeyRemoved(ctx.db(), source, RemovalCause.DELETED));
        if (targetExists) {
            // the target is deleted, not overwritten: the value keeps its own access data
            ctx.emit(new KeyRemoved(ctx.db(), target, RemovalCause.DELETED));
        }
        ctx.emit(new ValueSet(ctx.db(), target, value, expireAt));
        ctx.notify(KeyEvent.RENAME_FROM, source);
        ctx.notify(KeyEvent.RENAME_TO, target);
        if (onlyIfFree) {
            out.integer(1);
        } else {
            out.ok();
        }
    }

    private static void copy(CommandContext ctx, Args args, RespWriter out) {
        byte[] source = args.next();
        byte[] target = args.next();
        int targetDb = ctx.db();
        boolean replace = false;
        while (args.hasNext()) {
            if (args.nextIs("REPLACE")) {
                replace = true;
            } else if (args.nextIs("DB") && args.hasNext()) {
                targetDb = databaseIndex(ctx, args.next());
            } else {
                throw Errors.syntax();
            }
        }
        if (targetDb == ctx.db() && java.util.Arrays.equals(source, target)) {
            throw new CommandError("ERR source and destination objects are the same");
        }
        Entry entry = ctx.read(source);
        if (entry == null) {
            out.integer(0);
            return;
        }
        Entry existing = ctx.keys().write(targetDb, target, ctx.now());
        if (existing != null && !replace) {
            out.integer(0);
            return;
        }
        if (existing != null) {
            // REPLACE deletes the target first: the copy is a new value, not an overwrite
            ctx.emit(new KeyRemoved(targetDb, target, RemovalCause.DELETED));
        }
        ctx.emit(new ValueSet(targetDb, target, entry.value().copy(), entry.expireAt()));
        ctx.notify(KeyEvent.COPY_TO, targetDb, target);
        out.integer(1);
    }

    private static void move(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        int targetDb = databaseIndex(ctx, args.next());
        if (targetDb == ctx.db()) {
            throw new CommandError("ERR source and destination objects are the same");
        }
        Entry entry = ctx.write(key);
        if (entry == null || ctx.keys().write(targetDb, key, ctx.now()) != null) {
            out.integer(0);
            return;
        }
        Value value = entry.value();
        long expireAt = entry.expireAt();
        ctx.emit(new KeyRemoved(ctx.db(), key, RemovalCause.DELETED));
        ctx.emit(new ValueSet(targetDb, key, value, expireAt));
        ctx.notify(KeyEvent.MOVE_FROM, key);
        ctx.notify(KeyEvent.MOVE_TO, targetDb, key);
        out.integer(1);
    }

    private static int databaseIndex(CommandContext ctx, byte[] text) {
        long index = Args.parseLong(text);
        if (index < 0 || index >= ctx.server().databases()) {
            throw new CommandError(Errors.DB_INDEX);
        }
        return (int) index;
    }

    private static void expire(CommandContext ctx, Args args, RespWriter out, Expiry.Unit unit, boolean absolute, String name) {
        byte[] key = args.next();
        byte[] amountText = args.next();
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        while (args.hasNext()) {
            byte[] option = args.next();
            if (Args.is(option, "NX")) {
                nx = true;
            } else if (Args.is(option, "XX")) {
                xx = true;
            } else if (Args.is(option, "GT")) {
                gt = true;
            } else if (Args.is(option, "LT")) {
                lt = true;
            } else {
                throw new CommandError("ERR Unsupported option " + Args.text(option));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new CommandError("ERR GT and LT options at the same time are not compatible");
        }
        long amount = Args.parseLong(amountText);
        long when = Expiry.absoluteMillis(amount, unit, absolute, ctx.now(), name, false);
        Entry entry = ctx.write(key);
        if (entry == null) {
            out.integer(0);
            return;
        }
        long current = entry.expireAt();
        boolean persistent = current == NO_EXPIRY;
        if ((nx && !persistent) || (xx && persistent) || (gt && (persistent || when <= current))
                || (lt && !persistent && when >= current)) {
            out.integer(0);
            return;
        }
        if (when <= ctx.now()) {
            ctx.emit(new KeyRemoved(ctx.db(), key, RemovalCause.DELETED));
            ctx.notify(KeyEvent.DEL, key);
        } else {
            ctx.emit(new ExpirySet(ctx.db(), key, when));
            ctx.notify(KeyEvent.EXPIRE, key);
        }
        out.integer(1);
    }

    private static void ttl(CommandContext ctx, Args args, RespWriter out, boolean millis, boolean absolute) {
        Entry entry = ctx.readNoTouch(args.next());
        if (entry == null) {
            out.integer(-2);
            return;
        }
        if (!entry.hasExpiry()) {
            out.integer(-1);
            return;
        }
        long expireAt = entry.expireAt();
        if (absolute) {
            out.integer(millis ? expireAt : roundedSeconds(expireAt));
            return;
        }
        long remaining = Math.max(0, expireAt - ctx.now());
        out.integer(millis ? remaining : roundedSeconds(remaining));
    }

    /** Milliseconds (not negative) to the nearest second, half up, even next to 2^63. */
    private static long roundedSeconds(long millis) {
        return millis / 1000 + (millis % 1000 >= 500 ? 1 : 0);
    }

    private static void persist(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        Entry entry = ctx.write(key);
        if (entry == null || !entry.hasExpiry()) {
            out.integer(0);
            return;
        }
        ctx.emit(new ExpirySet(ctx.db(), key, NO_EXPIRY));
        ctx.notify(KeyEvent.PERSIST, key);
        out.integer(1);
    }

    /** OBJECT and its subcommands. */
    static final class ObjectCommand {
        private ObjectCommand() {
        }

        static void register(CommandRegistry r) {
            r.container("object", "Inspects how a key's value is stored.");
            r.subcommand("object", "encoding", Route.KEYS, "Returns the internal encoding of a key's value.", ObjectCommand::encoding);
            r.subcommand("object", "refcount", Route.KEYS, "Returns the reference count of a key's value.", ObjectCommand::refcount);
            r.subcommand("object", "idletime", Route.KEYS, "Returns the seconds since a key was last accessed.", ObjectCommand::idletime);
            r.subcommand("object", "freq", Route.KEYS, "Returns a key's access frequency counter (LFU policies only).", ObjectCommand::freq);
            r.subcommand("object", "help", Route.SESSION, "Describes the OBJECT subcommands.", (c, a, o) -> Help.reply(o, "OBJECT",
                    // Redis's own help text: it is part of the reply clients see
                    "ENCODING <key>",
                    "    Return the kind of internal representation used in order to store the value",
                    "    associated with a <key>.",
                    "FREQ <key>",
                    "    Return the access frequency index of the <key>. The returned integer is",
                    "    proportional to the logarithm of the recent access frequency of the key.",
                    "IDLETIME <key>",
                    "    Return the idle time of the <key>, that is the approximated number of",
                    "    seconds elapsed since the last access to the key.",
                    "REFCOUNT <key>",
                    "    Return the number of references of the value associated with the specified",
                    "    <key>."));
        }

        private static Entry lookup(CommandContext ctx, Args args, RespWriter out) {
            Entry entry = ctx.inspect(args.next());
            if (entry == null) {
                out.nullBulk();
            }
            return entry;
        }

        private static void encoding(CommandContext ctx, Args args, RespWriter out) {
            Entry entry = lookup(ctx, args, out);
            if (entry != null) {
                out.bulk(entry.value().encoding());
            }
        }

        private static void refcount(CommandContext ctx, Args args, RespWriter out) {
            Entry entry = lookup(ctx, args, out);
            if (entry != null) {
                out.integer(sharedInteger(entry.value()) ? Integer.MAX_VALUE : 1);
            }
        }

        /** Redis shares the objects of small integers between keys; their count is INT_MAX. */
        private static boolean sharedInteger(Value value) {
            return value instanceof StringValue s && s.shared();
        }

        // IDLETIME and FREQ look the key up before checking the policy: a missing key is a
        // null reply under any policy
        private static void idletime(CommandContext ctx, Args args, RespWriter out) {
            Entry entry = lookup(ctx, args, out);
            if (entry == null) {
                return;
            }
            if (lfuPolicy(ctx)) {
                throw new CommandError("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
            }
            out.integer(ctx.server().accessClock().idleSeconds(entry.value(), ctx.now()));
        }

        private static void freq(CommandContext ctx, Args args, RespWriter out) {
            Entry entry = lookup(ctx, args, out);
            if (entry == null) {
                return;
            }
            if (!lfuPolicy(ctx)) {
                throw new CommandError("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
            }
            out.integer(ctx.server().accessClock().frequency(entry.value(), ctx.now()));
        }

        private static boolean lfuPolicy(CommandContext ctx) {
            return ctx.server().config().get("maxmemory-policy").contains("lfu");
        }
    }
}
