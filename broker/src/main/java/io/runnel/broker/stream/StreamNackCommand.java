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
 * XNACK key group SILENT|FAIL|FATAL IDS numids id... [RETRYCOUNT n] [FORCE] (Redis 8.8): a
 * consumer gives entries back. They become unowned and claimable at once; SILENT takes back
 * the delivery, FAIL keeps it, FATAL marks the entry as failed for good. With a dead-letter
 * queue, FAIL and FATAL move an entry that has used its deliveries to the dead-letter stream.
 */
public final class StreamNackCommand implements CommandFamily {

    private enum Mode { SILENT, FAIL, FATAL }

    @Override
    public void register(CommandRegistry r) {
        r.command("xnack", Route.KEYS, "Gives delivered entries back to the group for another consumer.", StreamNackCommand::xnack);
    }

    private static void xnack(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] groupName = args.next();
        byte[] modeWord = args.next();
        Mode mode = Args.is(modeWord, "SILENT") ? Mode.SILENT : Args.is(modeWord, "FAIL") ? Mode.FAIL
                : Args.is(modeWord, "FATAL") ? Mode.FATAL : null;
        if (mode == null) {
            throw new CommandError("ERR mode must be SILENT, FAIL, or FATAL");
        }
        if (!args.nextIs("IDS")) {
            throw Errors.syntax();
        }
        Long count = Numbers.parseLongStrict(args.next());
        if (count == null || count < 1) {
            throw new CommandError("ERR numids must be a positive integer");
        }
        if (count > args.remaining()) {
            throw new CommandError("ERR number of IDs doesn't match numids");
        }
        List<StreamId> ids = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            ids.add(StreamId.parseStrict(args.next(), 0));
        }
        long retryCount = -1;
        boolean force = false;
        while (args.hasNext()) {
            if (args.nextIs("RETRYCOUNT") && args.hasNext()) {
                retryCount = args.nextLong();
                if (retryCount < 0) {
                    throw new CommandError("ERR Invalid RETRYCOUNT value, must be >= 0");
                }
            } else if (args.nextIs("FORCE")) {
                force = true;
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue stream = StreamCommands.stream(ctx.write(key));
        ConsumerGroup group = stream == null ? null : stream.group(groupName);
        if (group == null) {
            throw new CommandError("NOGROUP No such key '" + Args.text(key) + "' or consumer group '" + Args.text(groupName) + "'");
        }
        List<StreamId> released = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        List<StreamId> dead = new ArrayList<>();
        for (StreamId id : ids) {
            if (released.contains(id) || dead.contains(id)) {
                continue;
            }
            ConsumerGroup.PendingEntry pending = group.pending().get(id);
            if (pending == null && !(force && stream.contains(id))) {
                continue;
            }
            long current = pending == null ? 0 : pending.deliveryCount();
            long next = retryCount >= 0 ? retryCount : switch (mode) {
                case SILENT -> Math.max(0, current - 1);
                case FAIL -> current;
                case FATAL -> Long.MAX_VALUE;
            };
            if (pending != null && mode != Mode.SILENT && group.maxDeliveries() > 0 && next >= group.maxDeliveries()) {
                dead.add(id); // it has used its deliveries: to the dead-letter stream
                continue;
            }
            released.add(id);
            counts.add(next);
        }
        DeadLetters.move(ctx::emit, ctx.keys(), ctx.now(), ctx.db(), key, stream, group, dead);
        if (!released.isEmpty()) {
            ctx.emit(new StreamEvents.Nacked(ctx.db(), key, groupName, released, counts));
            ctx.notify(KeyEvent.XNACK, key);
        }
        out.integer(released.size() + dead.size());
    }
}
