package io.runnel.broker.hash;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.DistinctBytes;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.nio.ByteBuffer;

/**
 * The expiry of single hash fields (Redis 7.4): HEXPIRE and its kin set a time per field, HTTL
 * and its kin read it, HPERSIST drops it. Each answers one code per field listed, in order.
 */
public final class HashExpiryCommands implements CommandFamily {

    /** The latest expiry time a field may have: 2^46 - 1 milliseconds, as Redis bounds it. */
    static final long MAX_DEADLINE = (1L << 46) - 1;

    private static final long NO_FIELD = -2;
    private static final long NO_DEADLINE = -1;
    private static final long CONDITION_NOT_MET = 0;
    private static final long SET = 1;
    private static final long DELETED = 2;

    private enum Unit { SECONDS, MILLISECONDS }

    private enum Condition { ALWAYS, NX, XX, GT, LT }

    @Override
    public void register(CommandRegistry r) {
        r.command("hexpire", Route.KEYS, "Gives hash fields an expiry time, in seconds from now.",
                (c, a, o) -> expire(c, a, o, "hexpire", Unit.SECONDS, true));
        r.command("hpexpire", Route.KEYS, "Gives hash fields an expiry time, in milliseconds from now.",
                (c, a, o) -> expire(c, a, o, "hpexpire", Unit.MILLISECONDS, true));
        r.command("hexpireat", Route.KEYS, "Gives hash fields an expiry time, as a unix time in seconds.",
                (c, a, o) -> expire(c, a, o, "hexpireat", Unit.SECONDS, false));
        r.command("hpexpireat", Route.KEYS, "Gives hash fields an expiry time, as a unix time in milliseconds.",
                (c, a, o) -> expire(c, a, o, "hpexpireat", Unit.MILLISECONDS, false));
        r.command("httl", Route.KEYS, "Returns the seconds hash fields have left to live.",
                (c, a, o) -> timeToLive(c, a, o, Unit.SECONDS, true));
        r.command("hpttl", Route.KEYS, "Returns the milliseconds hash fields have left to live.",
                (c, a, o) -> timeToLive(c, a, o, Unit.MILLISECONDS, true));
        r.command("hexpiretime", Route.KEYS, "Returns the unix times, in seconds, at which hash fields expire.",
                (c, a, o) -> timeToLive(c, a, o, Unit.SECONDS, false));
        r.command("hpexpiretime", Route.KEYS, "Returns the unix times, in milliseconds, at which hash fields expire.",
                (c, a, o) -> timeToLive(c, a, o, Unit.MILLISECONDS, false));
        r.command("hpersist", Route.KEYS, "Removes the expiry time of hash fields.", HashExpiryCommands::persist);
    }

    /**
     * The "FIELDS numfields field [field ...]" that ends every command of the family, read from
     * the current position: the keyword, a count from 1 up ({@code countError} otherwise), and
     * exactly that many fields.
     */
    private static byte[][] fields(Args args, String countError) {
        if (!args.hasNext() || !Args.is(args.next(), "FIELDS")) {
            throw new CommandError("ERR Mandatory argument FIELDS is missing or not at the right position");
        }
        long count = args.nextLongIn(1, Long.MAX_VALUE, countError);
        if (count != args.remaining()) {
            throw new CommandError("ERR The `numfields` parameter must match the number of arguments");
        }
        return args.nextKeys(args.remaining());
    }

    /** The expiry time argument as unix milliseconds, refused as Redis refuses it. */
    private static long deadline(CommandContext ctx, byte[] arg, String command, Unit unit, boolean relative) {
        Long value = Numbers.parseLongStrict(arg);
        if (value == null) {
            throw new CommandError("ERR value is not an integer or out of range");
        }
        if (value < 0) {
            throw new CommandError("ERR invalid expire time, must be >= 0");
        }
        long base = relative ? ctx.now() : 0;
        long millis = value;
        if (unit == Unit.SECONDS) {
            if (value > MAX_DEADLINE / 1000) {
                throw invalidTime(command);
            }
            millis = value * 1000;
        }
        if (millis > MAX_DEADLINE - base) {
            throw invalidTime(command);
        }
        return millis + base;
    }

    private static CommandError invalidTime(String command) {
        return new CommandError("ERR invalid expire time in '" + command + "' command");
    }

    /**
     * HEXPIRE, HPEXPIRE, HEXPIREAT, HPEXPIREAT. Per field: -2 absent, 0 the condition not met,
     * 1 set, 2 deleted because the time has already come. A field without a time counts as
     * never expiring for GT and LT. Fields repeated are judged as Redis judges them, one after
     * the other.
     */
    private static void expire(CommandContext ctx, Args args, RespWriter out, String command, Unit unit, boolean relative) {
        byte[] key = args.next();
        HashValue hash = HashCommands.hash(ctx.write(key));
        long at = deadline(ctx, args.next(), command, unit, relative);
        Condition condition = Condition.ALWAYS;
        for (Condition candidate : new Condition[] {Condition.NX, Condition.XX, Condition.GT, Condition.LT}) {
            if (args.nextIs(candidate.name())) {
                condition = candidate;
                break;
            }
        }
        byte[][] fields = fields(args, "ERR Parameter `numFields` should be greater than 0");
        out.array(fields.length);
        if (hash == null) {
            for (int i = 0; i < fields.length; i++) {
                out.integer(NO_FIELD);
            }
            return;
        }
        boolean due = at <= ctx.now();
        Map<ByteBuffer, Long> setHere = new HashMap<>();
        DistinctBytes deleted = new DistinctBytes();
        List<byte[]> toSet = new ArrayList<>();
        for (byte[] field : fields) {
            ByteBuffer name = ByteBuffer.wrap(field);
            long result;
            if (deleted.contains(field) || !hash.contains(field)) {
                result = NO_FIELD;
            } else if (!met(condition, setHere.getOrDefault(name, hash.deadline(field)), at)) {
                result = CONDITION_NOT_MET;
            } else if (due) {
                deleted.add(field);
                result = DELETED;
            } else {
                setHere.put(name, at);
                toSet.add(field);
                result = SET;
            }
            out.integer(result);
        }
        if (!toSet.isEmpty() || !hash.expiryEnabled()) {
            ctx.emit(new HashEvents.FieldsExpiring(ctx.db(), key, at, toSet.toArray(new byte[0][])));
        }
        if (!deleted.isEmpty()) {
            boolean emptied = deleted.size() == hash.size();
            ctx.emit(new HashEvents.FieldsDeleted(ctx.db(), key, deleted.toArray()));
            ctx.notify(KeyEvent.HDEL, key);
            if (emptied) {
                ctx.notify(KeyEvent.DEL, key);
            }
        } else if (!toSet.isEmpty()) {
            ctx.notify(KeyEvent.HEXPIRE, key);
        }
    }

    /** Whether a field whose current time is {@code current} (0 for none, never expiring) may get {@code at}. */
    private static boolean met(Condition condition, long current, long at) {
        return switch (condition) {
            case ALWAYS -> true;
            case NX -> current == 0;
            case XX -> current != 0;
            case GT -> current != 0 && at > current;
            case LT -> current == 0 || at < current;
        };
    }

    /**
     * HTTL, HPTTL, HEXPIRETIME, HPEXPIRETIME. Per field: -2 absent (or expired), -1 without a
     * time, else the time left or the time itself; seconds are rounded up, as Redis rounds them.
     */
    private static void timeToLive(CommandContext ctx, Args args, RespWriter out, Unit unit, boolean relative) {
        HashValue hash = HashCommands.hash(ctx.read(args.next()));
        byte[][] fields = fields(args, "ERR Number of fields must be a positive integer");
        long now = ctx.now();
        long base = relative ? now : 0;
        out.array(fields.length);
        for (byte[] field : fields) {
            if (hash == null || !hash.contains(field)) {
                out.integer(NO_FIELD);
                continue;
            }
            long at = hash.deadline(field);
            if (at == 0) {
                out.integer(NO_DEADLINE);
            } else if (HashValue.isDue(at, now)) {
                out.integer(NO_FIELD);
            } else {
                out.integer(unit == Unit.SECONDS ? (at + 999 - base) / 1000 : at - base);
            }
        }
    }

    /** HPERSIST. Per field: -2 absent (or expired), -1 without a time, 1 its time removed. */
    private static void persist(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        HashValue hash = HashCommands.hash(ctx.write(key));
        byte[][] fields = fields(args, "ERR Number of fields must be a positive integer");
        long now = ctx.now();
        DistinctBytes persisted = new DistinctBytes();
        out.array(fields.length);
        for (byte[] field : fields) {
            if (hash == null || !hash.contains(field)) {
                out.integer(NO_FIELD);
                continue;
            }
            long at = persisted.contains(field) ? 0 : hash.deadline(field);
            if (at == 0) {
                out.integer(NO_DEADLINE);
            } else if (HashValue.isDue(at, now)) {
                out.integer(NO_FIELD);
            } else {
                persisted.add(field);
                out.integer(SET);
            }
        }
        if (!persisted.isEmpty()) {
            ctx.emit(new HashEvents.FieldsPersisted(ctx.db(), key, persisted.toArray()));
            ctx.notify(KeyEvent.HPERSIST, key);
        }
    }
}
