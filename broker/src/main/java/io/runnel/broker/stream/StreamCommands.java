package io.runnel.broker.stream;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.List;

/** The stream commands: appending, reading ranges, deleting and trimming. */
public final class StreamCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("xadd", Route.KEYS, "Appends an entry to a stream, creating it if needed, optionally trimming it.", StreamCommands::xadd);
        r.command("xlen", Route.KEYS, "Returns the number of entries of a stream.", StreamCommands::xlen);
        r.command("xrange", Route.KEYS, "Returns the entries of a stream within an ID range, oldest first.", (c, a, o) -> range(c, a, o, false));
        r.command("xrevrange", Route.KEYS, "Returns the entries of a stream within an ID range, newest first.", (c, a, o) -> range(c, a, o, true));
        r.command("xdel", Route.KEYS, "Deletes entries of a stream by ID.", StreamCommands::xdel);
        r.command("xcfgset", Route.KEYS, "Sets a stream's idempotent-production window and size.", StreamCommands::xcfgset);
        r.command("xtrim", Route.KEYS, "Removes the oldest entries of a stream by length or by ID.", StreamCommands::xtrim);
    }

    /** The stream at {@code key}, null when absent; WRONGTYPE for other types. */
    static StreamValue stream(Entry entry) {
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof StreamValue stream) {
            return stream;
        }
        throw Errors.wrongType();
    }

    private static void xadd(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        TrimOptions options = TrimOptions.parse(args, true);
        int fieldCount = args.remaining();
        if (fieldCount < 2 || fieldCount % 2 != 0) {
            throw Errors.wrongArity("xadd");
        }
        if (options.id != null && options.sequenceGiven && options.id.equals(StreamId.MIN)) {
            throw new CommandError("ERR The ID specified in XADD must be greater than 0-0");
        }
        StreamValue stream = stream(ctx.write(key));
        if (stream == null && options.noMakeStream) {
            out.nullBulk();
            return;
        }
        byte[][] fieldsAndValues = new byte[fieldCount][];
        for (int i = 0; i < fieldCount; i++) {
            fieldsAndValues[i] = args.next();
        }
        byte[] idempotentId = options.idmpProducer == null ? null
                : options.idmpAuto ? Idempotency.contentId(fieldsAndValues) : options.idmpId;
        if (idempotentId != null && stream != null) {
            StreamId earlier = stream.idempotentEntry(options.idmpProducer, idempotentId, ctx.now());
            if (earlier != null) {
                out.bulk(earlier.bytes()); // a retry: the entry exists already
                return;
            }
        }
        StreamId last = stream == null ? StreamId.MIN : stream.lastId();
        if (last.isMax()) {
            throw new CommandError("ERR The stream has exhausted the last possible ID, unable to add more items");
        }
        StreamId id = nextId(last, options, ctx.now());
        ctx.emit(new StreamEvents.EntryAdded(ctx.db(), key, id, fieldsAndValues));
        if (idempotentId != null) {
            ctx.emit(new StreamEvents.IdempotentRecorded(ctx.db(), key, options.idmpProducer, idempotentId, id, ctx.now()));
        }
        ctx.notify(KeyEvent.XADD, key);
        out.bulk(id.bytes());
        if (options.trims()) {
            trim(ctx, key, options);
        }
    }

    /** Trims as XTRIM and XADD's trimming options ask; returns the number of entries removed. */
    private static long trim(CommandContext ctx, byte[] key, TrimOptions options) {
        StreamValue stream = stream(ctx.peek(key));
        long before = stream.length();
        ctx.emit(new StreamEvents.Trimmed(ctx.db(), key, options.byMaxLen, options.maxLen, options.minId,
                options.approximate, options.limit, options.policy));
        long removed = before - stream.length();
        if (removed > 0) {
            ctx.notify(KeyEvent.XTRIM, key);
        }
        return removed;
    }

    /** The ID of a new entry: explicit, "<ms>-*" or "*", always above the stream's last ID. */
    private static StreamId nextId(StreamId last, TrimOptions options, long now) {
        StreamId id;
        if (options.id == null) {
            id = Long.compareUnsigned(now, last.ms()) > 0 ? new StreamId(now, 0) : last.next();
        } else if (options.sequenceGiven) {
            id = options.id;
        } else if (options.id.ms() == last.ms()) {
            if (last.seq() == -1L) {
                // Redis words running out of sequence numbers in one millisecond this way
                throw new CommandError("ERR Elements are too large to be stored");
            }
            id = new StreamId(last.ms(), last.seq() + 1);
        } else {
            id = options.id;
        }
        if (id == null || id.compareTo(last) <= 0) {
            throw smallerId();
        }
        return id;
    }

    private static CommandError smallerId() {
        return new CommandError("ERR The ID specified in XADD is equal or smaller than the target stream top item");
    }

    private static void xlen(CommandContext ctx, Args args, RespWriter out) {
        StreamValue stream = stream(ctx.read(args.next()));
        out.integer(stream == null ? 0 : stream.length());
    }

    private static void range(CommandContext ctx, Args args, RespWriter out, boolean reverse) {
        byte[] key = args.next();
        byte[] first = args.next();
        byte[] second = args.next();
        byte[] startArg = reverse ? second : first;
        byte[] endArg = reverse ? first : second;
        StreamId start = StreamIntervals.start(startArg);
        StreamId end = StreamIntervals.end(endArg);
        long count = -1;
        while (args.hasNext()) {
            if (args.nextIs("COUNT") && args.hasNext()) {
                Long value = Numbers.parseLongStrict(args.next());
                if (value == null) {
                    throw Errors.notInteger();
                }
                count = Math.max(0, value);
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue stream = stream(ctx.read(key));
        if (stream == null) {
            out.array(0);
            return;
        }
        if (count == 0) {
            out.nullArray(); // COUNT 0 (or negative) on an existing stream: Redis answers null
            return;
        }
        writeEntries(stream, start, end, reverse, count, out);
    }

    /** Writes the entries in a range as Redis does: [[id, [field, value, ...]], ...]. */
    static void writeEntries(StreamValue stream, StreamId start, StreamId end, boolean reverse, long count, RespWriter out) {
        List<StreamId> ids = new ArrayList<>();
        List<byte[][]> entries = new ArrayList<>();
        stream.range(start, end, reverse, (id, fieldsAndValues) -> {
            ids.add(id);
            entries.add(fieldsAndValues);
            return count < 0 || ids.size() < count;
        });
        out.array(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            out.array(2);
            out.bulk(ids.get(i).bytes());
            byte[][] fieldsAndValues = entries.get(i);
            out.array(fieldsAndValues.length);
            for (byte[] element : fieldsAndValues) {
                out.bulk(element);
            }
        }
    }

    private static void xdel(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        StreamValue stream = stream(ctx.write(key));
        if (stream == null) {
            out.integer(0);
            return;
        }
        List<StreamId> ids = new ArrayList<>();
        while (args.hasNext()) {
            ids.add(StreamId.parseStrict(args.next(), 0));
        }
        long before = stream.length();
        List<StreamId> present = new ArrayList<>();
        for (StreamId id : ids) {
            if (!present.contains(id)) {
                present.add(id);
            }
        }
        ctx.emit(new StreamEvents.EntriesDeleted(ctx.db(), key, present));
        if (stream.length() < before) {
            ctx.notify(KeyEvent.XDEL, key);
        }
        out.integer(before - stream.length());
    }

    /** XCFGSET key [IDMP-DURATION seconds] [IDMP-MAXSIZE count] (Redis 8.6). */
    private static void xcfgset(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        if (!args.hasNext()) {
            throw new CommandError("ERR At least one parameter must be specified");
        }
        Long duration = null;
        Long size = null;
        while (args.hasNext()) {
            byte[] option = args.next();
            if (Args.is(option, "IDMP-DURATION") && args.hasNext()) {
                duration = args.nextLong();
                if (duration < 1 || duration > 86400) {
                    throw new CommandError("ERR IDMP-DURATION must be between 1 and 86400");
                }
            } else if (Args.is(option, "IDMP-MAXSIZE") && args.hasNext()) {
                size = args.nextLong();
                if (size < 1 || size > 10000) {
                    throw new CommandError("ERR IDMP-MAXSIZE must be between 1 and 10000");
                }
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue stream = stream(ctx.write(key));
        if (stream == null) {
            throw new CommandError("ERR no such key");
        }
        ctx.emit(new StreamEvents.IdempotencyConfigured(ctx.db(), key,
                duration == null ? stream.idempotencyDuration() : duration.intValue(),
                size == null ? stream.idempotencyMaxSize() : size.intValue()));
        ctx.notify(KeyEvent.XCFGSET, key);
        out.ok();
    }

    private static void xtrim(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        TrimOptions options = TrimOptions.parse(args, false);
        StreamValue stream = stream(ctx.write(key));
        if (stream == null) {
            out.integer(0);
            return;
        }
        out.integer(trim(ctx, key, options));
    }
}
