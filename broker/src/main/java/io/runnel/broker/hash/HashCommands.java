package io.runnel.broker.hash;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.commands.CollectionScan;
import io.runnel.broker.keyspace.DistinctBytes;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.LongDouble;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.broker.keyspace.RandomPicks;
import io.runnel.protocol.RespWriter;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The hash commands: fields set, read, counted, incremented and deleted. */
public final class HashCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("hset", Route.KEYS, "Sets fields of a hash, creating it if needed; answers how many were new.", (c, a, o) -> hset(c, a, o, false));
        r.command("hmset", Route.KEYS, "Sets fields of a hash, creating it if needed (answers OK).", (c, a, o) -> hset(c, a, o, true));
        r.command("hsetnx", Route.KEYS, "Sets a field of a hash only when the field does not exist.", HashCommands::hsetnx);
        r.command("hget", Route.KEYS, "Returns the value of a field of a hash.", HashCommands::hget);
        r.command("hmget", Route.KEYS, "Returns the values of several fields of a hash.", HashCommands::hmget);
        r.command("hgetall", Route.KEYS, "Returns every field and value of a hash.", (c, a, o) -> all(c, a, o, true, true));
        r.command("hkeys", Route.KEYS, "Returns every field of a hash.", (c, a, o) -> all(c, a, o, true, false));
        r.command("hvals", Route.KEYS, "Returns every value of a hash.", (c, a, o) -> all(c, a, o, false, true));
        r.command("hdel", Route.KEYS, "Deletes fields of a hash; an emptied hash is deleted.", HashCommands::hdel);
        r.command("hexists", Route.KEYS, "Tells whether a field exists in a hash.", HashCommands::hexists);
        r.command("hlen", Route.KEYS, "Returns the number of fields of a hash.", HashCommands::hlen);
        r.command("hstrlen", Route.KEYS, "Returns the length of the value of a field of a hash.", HashCommands::hstrlen);
        r.command("hincrby", Route.KEYS, "Adds an integer to the numeric value of a field of a hash.", HashCommands::hincrby);
        r.command("hrandfield", Route.KEYS, "Returns random fields of a hash, optionally with their values.", HashCommands::hrandfield);
        r.command("hscan", Route.KEYS, "Iterates over the fields and values of a hash.", HashCommands::hscan);
        r.command("hincrbyfloat", Route.KEYS, "Adds a floating point number to the numeric value of a field of a hash.",
                HashCommands::hincrbyfloat);
    }

    /** The hash at {@code key}, null when absent; WRONGTYPE for other types. */
    static HashValue hash(Entry entry) {
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof HashValue hash) {
            return hash;
        }
        throw Errors.wrongType();
    }

    /** The listpack limits in force (recorded in the events, so a replay converts where the command did). */
    private static int limit(CommandContext ctx, String directive) {
        return (int) Math.min(Integer.MAX_VALUE, ctx.server().config().getLong(directive));
    }

    private static void set(CommandContext ctx, byte[] key, byte[]... fieldsAndValues) {
        ctx.emit(new HashEvents.FieldsSet(ctx.db(), key, fieldsAndValues, limit(ctx, "hash-max-listpack-entries"),
                limit(ctx, "hash-max-listpack-value")));
    }

    /** Sets a field as an increment does: an expiry time it has stays. */
    private static void update(CommandContext ctx, byte[] key, byte[] field, byte[] value) {
        ctx.emit(new HashEvents.FieldsUpdated(ctx.db(), key, new byte[][] {field, value},
                limit(ctx, "hash-max-listpack-entries"), limit(ctx, "hash-max-listpack-value")));
    }

    /**
     * Redis removes an expired field when a command reaches it: removes {@code field} if its time
     * has come (raising hexpired, and del when the hash goes with it). Returns the hash, null when
     * it is gone.
     */
    static HashValue reach(CommandContext ctx, byte[] key, HashValue hash, byte[] field) {
        if (hash == null || !hash.expired(field, ctx.now())) {
            return hash;
        }
        return removeExpired(ctx, key, hash, List.of(field));
    }

    /** Removes fields whose time has come, raising hexpired (and del when the hash goes); the hash, or null. */
    static HashValue removeExpired(CommandContext ctx, byte[] key, HashValue hash, List<byte[]> expired) {
        if (expired.isEmpty()) {
            return hash;
        }
        boolean emptied = expired.size() == hash.size();
        ctx.emit(new HashEvents.FieldsDeleted(ctx.db(), key, expired.toArray(new byte[0][])));
        ctx.notify(KeyEvent.HEXPIRED, key);
        if (emptied) {
            ctx.notify(KeyEvent.DEL, key);
            return null;
        }
        return hash;
    }

    private static void hset(CommandContext ctx, Args args, RespWriter out, boolean legacy) {
        byte[] key = args.next();
        if (args.remaining() % 2 != 0) {
            throw Errors.wrongArity(legacy ? "hmset" : "hset");
        }
        HashValue hash = hash(ctx.write(key));
        byte[][] fieldsAndValues = new byte[args.remaining()][];
        DistinctBytes added = new DistinctBytes();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fieldsAndValues[i] = args.next();
            fieldsAndValues[i + 1] = args.next();
            if (hash == null || !hash.contains(fieldsAndValues[i])) {
                added.add(fieldsAndValues[i]);
            }
        }
        set(ctx, key, fieldsAndValues);
        ctx.notify(KeyEvent.HSET, key);
        if (legacy) {
            out.ok();
        } else {
            out.integer(added.size());
        }
    }

    /** Whether the field at {@code at} is not given earlier in the same command. */
    private static void hsetnx(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] field = args.next();
        byte[] value = args.next();
        HashValue hash = reach(ctx, key, hash(ctx.write(key)), field);
        if (hash != null && hash.contains(field)) {
            out.integer(0);
            return;
        }
        set(ctx, key, field, value);
        ctx.notify(KeyEvent.HSET, key);
        out.integer(1);
    }

    private static void hget(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] field = args.next();
        HashValue hash = reach(ctx, key, hash(ctx.read(key)), field);
        byte[] value = hash == null ? null : hash.get(field);
        if (value == null) {
            out.nullBulk();
        } else {
            out.bulk(value);
        }
    }

    /** HMGET: expired fields read are removed and raise one hexpired for the command, as in Redis. */
    private static void hmget(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        HashValue hash = hash(ctx.read(key));
        DistinctBytes expired = new DistinctBytes();
        out.array(args.remaining());
        while (args.hasNext()) {
            byte[] field = args.next();
            byte[] value = null;
            if (hash != null && hash.expired(field, ctx.now())) {
                expired.add(field);
            } else if (hash != null) {
                value = hash.get(field);
            }
            if (value == null) {
                out.nullBulk();
            } else {
                out.bulk(value);
            }
        }
        if (!expired.isEmpty()) {
            removeExpired(ctx, key, hash, expired.items());
        }
    }

    /** HGETALL, HKEYS, HVALS: expired fields are left out (and left in place), as in Redis. */
    private static void all(CommandContext ctx, Args args, RespWriter out, boolean fields, boolean values) {
        HashValue hash = hash(ctx.read(args.next()));
        long now = ctx.now();
        int size = hash == null ? 0 : hash.liveSize(now);
        if (fields && values) {
            out.map(size);
        } else {
            out.array(size);
        }
        if (hash != null) {
            hash.forEachLive(now, (field, value) -> {
                if (fields) {
                    out.bulk(field);
                }
                if (values) {
                    out.bulk(value);
                }
            });
        }
    }

    private static void hdel(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        HashValue hash = hash(ctx.write(key));
        if (hash == null) {
            out.integer(0);
            return;
        }
        DistinctBytes removed = new DistinctBytes();
        while (args.hasNext()) {
            byte[] field = args.next();
            if (hash.contains(field)) {
                removed.add(field);
            }
        }
        if (!removed.isEmpty()) {
            boolean emptied = removed.size() == hash.size();
            ctx.emit(new HashEvents.FieldsDeleted(ctx.db(), key, removed.toArray()));
            ctx.notify(KeyEvent.HDEL, key);
            if (emptied) {
                ctx.notify(KeyEvent.DEL, key);
            }
        }
        out.integer(removed.size());
    }

    private static void hexists(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] field = args.next();
        HashValue hash = reach(ctx, key, hash(ctx.read(key)), field);
        out.integer(hash != null && hash.contains(field) ? 1 : 0);
    }

    private static void hlen(CommandContext ctx, Args args, RespWriter out) {
        HashValue hash = hash(ctx.read(args.next()));
        out.integer(hash == null ? 0 : hash.size());
    }

    private static void hstrlen(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] field = args.next();
        HashValue hash = reach(ctx, key, hash(ctx.read(key)), field);
        byte[] value = hash == null ? null : hash.get(field);
        out.integer(value == null ? 0 : value.length);
    }

    private static void hincrby(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] field = args.next();
        long increment = args.nextLong();
        HashValue hash = reach(ctx, key, hash(ctx.write(key)), field);
        byte[] current = hash == null ? null : hash.get(field);
        long value = 0;
        if (current != null) {
            Long parsed = current.length <= 20 ? Numbers.parseLongStrict(current) : null;
            if (parsed == null) {
                throw new CommandError("ERR hash value is not an integer");
            }
            value = parsed;
        }
        long result;
        try {
            result = Math.addExact(value, increment);
        } catch (ArithmeticException e) {
            throw new CommandError(Errors.OVERFLOW);
        }
        update(ctx, key, field, Long.toString(result).getBytes(StandardCharsets.US_ASCII));
        ctx.notify(KeyEvent.HINCRBY, key);
        out.integer(result);
    }

    private static void hincrbyfloat(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] field = args.next();
        byte[] incrementText = args.next();
        BigDecimal increment = LongDouble.parse(incrementText);
        if (increment == null) {
            throw new CommandError(LongDouble.isInfinity(incrementText) ? "ERR value is NaN or Infinity" : Errors.NOT_FLOAT);
        }
        HashValue hash = reach(ctx, key, hash(ctx.write(key)), field);
        byte[] current = hash == null ? null : hash.get(field);
        BigDecimal value = BigDecimal.ZERO;
        if (current != null) {
            value = LongDouble.parse(current);
            if (value == null && !LongDouble.isInfinity(current)) {
                throw new CommandError("ERR hash value is not a float");
            }
        }
        BigDecimal sum = value == null ? null : LongDouble.add(value, increment);
        if (sum == null) {
            throw new CommandError("ERR increment would produce NaN or Infinity");
        }
        byte[] text = LongDouble.format(sum).getBytes(StandardCharsets.US_ASCII);
        update(ctx, key, field, text);
        ctx.notify(KeyEvent.HINCRBYFLOAT, key);
        out.bulk(text);
    }

    private static void hrandfield(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        if (!args.hasNext()) {
            HashValue hash = withoutExpired(ctx, key, hash(ctx.read(key)));
            byte[][] pick = hash == null ? null : hash.random(ThreadLocalRandom.current());
            if (pick == null) {
                out.nullBulk();
            } else {
                out.bulk(pick[0]);
            }
            return;
        }
        RandomPicks.Count parsed = RandomPicks.Count.parse(args, "WITHVALUES");
        long count = parsed.count();
        boolean withValues = parsed.withValues();
        HashValue hash = withoutExpired(ctx, key, hash(ctx.read(key)));
        if (hash == null || count == 0) {
            out.array(0);
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<byte[][]> picked = RandomPicks.pick(count, hash.size(), () -> hash.random(random),
                visit -> hash.forEach((field, value) -> visit.accept(new byte[][] {field, value})), random);
        boolean pairs = withValues && ctx.protocol() >= 3;
        out.array(withValues && !pairs ? 2L * picked.size() : picked.size());
        for (byte[][] pick : picked) {
            if (pairs) {
                out.array(2);
            }
            out.bulk(pick[0]);
            if (withValues) {
                out.bulk(pick[1]);
            }
        }
    }

    /** HRANDFIELD first removes every expired field of the hash, as Redis does, so that it picks among live ones. */
    private static HashValue withoutExpired(CommandContext ctx, byte[] key, HashValue hash) {
        return hash == null ? null : removeExpired(ctx, key, hash, hash.dueFields(ctx.now(), Integer.MAX_VALUE));
    }

    /**
     * HSCAN: options are read only for a hash that exists (as Redis reads them); fields and
     * values count two towards COUNT, as in Redis.
     */
    private static void hscan(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long cursor = CollectionScan.cursor(args);
        HashValue hash = hash(ctx.read(key));
        long now = ctx.now();
        CollectionScan.reply(cursor, hash == null ? null : (at, action) -> hash.scanStep(at, now, action), true, args, out);
    }
}
