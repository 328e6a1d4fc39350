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

import java.util.ArrayList;
import java.util.List;

/**
 * Deleting entries with a policy for the consumer groups that still refer to them (Redis 8.2):
 * XDELEX, and XACKDEL which acknowledges for one group first. Per ID the reply is -1 (nothing
 * to do), 1 (deleted) or 2 (kept because a group still needs it).
 */
public final class StreamDeletionCommands implements CommandFamily {


    @Override
    public void register(CommandRegistry r) {
        r.command("xdelex", Route.KEYS, "Deletes stream entries, choosing what happens to groups' references to them.",
                StreamDeletionCommands::xdelex);
        r.command("xackdel", Route.KEYS, "Acknowledges entries for a group and deletes them, with a policy for other groups.",
                StreamDeletionCommands::xackdel);
    }

    private record Request(ReferencePolicy policy, List<StreamId> ids) {
    }

    /** [KEEPREF | DELREF | ACKED] and IDS numids id..., in either order. */
    private static Request parse(Args args) {
        ReferencePolicy policy = null;
        List<StreamId> ids = null;
        while (args.hasNext()) {
            byte[] word = args.next();
            ReferencePolicy named = Args.is(word, "KEEPREF") ? ReferencePolicy.KEEPREF : Args.is(word, "DELREF") ? ReferencePolicy.DELREF
                    : Args.is(word, "ACKED") ? ReferencePolicy.ACKED : null;
            if (named != null && policy == null) {
                policy = named;
            } else if (Args.is(word, "IDS") && ids == null && args.hasNext()) {
                Long count = Numbers.parseLongStrict(args.next());
                if (count == null || count < 1) {
                    throw new CommandError("ERR Number of IDs must be a positive integer");
                }
                if (count > args.remaining()) {
                    throw new CommandError("ERR The `numids` parameter must match the number of arguments");
                }
                ids = new ArrayList<>();
                for (long i = 0; i < count; i++) {
                    ids.add(StreamId.parseStrict(args.next(), 0));
                }
            } else {
                throw Errors.syntax();
            }
        }
        if (ids == null) {
            throw Errors.syntax();
        }
        return new Request(policy == null ? ReferencePolicy.KEEPREF : policy, ids);
    }

    private static void unknownEverywhere(int count, RespWriter out) {
        out.array(count);
        for (int i = 0; i < count; i++) {
            out.integer(-1);
        }
    }


    /** Applies the policy to one entry after any acknowledgement; returns its reply code. */
    private static long delete(StreamValue stream, StreamId id, ReferencePolicy policy, List<StreamId> deleted, List<StreamId> dropped,
                               boolean entryMustExist) {
        boolean exists = stream.contains(id) && !deleted.contains(id);
        if (policy == ReferencePolicy.DELREF) {
            dropped.add(id);
        }
        if (!exists) {
            return entryMustExist ? -1 : 1;
        }
        if (policy == ReferencePolicy.ACKED && stream.referenced(id)) {
            return 2;
        }
        deleted.add(id);
        return 1;
    }

    private static void xdelex(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        Request request = parse(args);
        StreamValue stream = StreamCommands.stream(ctx.write(key));
        if (stream == null) {
            unknownEverywhere(request.ids().size(), out);
            return;
        }
        List<StreamId> deleted = new ArrayList<>();
        List<StreamId> dropped = new ArrayList<>();
        long[] codes = new long[request.ids().size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = delete(stream, request.ids().get(i), request.policy(), deleted, dropped, true);
        }
        emitDeletions(ctx, key, deleted, dropped);
        writeCodes(codes, out);
    }

    private static void xackdel(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] groupName = args.next();
        Request request = parse(args);
        StreamValue stream = StreamCommands.stream(ctx.write(key));
        ConsumerGroup group = stream == null ? null : stream.group(groupName);
        if (group == null) {
            unknownEverywhere(request.ids().size(), out);
            return;
        }
        List<StreamId> acknowledged = new ArrayList<>();
        for (StreamId id : request.ids()) {
            if (group.pending().containsKey(id) && !acknowledged.contains(id)) {
                acknowledged.add(id);
            }
        }
        if (!acknowledged.isEmpty()) {
            // acknowledge first, so that ACKED sees this group's reference gone
            ctx.emit(new StreamEvents.Acknowledged(ctx.db(), key, groupName, acknowledged));
        }
        List<StreamId> deleted = new ArrayList<>();
        List<StreamId> dropped = new ArrayList<>();
        long[] codes = new long[request.ids().size()];
        List<StreamId> answered = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            StreamId id = request.ids().get(i);
            boolean wasPending = acknowledged.contains(id) && !answered.contains(id);
            answered.add(id);
            codes[i] = wasPending ? delete(stream, id, request.policy(), deleted, dropped, false) : -1;
        }
        emitDeletions(ctx, key, deleted, dropped);
        writeCodes(codes, out);
    }

    private static void emitDeletions(CommandContext ctx, byte[] key, List<StreamId> deleted, List<StreamId> dropped) {
        if (!deleted.isEmpty()) {
            ctx.emit(new StreamEvents.EntriesDeleted(ctx.db(), key, deleted));
            ctx.notify(KeyEvent.XDEL, key); // Redis names deletions by XDELEX and XACKDEL so too
        }
        if (!dropped.isEmpty()) {
            ctx.emit(new StreamEvents.ReferencesDropped(ctx.db(), key, dropped));
        }
    }

    private static void writeCodes(long[] codes, RespWriter out) {
        out.array(codes.length);
        for (long code : codes) {
            out.integer(code);
        }
    }
}
