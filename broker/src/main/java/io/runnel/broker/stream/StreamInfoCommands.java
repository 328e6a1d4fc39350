package io.runnel.broker.stream;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.protocol.RespWriter;

import java.nio.charset.StandardCharsets;

/** XINFO (STREAM, GROUPS, CONSUMERS) and XSETID. */
public final class StreamInfoCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.container("xinfo", "Describes streams, their groups and their consumers.");
        r.subcommand("xinfo", "stream", Route.KEYS, "Describes a stream.", StreamInfoCommands::stream);
        r.subcommand("xinfo", "groups", Route.KEYS, "Describes the consumer groups of a stream.", StreamInfoCommands::groups);
        r.subcommand("xinfo", "consumers", Route.KEYS, "Describes the consumers of a group.", StreamInfoCommands::consumers);
        r.command("xsetid", Route.KEYS, "Sets a stream's last ID and counters.", StreamInfoCommands::xsetid);
    }

    private static StreamValue existing(CommandContext ctx, byte[] key) {
        StreamValue stream = StreamCommands.stream(ctx.read(key));
        if (stream == null) {
            throw new CommandError("ERR no such key");
        }
        return stream;
    }

    private static void stream(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        boolean full = false;
        long count = 10;
        if (args.hasNext()) {
            if (!args.nextIs("FULL")) {
                throw subcommandSyntax();
            }
            full = true;
            if (args.hasNext()) {
                if (args.remaining() != 2 || !args.nextIs("COUNT")) {
                    throw subcommandSyntax();
                }
                count = args.nextLong();
                if (count < 0) {
                    count = 10;
                }
            }
        }
        StreamValue stream = existing(ctx, key);
        if (full) {
            full(stream, count, out);
            return;
        }
        out.map(10);
        writeSummary(stream, out);
        out.bulk("groups").integer(stream.groups().size());
        out.bulk("first-entry");
        edgeEntry(stream, false, out);
        out.bulk("last-entry");
        edgeEntry(stream, true, out);
    }

    private static CommandError subcommandSyntax() {
        return Errors.subcommandSyntax(STREAM, "xinfo");
    }

    private static final byte[] STREAM = "STREAM".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The seven fields XINFO STREAM opens with, plain and FULL alike. */
    private static void writeSummary(StreamValue stream, RespWriter out) {
        out.bulk("length").integer(stream.length());
        out.bulk("radix-tree-keys").integer(stream.nodeCount());
        out.bulk("radix-tree-nodes").integer(stream.radixTreeNodes());
        out.bulk("last-generated-id").bulk(stream.lastId().bytes());
        out.bulk("max-deleted-entry-id").bulk(stream.maxDeletedId().bytes());
        out.bulk("entries-added").integer(stream.entriesAdded());
        out.bulk("recorded-first-entry-id").bulk(stream.firstId().bytes());
    }

    /** XINFO STREAM FULL: the stream, its first {@code count} entries (0: all) and every group in detail. */
    private static void full(StreamValue stream, long count, RespWriter out) {
        out.map(9);
        writeSummary(stream, out);
        out.bulk("entries");
        StreamCommands.writeEntries(stream, StreamId.MIN, StreamId.MAX, false, count == 0 ? -1 : count, out);
        out.bulk("groups");
        out.array(stream.groups().size());
        for (ConsumerGroup group : stream.groups()) {
            out.map(7);
            out.bulk("name").bulk(group.name());
            out.bulk("last-delivered-id").bulk(group.lastDeliveredId().bytes());
            writeReadCounters(stream, group, out);
            out.bulk("pel-count").integer(group.pending().size());
            out.bulk("pending");
            writePending(group.pending(), count, true, out);
            out.bulk("consumers");
            out.array(group.consumers().size());
            for (ConsumerGroup.Consumer consumer : group.consumers().values()) {
                out.map(5);
                out.bulk("name").bulk(consumer.name());
                out.bulk("seen-time").integer(consumer.seenTime());
                out.bulk("active-time").integer(consumer.activeTime());
                out.bulk("pel-count").integer(consumer.pending().size());
                out.bulk("pending");
                writePending(consumer.pending(), count, false, out);
            }
        }
    }

    /** The first {@code count} (0: all) pending entries: ID, [owner,] delivery time and count. */
    private static void writePending(java.util.SortedMap<StreamId, ConsumerGroup.PendingEntry> pending, long count,
                                     boolean withOwner, RespWriter out) {
        long shown = count == 0 ? pending.size() : Math.min(count, pending.size());
        out.array(shown);
        var entries = pending.entrySet().iterator();
        for (long i = 0; i < shown; i++) {
            var entry = entries.next();
            out.array(withOwner ? 4 : 3);
            out.bulk(entry.getKey().bytes());
            if (withOwner) {
                out.bulk(entry.getValue().consumer().name());
            }
            out.integer(entry.getValue().deliveryTime());
            out.integer(entry.getValue().deliveryCount());
        }
    }

    /** A group's entries-read counter (null while unknown) and its lag. */
    private static void writeReadCounters(StreamValue stream, ConsumerGroup group, RespWriter out) {
        out.bulk("entries-read");
        if (group.entriesRead() == ConsumerGroup.ENTRIES_READ_UNKNOWN) {
            out.nullBulk();
        } else {
            out.integer(group.entriesRead());
        }
        out.bulk("lag").integer(lag(stream, group));
    }

    private static void edgeEntry(StreamValue stream, boolean last, RespWriter out) {
        StreamId[] id = {null};
        byte[][][] fields = {null};
        stream.range(StreamId.MIN, StreamId.MAX, last, (entryId, fieldsAndValues) -> {
            id[0] = entryId;
            fields[0] = fieldsAndValues;
            return false;
        });
        if (id[0] == null) {
            out.nullBulk();
            return;
        }
        out.array(2);
        out.bulk(id[0].bytes());
        out.array(fields[0].length);
        for (byte[] element : fields[0]) {
            out.bulk(element);
        }
    }

    private static void groups(CommandContext ctx, Args args, RespWriter out) {
        StreamValue stream = existing(ctx, args.next());
        out.array(stream.groups().size());
        for (ConsumerGroup group : stream.groups()) {
            out.map(6);
            out.bulk("name").bulk(group.name());
            out.bulk("consumers").integer(group.consumers().size());
            out.bulk("pending").integer(group.pending().size());
            out.bulk("last-delivered-id").bulk(group.lastDeliveredId().bytes());
            writeReadCounters(stream, group, out);
        }
    }

    /**
     * How many entries the group has yet to be delivered: the live entries after its last
     * delivered ID, counted exactly. Redis derives lag from counters instead, and reports null
     * or a wrong number once entries after the group's position were deleted or trimmed
     * (redis/redis#13337, #13957); where Redis is right the two agree.
     */
    static long lag(StreamValue stream, ConsumerGroup group) {
        return stream.countAfter(group.lastDeliveredId());
    }

    private static void consumers(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] groupName = args.next();
        StreamValue stream = existing(ctx, key);
        ConsumerGroup group = stream.group(groupName);
        if (group == null) {
            throw new CommandError("NOGROUP No such consumer group '" + new String(groupName, StandardCharsets.UTF_8)
                    + "' for key name '" + new String(key, StandardCharsets.UTF_8) + "'");
        }
        long now = ctx.now();
        out.array(group.consumers().size());
        for (ConsumerGroup.Consumer consumer : group.consumers().values()) {
            // Redis 7.2's fields: idle since the last attempt to read, inactive since the last
            // successful one (-1 when it never read anything)
            out.map(4);
            out.bulk("name").bulk(consumer.name());
            out.bulk("pending").integer(consumer.pending().size());
            out.bulk("idle").integer(Math.max(0, now - consumer.seenTime()));
            out.bulk("inactive").integer(consumer.activeTime() < 0 ? -1 : Math.max(0, now - consumer.activeTime()));
        }
    }

    private static void xsetid(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        StreamId id = StreamId.parseStrict(args.next(), 0);
        long entriesAdded = -1;
        StreamId maxDeleted = StreamId.MIN;
        while (args.hasNext()) {
            byte[] option = args.next();
            if (Args.is(option, "ENTRIESADDED") && args.hasNext()) {
                Long value = Numbers.parseLongStrict(args.next());
                if (value == null) {
                    throw Errors.notInteger();
                }
                if (value < 0) {
                    throw new CommandError("ERR entries_added must be positive");
                }
                entriesAdded = value;
            } else if (Args.is(option, "MAXDELETEDID") && args.hasNext()) {
                maxDeleted = StreamId.parseStrict(args.next(), 0);
                if (id.compareTo(maxDeleted) < 0) {
                    throw new CommandError("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue stream = StreamCommands.stream(ctx.write(key)); // a write lookup: no keymiss
        if (stream == null) {
            throw new CommandError("ERR no such key");
        }
        if (id.compareTo(stream.maxDeletedId()) < 0) {
            throw new CommandError("ERR The ID specified in XSETID is smaller than current max_deleted_entry_id");
        }
        if (stream.length() > 0) {
            if (id.compareTo(stream.lastLiveId()) < 0) {
                throw new CommandError("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && stream.length() > entriesAdded) {
                throw new CommandError("ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        ctx.emit(new StreamEvents.IdsSet(ctx.db(), key, id, entriesAdded, maxDeleted));
        ctx.notify(KeyEvent.XSETID, key);
        out.ok();
    }
}
