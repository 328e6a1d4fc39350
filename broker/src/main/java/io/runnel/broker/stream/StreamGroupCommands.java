package io.runnel.broker.stream;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.protocol.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading streams (XREAD) and consumer groups: XGROUP, XREADGROUP, XACK, XPENDING. */
public final class StreamGroupCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("xread", Route.KEYS, "Reads new entries from one or more streams.", StreamGroupCommands::xread);
        r.command("xreadgroup", Route.KEYS, "Reads entries from streams as a consumer of a group.", StreamGroupCommands::xreadgroup);
        r.command("xack", Route.KEYS, "Acknowledges entries a group's consumers have processed.", StreamGroupCommands::xack);
        r.command("xpending", Route.KEYS, "Inspects the entries delivered to a group and not yet acknowledged.", StreamGroupCommands::xpending);
        r.container("xgroup", "Creates and manages consumer groups.");
        r.subcommand("xgroup", "create", Route.KEYS, "Creates a consumer group.", (c, a, o) -> xgroup(c, a, o, "create"));
        r.subcommand("xgroup", "setid", Route.KEYS, "Sets a group's last delivered ID.", (c, a, o) -> xgroup(c, a, o, "setid"));
        r.subcommand("xgroup", "destroy", Route.KEYS, "Deletes a consumer group.", (c, a, o) -> xgroup(c, a, o, "destroy"));
        r.subcommand("xgroup", "createconsumer", Route.KEYS, "Creates a consumer in a group.", (c, a, o) -> xgroup(c, a, o, "createconsumer"));
        r.subcommand("xgroup", "delconsumer", Route.KEYS, "Deletes a consumer from a group.", (c, a, o) -> xgroup(c, a, o, "delconsumer"));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static CommandError noGroup(byte[] key, byte[] group) {
        return new CommandError("NOGROUP No such consumer group '" + text(group) + "' for key name '" + text(key) + "'");
    }

    // ---- XGROUP ------------------------------------------------------------------------------

    private static void xgroup(CommandContext ctx, Args args, RespWriter out, String sub) {
        byte[] key = args.next();
        byte[] groupName = args.next();
        boolean makeStream = false;
        long entriesRead = ConsumerGroup.ENTRIES_READ_UNKNOWN;
        if (sub.equals("create")) {
            for (int i = 5; i < args.count(); ) {
                if (Args.is(args.get(i), "MKSTREAM")) {
                    makeStream = true;
                    i++;
                } else if (Args.is(args.get(i), "ENTRIESREAD") && i + 1 < args.count()) {
                    entriesRead = entriesReadValue(args.get(i + 1));
                    i += 2;
                } else {
                    throw subcommandSyntax(args);
                }
            }
        }
        StreamValue stream = StreamCommands.stream(ctx.write(key));
        if (!makeStream) {
            if (stream == null) {
                throw new CommandError("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want "
                        + "to use the MKSTREAM option to create an empty stream automatically.");
            }
            if (stream.group(groupName) == null && !sub.equals("create") && !sub.equals("destroy")) {
                throw noGroup(key, groupName);
            }
        }
        switch (sub) {
            case "create" -> {
                if (args.count() > 8) {
                    throw subcommandSyntax(args);
                }
                StreamId id = groupStart(args.get(4), stream, true);
                if (stream != null && stream.group(groupName) != null) {
                    throw new CommandError("BUSYGROUP Consumer Group name already exists");
                }
                ctx.emit(new StreamEvents.GroupCreated(ctx.db(), key, groupName, id, entriesRead));
                ctx.notify(KeyEvent.XGROUP_CREATE, key);
                out.ok();
            }
            case "setid" -> {
                if (args.count() != 5 && args.count() != 7) {
                    throw subcommandSyntax(args);
                }
                StreamId id = groupStart(args.get(4), stream, false);
                if (args.count() == 7) {
                    if (!Args.is(args.get(5), "ENTRIESREAD")) {
                        throw Errors.syntax();
                    }
                    entriesRead = entriesReadValue(args.get(6));
                }
                ctx.emit(new StreamEvents.GroupIdSet(ctx.db(), key, groupName, id, entriesRead));
                ctx.notify(KeyEvent.XGROUP_SETID, key);
                out.ok();
            }
            case "destroy" -> {
                if (stream.group(groupName) == null) {
                    out.integer(0);
                    return;
                }
                ctx.emit(new StreamEvents.GroupDestroyed(ctx.db(), key, groupName));
                ctx.notify(KeyEvent.XGROUP_DESTROY, key);
                out.integer(1);
            }
            case "createconsumer" -> {
                byte[] consumer = args.get(4);
                if (stream.group(groupName).consumers().containsKey(consumer)) {
                    out.integer(0);
                    return;
                }
                // announced by the event itself, as every creation of a consumer is
                ctx.emit(new StreamEvents.ConsumerCreated(ctx.db(), key, groupName, consumer, ctx.now()));
                out.integer(1);
            }
            default -> {
                byte[] consumer = args.get(4);
                ConsumerGroup.Consumer existing = stream.group(groupName).consumers().get(consumer);
                long pending = existing == null ? 0 : existing.pending().size();
                if (existing != null) {
                    ctx.emit(new StreamEvents.ConsumerDeleted(ctx.db(), key, groupName, consumer));
                    ctx.notify(KeyEvent.XGROUP_DELCONSUMER, key);
                }
                out.integer(pending);
            }
        }
    }

    private static CommandError subcommandSyntax(Args args) {
        return Errors.subcommandSyntax(args.get(1), "xgroup");
    }

    private static long entriesReadValue(byte[] text) {
        long value = Args.parseLong(text);
        if (value < 0 && value != ConsumerGroup.ENTRIES_READ_UNKNOWN) {
            throw new CommandError("ERR value for ENTRIESREAD must be positive or -1");
        }
        return value;
    }

    /** "$" is the stream's last ID (0-0 for a stream about to be created); otherwise an ID. */
    private static StreamId groupStart(byte[] text, StreamValue stream, boolean strict) {
        if (text.length == 1 && text[0] == '$') {
            return stream == null ? StreamId.MIN : stream.lastId();
        }
        return strict ? StreamId.parseStrict(text, 0) : StreamId.parse(text, 0, false, false).id();
    }

    // ---- XREAD / XREADGROUP ------------------------------------------------------------------

    private static void xread(CommandContext ctx, Args args, RespWriter out) {
        StreamReads.Request request = StreamReads.parse(args, false);
        int streams = request.keys.length;
        StreamId[] after = new StreamId[streams];
        StreamValue[] values = new StreamValue[streams];
        // "+" (Redis 7.4) asks for the stream's last entry; on an empty stream it waits like "$"
        boolean[] lastEntryWanted = new boolean[streams];
        for (int i = 0; i < streams; i++) {
            values[i] = StreamCommands.stream(ctx.read(request.keys[i]));
            byte[] id = request.ids[i];
            if (id.length == 1 && (id[0] == '$' || id[0] == '+')) {
                after[i] = values[i] == null ? StreamId.MIN : values[i].lastId();
                if (id[0] == '+') {
                    lastEntryWanted[i] = true;
                }
            } else if (id.length == 1 && id[0] == '>') {
                throw new CommandError("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
            } else {
                after[i] = StreamId.parseStrict(id, 0);
            }
        }
        List<StreamReads.Served> served = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            // looked up again to serve it, as Redis does (a second hit or miss, a second keymiss)
            StreamValue stream = StreamCommands.stream(ctx.read(request.keys[i]));
            if (lastEntryWanted[i] && stream != null && stream.length() > 0) {
                StreamId last = stream.lastLiveId();
                List<byte[][]> lastEntry = new ArrayList<>();
                lastEntry.add(stream.entry(last));
                served.add(new StreamReads.Served(request.keys[i], List.of(last), lastEntry));
            } else if (stream != null && stream.length() > 0 && stream.lastLiveId().compareTo(after[i]) > 0) {
                served.add(StreamReads.entriesAfter(request.keys[i], stream, after[i], request.count));
            }
        }
        if (served.isEmpty() && StreamReads.block(ctx, request, after)) {
            return;
        }
        StreamReads.write(served, out);
    }

    private static void xreadgroup(CommandContext ctx, Args args, RespWriter out) {
        StreamReads.Request request = StreamReads.parse(args, true);
        int streams = request.keys.length;
        StreamValue[] values = new StreamValue[streams];
        StreamId[] from = new StreamId[streams]; // null for ">"
        for (int i = 0; i < streams; i++) {
            StreamValue stream = StreamCommands.stream(ctx.read(request.keys[i]));
            if (stream == null || stream.group(request.group) == null) {
                throw new CommandError("NOGROUP No such key '" + text(request.keys[i]) + "' or consumer group '"
                        + text(request.group) + "' in XREADGROUP with GROUP option");
            }
            values[i] = stream;
            byte[] id = request.ids[i];
            if (id.length == 1 && id[0] == '$') {
                throw new CommandError("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history "
                        + "of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just "
                        + "return an empty result set.");
            } else if (!(id.length == 1 && id[0] == '>')) {
                from[i] = StreamId.parseStrict(id, 0);
            }
        }
        List<StreamReads.Served> served = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            ctx.read(request.keys[i]); // looked up again to serve it, as Redis does (a second hit)
            StreamValue stream = values[i];
            ConsumerGroup group = stream.group(request.group);
            byte[] key = request.keys[i];
            if (from[i] != null) {
                StreamReads.Served history = history(key, stream, group, request.consumer, from[i], request.count);
                List<StreamId> redelivered = new ArrayList<>();
                for (int e = 0; e < history.ids().size(); e++) {
                    if (history.entries().get(e) != null) {
                        redelivered.add(history.ids().get(e));
                    }
                }
                ctx.emit(new StreamEvents.Delivered(ctx.db(), key, request.group, request.consumer, ctx.now(), List.of(),
                        request.noAck, redelivered));
                served.add(history);
            } else if (request.claimMinIdle >= 0) {
                StreamReads.Served claimedAndFresh = claimThenRead(ctx::emit, ctx.keys(), ctx.now(), ctx.db(), key, stream, group, request);
                if (!claimedAndFresh.ids().isEmpty()) {
                    served.add(claimedAndFresh);
                }
            } else if (stream.length() > 0 && stream.lastLiveId().compareTo(group.lastDeliveredId()) > 0) {
                StreamReads.Served fresh = StreamReads.entriesAfter(key, stream, group.lastDeliveredId(), request.count);
                ctx.emit(new StreamEvents.Delivered(ctx.db(), key, request.group, request.consumer, ctx.now(), fresh.ids(),
                        request.noAck, List.of()));
                served.add(fresh);
            }
        }
        if (served.isEmpty() && StreamReads.block(ctx, request, null)) {
            return;
        }
        StreamReads.write(served, out);
    }

    /**
     * XREADGROUP CLAIM: first the group's pending entries idle for at least the given time (any
     * consumer's, oldest ID first), taken over by this consumer, then new entries, COUNT in all.
     */
    static StreamReads.Served claimThenRead(java.util.function.Consumer<io.runnel.broker.keyspace.KeyspaceEvent> emit,
                                            io.runnel.broker.keyspace.KeyAccess keys, long now,
                                            int db, byte[] key, StreamValue stream, ConsumerGroup group,
                                            StreamReads.Request request) {
        List<StreamId> ids = new ArrayList<>();
        List<byte[][]> entries = new ArrayList<>();
        List<long[]> info = new ArrayList<>();
        List<StreamId> claimed = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        List<StreamId> dead = new ArrayList<>();
        // entries released by XNACK come first, then the others oldest ID first
        List<Map.Entry<StreamId, ConsumerGroup.PendingEntry>> candidates = new ArrayList<>(group.unowned().pending().entrySet());
        for (Map.Entry<StreamId, ConsumerGroup.PendingEntry> pending : group.pending().entrySet()) {
            if (pending.getValue().consumer() != group.unowned()) {
                candidates.add(pending);
            }
        }
        for (Map.Entry<StreamId, ConsumerGroup.PendingEntry> pending : candidates) {
            if (request.count > 0 && ids.size() >= request.count) {
                break;
            }
            boolean released = pending.getValue().deliveryTime() < 0;
            long idle = released ? Long.MAX_VALUE : now - pending.getValue().deliveryTime();
            byte[][] fields = stream.entry(pending.getKey());
            if (idle < request.claimMinIdle || fields == null) {
                continue;
            }
            if (DeadLetters.exhausted(group, pending.getValue())) {
                dead.add(pending.getKey());
                continue;
            }
            ids.add(pending.getKey());
            entries.add(fields);
            info.add(new long[] {released ? -1 : idle, pending.getValue().deliveryCount()});
            claimed.add(pending.getKey());
            counts.add(pending.getValue().deliveryCount() + 1);
        }
        DeadLetters.move(emit, keys, now, db, key, stream, group, dead);
        if (!claimed.isEmpty()) {
            emit.accept(new StreamEvents.Claimed(db, key, request.group, request.consumer, now, claimed, counts, now,
                    List.of(), null));
        }
        long room = request.count == 0 ? 0 : request.count - ids.size();
        if ((request.count == 0 || room > 0) && stream.length() > 0
                && stream.lastLiveId().compareTo(group.lastDeliveredId()) > 0) {
            StreamReads.Served fresh = StreamReads.entriesAfter(key, stream, group.lastDeliveredId(), room);
            emit.accept(new StreamEvents.Delivered(db, key, request.group, request.consumer, now, fresh.ids(),
                    request.noAck, List.of()));
            ids.addAll(fresh.ids());
            entries.addAll(fresh.entries());
            for (int i = 0; i < fresh.ids().size(); i++) {
                info.add(new long[] {0, 0});
            }
        }
        return new StreamReads.Served(key, ids, entries, info);
    }

    /** The consumer's own pending entries after {@code after}; deleted ones come with no fields. */
    private static StreamReads.Served history(byte[] key, StreamValue stream, ConsumerGroup group, byte[] consumerName,
                                              StreamId after, long count) {
        List<StreamId> ids = new ArrayList<>();
        List<byte[][]> entries = new ArrayList<>();
        ConsumerGroup.Consumer consumer = group.consumers().get(consumerName);
        StreamId start = after.next();
        if (consumer != null && start != null) {
            for (Map.Entry<StreamId, ConsumerGroup.PendingEntry> pending : consumer.pending().tailMap(start, true).entrySet()) {
                if (count > 0 && ids.size() >= count) {
                    break;
                }
                ids.add(pending.getKey());
                entries.add(stream.entry(pending.getKey()));
            }
        }
        return new StreamReads.Served(key, ids, entries);
    }

    // ---- XACK / XPENDING ---------------------------------------------------------------------

    private static void xack(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] groupName = args.next();
        // a read lookup, as Redis's XACK does (a hit or miss, a keymiss notification)
        StreamValue stream = StreamCommands.stream(ctx.read(key));
        ConsumerGroup group = stream == null ? null : stream.group(groupName);
        if (group == null) {
            out.integer(0);
            return;
        }
        List<StreamId> ids = new ArrayList<>();
        while (args.hasNext()) {
            ids.add(StreamId.parseStrict(args.next(), 0));
        }
        List<StreamId> acknowledged = new ArrayList<>();
        for (StreamId id : ids) {
            if (group.pending().containsKey(id) && !acknowledged.contains(id)) {
                acknowledged.add(id);
            }
        }
        if (!acknowledged.isEmpty()) {
            ctx.emit(new StreamEvents.Acknowledged(ctx.db(), key, groupName, acknowledged));
        }
        out.integer(acknowledged.size());
    }

    private static void xpending(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] groupName = args.next();
        int argc = args.count();
        if (argc != 3 && (argc < 6 || argc > 9)) {
            throw Errors.syntax();
        }
        long minIdle = 0;
        long count = 0;
        StreamId start = null;
        StreamId end = null;
        byte[] consumerName = null;
        if (argc >= 6) {
            int at = 3;
            if (Args.is(args.get(3), "IDLE")) {
                minIdle = Args.parseLong(args.get(4));
                if (argc < 8) {
                    throw Errors.syntax();
                }
                at += 2;
            }
            count = Math.max(0, Args.parseLong(args.get(at + 2)));
            start = StreamIntervals.start(args.get(at));
            end = StreamIntervals.end(args.get(at + 1));
            if (at + 3 < argc) {
                consumerName = args.get(at + 3);
            }
        }
        StreamValue stream = StreamCommands.stream(ctx.read(key));
        ConsumerGroup group = stream == null ? null : stream.group(groupName);
        if (group == null) {
            throw new CommandError("NOGROUP No such key '" + text(key) + "' or consumer group '" + text(groupName) + "'");
        }
        if (argc == 3) {
            summary(group, out);
            return;
        }
        java.util.TreeMap<StreamId, ConsumerGroup.PendingEntry> pel = group.pending();
        if (consumerName != null) {
            ConsumerGroup.Consumer consumer = group.consumers().get(consumerName);
            if (consumer == null) {
                out.array(0);
                return;
            }
            pel = consumer.pending();
        }
        List<Map.Entry<StreamId, ConsumerGroup.PendingEntry>> selected = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, ConsumerGroup.PendingEntry> entry : pel.subMap(start, true, end, true).entrySet()) {
                if (selected.size() >= count) {
                    break;
                }
                if (minIdle > 0 && ctx.now() - entry.getValue().deliveryTime() < minIdle) {
                    continue;
                }
                selected.add(entry);
            }
        }
        out.array(selected.size());
        for (Map.Entry<StreamId, ConsumerGroup.PendingEntry> entry : selected) {
            ConsumerGroup.PendingEntry pending = entry.getValue();
            out.array(4);
            out.bulk(entry.getKey().bytes());
            out.bulk(pending.consumer().name());
            out.integer(pending.deliveryTime() < 0 ? -1 : Math.max(0, ctx.now() - pending.deliveryTime()));
            out.integer(pending.deliveryCount());
        }
    }

    private static void summary(ConsumerGroup group, RespWriter out) {
        out.array(4);
        out.integer(group.pending().size());
        if (group.pending().isEmpty()) {
            out.nullBulk();
            out.nullBulk();
            out.nullArray();
            return;
        }
        out.bulk(group.pending().firstKey().bytes());
        out.bulk(group.pending().lastKey().bytes());
        List<ConsumerGroup.Consumer> owners = new ArrayList<>();
        for (ConsumerGroup.Consumer consumer : group.consumers().values()) {
            if (!consumer.pending().isEmpty()) {
                owners.add(consumer);
            }
        }
        out.array(owners.size());
        for (ConsumerGroup.Consumer consumer : owners) {
            out.array(2);
            out.bulk(consumer.name());
            out.bulkNumber(consumer.pending().size());
        }
    }
}
