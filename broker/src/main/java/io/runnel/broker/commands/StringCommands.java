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
import io.runnel.broker.keyspace.KeyspaceEvents.StringAppended;
import io.runnel.broker.keyspace.KeyspaceEvents.StringRangeWritten;
import io.runnel.broker.keyspace.KeyspaceEvents.ValueSet;
import io.runnel.broker.keyspace.LongDouble;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.protocol.RespWriter;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.runnel.broker.keyspace.Entry.NO_EXPIRY;
import static io.runnel.broker.keyspace.KeyspaceEvents.KEEP_EXPIRY;

/** The string commands: plain values, counters, ranges and LCS. */
public final class StringCommands implements CommandFamily {

    /** The largest string APPEND and SETRANGE may make: proto-max-bulk-len, as in Redis. */
    private static long maxString(CommandContext ctx) {
        return ctx.server().config().getLong("proto-max-bulk-len");
    }
    private static final String TOO_LARGE = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

    @Override
    public void register(CommandRegistry r) {
        r.command("get", Route.KEYS, "Returns the string value of a key.", StringCommands::get);
        r.command("set", Route.KEYS, "Sets the string value of a key, with optional conditions and expiry.", StringCommands::set);
        r.command("setnx", Route.KEYS, "Sets a key's value only when the key does not exist.", StringCommands::setnx);
        r.command("setex", Route.KEYS, "Sets a key's value with an expiry in seconds.", (c, a, o) -> setex(c, a, o, Expiry.Unit.SECONDS, "setex"));
        r.command("psetex", Route.KEYS, "Sets a key's value with an expiry in milliseconds.", (c, a, o) -> setex(c, a, o, Expiry.Unit.MILLISECONDS, "psetex"));
        r.command("getset", Route.KEYS, "Sets a key's value and returns the previous one.", StringCommands::getset);
        r.command("getdel", Route.KEYS, "Returns a key's string value and deletes the key.", StringCommands::getdel);
        r.command("getex", Route.KEYS, "Returns a key's string value and changes or removes its expiry.", StringCommands::getex);
        r.command("mget", Route.KEYS, "Returns the string values of several keys.", StringCommands::mget);
        r.command("mset", Route.KEYS, "Sets several keys at once, atomically.", StringCommands::mset);
        r.command("msetnx", Route.KEYS, "Sets several keys at once only when none of them exists.", StringCommands::msetnx);
        r.command("incr", Route.KEYS, "Adds one to a key's integer value.", (c, a, o) -> incrBy(c, a.next(), 1, o));
        r.command("decr", Route.KEYS, "Subtracts one from a key's integer value.", (c, a, o) -> incrBy(c, a.next(), -1, o));
        r.command("incrby", Route.KEYS, "Adds an integer to a key's integer value.", (c, a, o) -> incrBy(c, a.next(), a.nextLong(), o));
        r.command("decrby", Route.KEYS, "Subtracts an integer from a key's integer value.", StringCommands::decrby);
        r.command("incrbyfloat", Route.KEYS, "Adds a floating point number to a key's numeric value.", StringCommands::incrbyfloat);
        r.command("append", Route.KEYS, "Appends bytes to a key's string value.", StringCommands::append);
        r.command("strlen", Route.KEYS, "Returns the length of a key's string value.", StringCommands::strlen);
        r.command("setrange", Route.KEYS, "Overwrites part of a key's string value at an offset.", StringCommands::setrange);
        r.command("getrange", Route.KEYS, "Returns a substring of a key's string value.", StringCommands::getrange);
        r.command("substr", Route.KEYS, "Returns a substring of a key's string value (older name of GETRANGE).", StringCommands::getrange);
        r.command("lcs", Route.KEYS, "Finds the longest common subsequence of two keys' string values.", Lcs::execute);
    }

    static void get(CommandContext ctx, Args args, RespWriter out) {
        StringValue value = ctx.readString(args.next());
        if (value == null) {
            out.nullBulk();
        } else {
            out.bulk(value.array(), 0, value.length());
        }
    }

    private static void set(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] value = args.next();
        SetOptions options = SetOptions.parse(args, SetOptions.For.SET);
        long expireAt = NO_EXPIRY;
        if (options.keepTtl) {
            expireAt = KEEP_EXPIRY;
        } else if (options.expiry != null) {
            expireAt = options.expireAt(ctx.now(), "set");
        }
        // with GET the old value is read as GET reads it (an access, a hit or a miss), and must
        // be a string even when the condition then fails; the write lookup is a second access
        StringValue old = options.get ? ctx.readString(key) : null;
        Entry existing = ctx.write(key);
        byte[] previous = old == null ? null : old.bytes();
        boolean found = existing != null;
        if ((options.nx && found) || (options.xx && !found)) {
            if (previous != null) {
                out.bulk(previous);
            } else {
                out.nullBulk();
            }
            return;
        }
        ctx.emit(new ValueSet(ctx.db(), key, ctx.newString(value), expireAt));
        ctx.notify(KeyEvent.SET_VALUE, key);
        if (options.expiry != null) {
            ctx.notify(KeyEvent.EXPIRE, key);
        }
        if (!options.get) {
            out.ok();
        } else if (previous == null) {
            out.nullBulk();
        } else {
            out.bulk(previous);
        }
    }

    private static void setnx(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] value = args.next();
        if (ctx.write(key) != null) {
            out.integer(0);
            return;
        }
        ctx.emit(new ValueSet(ctx.db(), key, ctx.newString(value), NO_EXPIRY));
        ctx.notify(KeyEvent.SET_VALUE, key);
        out.integer(1);
    }

    private static void setex(CommandContext ctx, Args args, RespWriter out, Expiry.Unit unit, String name) {
        byte[] key = args.next();
        long amount = args.nextLong();
        byte[] value = args.next();
        long expireAt = Expiry.absoluteMillis(amount, unit, false, ctx.now(), name, true);
        ctx.write(key);
        ctx.emit(new ValueSet(ctx.db(), key, ctx.newString(value), expireAt));
        ctx.notify(KeyEvent.SET_VALUE, key);
        ctx.notify(KeyEvent.EXPIRE, key);
        out.ok();
    }

    private static void getset(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] value = args.next();
        // read as GET reads it, then looked up again for the write: two accesses, as in Redis
        StringValue old = ctx.readString(key);
        ctx.write(key);
        byte[] previous = old == null ? null : old.bytes();
        ctx.emit(new ValueSet(ctx.db(), key, ctx.newString(value), NO_EXPIRY));
        ctx.notify(KeyEvent.SET_VALUE, key);
        if (previous == null) {
            out.nullBulk();
        } else {
            out.bulk(previous);
        }
    }

    private static void getdel(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        StringValue value = ctx.readString(key);
        if (value == null) {
            out.nullBulk();
            return;
        }
        out.bulk(value.array(), 0, value.length());
        ctx.emit(new KeyRemoved(ctx.db(), key, RemovalCause.DELETED));
        ctx.notify(KeyEvent.DEL, key);
    }

    private static void getex(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        SetOptions options = SetOptions.parse(args, SetOptions.For.GETEX);
        StringValue value = ctx.readString(key);
        if (value == null) {
            out.nullBulk();
            return;
        }
        // unlike SET, GETEX validates the amount only once it has found a string
        long expireAt = options.expiry == null ? NO_EXPIRY : options.expireAt(ctx.now(), "getex");
        out.bulk(value.array(), 0, value.length());
        if (options.expiry != null) {
            if (expireAt <= ctx.now()) {
                ctx.emit(new KeyRemoved(ctx.db(), key, RemovalCause.DELETED));
                ctx.notify(KeyEvent.DEL, key);
            } else {
                ctx.emit(new ExpirySet(ctx.db(), key, expireAt));
                ctx.notify(KeyEvent.EXPIRE, key);
            }
        } else if (options.persist && ctx.peek(key).hasExpiry()) {
            ctx.emit(new ExpirySet(ctx.db(), key, NO_EXPIRY));
            ctx.notify(KeyEvent.PERSIST, key);
        }
    }

    private static void mget(CommandContext ctx, Args args, RespWriter out) {
        out.array(args.remaining());
        while (args.hasNext()) {
            Entry entry = ctx.read(args.next());
            if (entry != null && entry.value() instanceof StringValue value) {
                out.bulk(value.array(), 0, value.length());
            } else {
                out.nullBulk();
            }
        }
    }

    private static void mset(CommandContext ctx, Args args, RespWriter out) {
        if (args.remaining() % 2 != 0) {
            throw Errors.wrongArity("mset");
        }
        while (args.hasNext()) {
            byte[] key = args.next();
            byte[] value = args.next();
            ctx.write(key);
            ctx.emit(new ValueSet(ctx.db(), key, ctx.newString(value), NO_EXPIRY));
            ctx.notify(KeyEvent.SET_VALUE, key);
        }
        out.ok();
    }

    private static void msetnx(CommandContext ctx, Args args, RespWriter out) {
        if (args.remaining() % 2 != 0) {
            throw Errors.wrongArity("msetnx");
        }
        int start = args.position();
        for (int i = start; i < args.count(); i += 2) {
            if (ctx.write(args.get(i)) != null) {
                out.integer(0);
                return;
            }
        }
        for (int i = start; i < args.count(); i += 2) {
            ctx.emit(new ValueSet(ctx.db(), args.get(i), ctx.newString(args.get(i + 1)), NO_EXPIRY));
            ctx.notify(KeyEvent.SET_VALUE, args.get(i));
        }
        out.integer(1);
    }

    private static void decrby(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long amount = args.nextLong();
        if (amount == Long.MIN_VALUE) {
            throw new CommandError("ERR decrement would overflow");
        }
        incrBy(ctx, key, -amount, out);
    }

    private static void incrBy(CommandContext ctx, byte[] key, long increment, RespWriter out) {
        StringValue current = ctx.writeString(key);
        long value = 0;
        if (current != null) {
            Long parsed = current.length() <= 20 ? Numbers.parseLongStrict(current.bytes()) : null;
            if (parsed == null) {
                throw Errors.notInteger();
            }
            value = parsed;
        }
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            throw new CommandError(Errors.OVERFLOW);
        }
        long result = value + increment;
        ctx.emit(new ValueSet(ctx.db(), key, StringValue.ofLong(result, ctx.sharedIntegers()), KEEP_EXPIRY));
        ctx.notify(KeyEvent.INCRBY, key);
        out.integer(result);
    }

    private static void incrbyfloat(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] incrementText = args.next();
        StringValue current = ctx.writeString(key);
        BigDecimal value = current == null ? BigDecimal.ZERO : floatOperand(current.bytes());
        BigDecimal increment = floatOperand(incrementText);
        BigDecimal sum = value == null || increment == null ? null : LongDouble.add(value, increment);
        if (sum == null) {
            throw new CommandError("ERR increment would produce NaN or Infinity");
        }
        byte[] text = LongDouble.format(sum).getBytes(StandardCharsets.US_ASCII);
        ctx.emit(new ValueSet(ctx.db(), key, StringValue.ofText(text), KEEP_EXPIRY));
        ctx.notify(KeyEvent.INCRBYFLOAT, key);
        out.bulk(text);
    }

    /** An INCRBYFLOAT operand in long double; null for an infinity, whose sum is never finite. */
    private static BigDecimal floatOperand(byte[] text) {
        BigDecimal value = LongDouble.parse(text);
        if (value == null && !LongDouble.isInfinity(text)) {
            throw new CommandError(Errors.NOT_FLOAT);
        }
        return value;
    }

    private static void append(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] suffix = args.next();
        StringValue current = ctx.writeString(key);
        long length = (current == null ? 0 : current.length()) + (long) suffix.length;
        if (length > maxString(ctx)) {
            throw new CommandError(TOO_LARGE);
        }
        if (current == null) {
            // appending to nothing stores the suffix as SET would: int, embstr or raw
            ctx.emit(new ValueSet(ctx.db(), key, ctx.newString(suffix), NO_EXPIRY));
        } else if (current.shared()) {
            // a shared integer is never changed in place: the key gets a value of its own
            byte[] joined = Arrays.copyOf(current.bytes(), (int) length);
            System.arraycopy(suffix, 0, joined, current.length(), suffix.length);
            ctx.emit(new ValueSet(ctx.db(), key, StringValue.raw(joined), KEEP_EXPIRY));
        } else {
            ctx.emit(new StringAppended(ctx.db(), key, suffix));
        }
        ctx.notify(KeyEvent.APPEND, key);
        out.integer(length);
    }

    private static void strlen(CommandContext ctx, Args args, RespWriter out) {
        StringValue value = ctx.readString(args.next());
        out.integer(value == null ? 0 : value.length());
    }

    private static void setrange(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long offset = args.nextLong();
        byte[] data = args.next();
        if (offset < 0) {
            throw new CommandError(Errors.OFFSET_RANGE);
        }
        StringValue current = ctx.writeString(key);
        if (current == null) {
            if (data.length == 0) {
                out.integer(0);
                return;
            }
            checkSize(ctx, offset, data.length);
        } else {
            if (data.length == 0) {
                out.integer(current.length());
                return;
            }
            checkSize(ctx, offset, data.length);
        }
        writeRange(ctx, key, current, (int) offset, data);
        ctx.notify(KeyEvent.SETRANGE, key);
        out.integer(Math.max(current == null ? 0 : current.length(), offset + data.length));
    }

    /**
     * Writes {@code data} at {@code offset} of the string at {@code key} ({@code current}, null
     * when missing), zero bytes filling any gap: SETRANGE, SETBIT and BITFIELD. The caller has
     * checked the size and raises its own notification.
     */
    public static void writeRange(CommandContext ctx, byte[] key, StringValue current, int offset, byte[] data) {
        int end = offset + data.length;
        if (current == null || current.shared()) {
            // a new value, as for a missing key or a shared integer that is never changed in place
            byte[] bytes = new byte[Math.max(end, current == null ? 0 : current.length())];
            if (current != null) {
                System.arraycopy(current.array(), 0, bytes, 0, current.length());
            }
            System.arraycopy(data, 0, bytes, offset, data.length);
            ctx.emit(new ValueSet(ctx.db(), key, StringValue.raw(bytes), current == null ? NO_EXPIRY : KEEP_EXPIRY));
        } else {
            ctx.emit(new StringRangeWritten(ctx.db(), key, offset, data));
        }
    }

    /**
     * Redis's unsharing before a bit write (SETBIT, BITFIELD): the string becomes a raw string
     * of its own, even if the write then changes nothing. Returns the value to write to.
     */
    public static StringValue unshare(CommandContext ctx, byte[] key, StringValue current) {
        if (current == null || current.stringEncoding() == StringValue.Encoding.RAW && !current.shared()) {
            return current;
        }
        ctx.emit(new io.runnel.broker.keyspace.KeyspaceEvents.StringUnshared(ctx.db(), key));
        return ctx.peek(key).value() instanceof StringValue raw ? raw : current;
    }

    private static void checkSize(CommandContext ctx, long offset, int length) {
        if (offset > maxString(ctx) - length) {
            throw new CommandError(TOO_LARGE);
        }
    }

    private static void getrange(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long start = args.nextLong();
        long end = args.nextLong();
        StringValue value = ctx.readString(key);
        if (value == null) {
            out.bulk(new byte[0]);
            return;
        }
        long length = value.length();
        if (start < 0 && end < 0 && start > end) {
            out.bulk(new byte[0]);
            return;
        }
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= length) {
            end = length - 1;
        }
        if (start > end || length == 0) {
            out.bulk(new byte[0]);
            return;
        }
        out.bulk(value.array(), (int) start, (int) (end - start + 1));
    }
}
