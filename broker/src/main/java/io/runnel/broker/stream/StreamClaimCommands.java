package io.runnel.broker.stream;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.protocol.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Taking over pending entries from other consumers: XCLAIM and XAUTOCLAIM. */
public final class StreamClaimCommands implements CommandFamily {

    /** XAUTOCLAIM looks at up to ten pending entries for each one it may claim. */
    private static final long ATTEMPTS_PER_CLAIM = 10;

    @Override
    public void register(CommandRegistry r) {
        r.command("xclaim", Route.KEYS, "Transfers pending entries idle long enough to another consumer.", StreamClaimCommands::xclaim);
        r.command("xautoclaim", Route.KEYS, "Scans a group's pending entries and transfers the idle ones to a consumer.",
                StreamClaimCommands::xautoclaim);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ConsumerGroup groupOrError(StreamValue stream, byte[] key, byte[] groupName) {
        ConsumerGroup group = stream == null ? null : stream.group(groupName);
        if (group == null) {
            throw new CommandError("NOGROUP No such key '" + text(key) + "' or consumer group '" + text(groupName) + "'");
        }
        return group;
    }

    private static long number(byte[] text, String error) {
        Long value = Numbers.parseLongStrict(text);
        if (value == null) {
            throw new CommandError("ERR " + error);
        }
        return value;
    }

    private static void xclaim(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] groupName = args.next();
        byte[] consumer = args.next();
        StreamValue stream = StreamCommands.stream(ctx.read(key));
        ConsumerGroup group = groupOrError(stream, key, groupName);
        long minIdle = Math.max(0, number(args.next(), "Invalid min-idle-time argument for XCLAIM"));
        List<StreamId> ids = new ArrayList<>();
        while (args.hasNext()) {
            StreamId id;
            try {
                id = StreamId.parseStrict(args.peek(), 0);
            } catch (CommandError notAnId) {
                break; // the options start here
            }
            ids.add(id);
            args.next();
        }
        long now = ctx.now();
        long deliveryTime = -1;
        long retryCount = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        while (args.hasNext()) {
            byte[] option = args.next();
            boolean more = args.hasNext();
            if (Args.is(option, "FORCE")) {
                force = true;
            } else if (Args.is(option, "JUSTID")) {
                justId = true;
            } else if (Args.is(option, "IDLE") && more) {
                deliveryTime = now - number(args.next(), "Invalid IDLE option argument for XCLAIM");
            } else if (Args.is(option, "TIME") && more) {
                deliveryTime = number(args.next(), "Invalid TIME option argument for XCLAIM");
            } else if (Args.is(option, "RETRYCOUNT") && more) {
                retryCount = number(args.next(), "Invalid RETRYCOUNT option argument for XCLAIM");
            } else if (Args.is(option, "LASTID") && more) {
                lastId = StreamId.parseStrict(args.next(), 0);
            } else {
                throw new CommandError("ERR Unrecognized XCLAIM option '" + text(option) + "'");
            }
        }
        // a bogus time is not an error (clients compute it from their own clocks): it means now
        if (deliveryTime < 0 || deliveryTime > now) {
            deliveryTime = now;
        }
        List<StreamId> claimed = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        List<StreamId> dropped = new ArrayList<>();
        List<StreamId> dead = new ArrayList<>();
        for (StreamId id : ids) {
            ConsumerGroup.PendingEntry pending = group.pending().get(id);
            if (!stream.contains(id)) {
                if (pending != null && !dropped.contains(id)) {
                    dropped.add(id);
                }
                continue;
            }
            if (pending == null && !force) {
                continue;
            }
            if (pending != null && minIdle > 0 && now - pending.deliveryTime() < minIdle) {
                continue;
            }
            if (pending != null && retryCount < 0 && !justId && DeadLetters.exhausted(group, pending)) {
                dead.add(id);
                continue;
            }
            // an entry FORCE adds to the pending list starts as delivered once, as in Redis
            long previous = pending == null ? 1 : pending.deliveryCount();
            int already = claimed.indexOf(id);
            if (already >= 0) {
                previous = counts.get(already);
            }
            long count = retryCount >= 0 ? retryCount : justId ? previous : previous + 1;
            claimed.add(id);
            counts.add(count);
        }
        DeadLetters.move(ctx::emit, ctx.keys(), now, ctx.db(), key, stream, group, dead);
        StreamId raise = lastId.compareTo(group.lastDeliveredId()) > 0 ? lastId : null;
        if (!claimed.isEmpty() || !dropped.isEmpty() || raise != null) {
            ctx.emit(new StreamEvents.Claimed(ctx.db(), key, groupName, consumer, now, claimed, counts, deliveryTime,
                    dropped, raise));
        }
        out.array(claimed.size());
        for (StreamId id : claimed) {
            writeClaimed(stream, id, justId, out);
        }
    }

    private static void writeClaimed(StreamValue stream, StreamId id, boolean justId, RespWriter out) {
        if (justId) {
            out.bulk(id.bytes());
            return;
        }
        byte[][] fieldsAndValues = stream.entry(id);
        if (fieldsAndValues == null) {
            out.nullBulk();
            return;
        }
        out.array(2);
        out.bulk(id.bytes());
        out.array(fieldsAndValues.length);
        for (byte[] element : fieldsAndValues) {
            out.bulk(element);
        }
    }

    private static void xautoclaim(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] groupName = args.next();
        byte[] consumer = args.next();
        long minIdle = Math.max(0, number(args.next(), "Invalid min-idle-time argument for XAUTOCLAIM"));
        StreamId start = StreamIntervals.start(args.next());
        long count = 100;
        boolean justId = false;
        while (args.hasNext()) {
            byte[] option = args.next();
            if (Args.is(option, "COUNT") && args.hasNext()) {
                Long value = Numbers.parseLongStrict(args.next());
                if (value == null || value < 1 || value > Long.MAX_VALUE / 16) {
                    throw new CommandError("ERR COUNT must be > 0");
                }
                count = value;
            } else if (Args.is(option, "JUSTID")) {
                justId = true;
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue stream = StreamCommands.stream(ctx.read(key));
        ConsumerGroup group = groupOrError(stream, key, groupName);
        long now = ctx.now();
        long attempts = count * ATTEMPTS_PER_CLAIM;
        List<StreamId> claimed = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        List<StreamId> dropped = new ArrayList<>();
        StreamId cursor = StreamId.MIN;
        List<StreamId> dead = new ArrayList<>();
        var iterator = group.pending().tailMap(start, true).entrySet().iterator();
        while (true) {
            if (attempts-- == 0 || count == 0) {
                cursor = iterator.hasNext() ? iterator.next().getKey() : StreamId.MIN;
                break;
            }
            if (!iterator.hasNext()) {
                break;
            }
            Map.Entry<StreamId, ConsumerGroup.PendingEntry> pending = iterator.next();
            StreamId id = pending.getKey();
            if (!stream.contains(id)) {
                dropped.add(id);
                count--;
                continue;
            }
            if (minIdle > 0 && now - pending.getValue().deliveryTime() < minIdle) {
                continue;
            }
            if (!justId && DeadLetters.exhausted(group, pending.getValue())) {
                dead.add(id);
                count--;
                continue;
            }
            claimed.add(id);
            counts.add(justId ? pending.getValue().deliveryCount() : pending.getValue().deliveryCount() + 1);
            count--;
        }
        DeadLetters.move(ctx::emit, ctx.keys(), now, ctx.db(), key, stream, group, dead);
        if (!claimed.isEmpty() || !dropped.isEmpty()) {
            ctx.emit(new StreamEvents.Claimed(ctx.db(), key, groupName, consumer, now, claimed, counts, now, dropped, null));
        }
        out.array(3);
        out.bulk(cursor.bytes());
        out.array(claimed.size());
        for (StreamId id : claimed) {
            writeClaimed(stream, id, justId, out);
        }
        out.array(dropped.size());
        for (StreamId id : dropped) {
            out.bulk(id.bytes());
        }
    }
}
