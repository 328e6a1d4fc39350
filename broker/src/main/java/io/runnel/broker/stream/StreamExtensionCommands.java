package io.runnel.broker.stream;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.Slots;
import io.runnel.protocol.RespWriter;

/**
 * Runnel's own stream commands, for what Redis users ask for and Redis lacks. They have names of
 * their own so that nothing a Redis client sends changes meaning (see docs/streams.md).
 */
public final class StreamExtensionCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("xdeadletter", Route.KEYS, "Shows or sets a group's delivery limit and dead-letter stream (Runnel extension).",
                StreamExtensionCommands::xdeadletter);
        r.command("xschedule", Route.KEYS, "Adds an entry that becomes visible at a later time (Runnel extension).",
                StreamExtensionCommands::xschedule);
        r.command("xretention", Route.KEYS, "Shows or sets a stream's maximum entry age (Runnel extension).",
                StreamExtensionCommands::xretention);
    }

    /**
     * XDEADLETTER key group [MAXDELIVERIES n TO dead-letter-key | NONE]: with no setting, the
     * current one as [max-deliveries, dead-letter-key], or null when the group has none.
     */
    private static void xdeadletter(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] groupName = args.next();
        StreamValue stream = StreamCommands.stream(ctx.write(key));
        ConsumerGroup group = stream == null ? null : stream.group(groupName);
        if (group == null) {
            throw new CommandError("NOGROUP No such key '" + Args.text(key) + "' or consumer group '" + Args.text(groupName) + "'");
        }
        if (!args.hasNext()) {
            if (group.maxDeliveries() == 0) {
                out.nullArray();
            } else {
                out.array(2).integer(group.maxDeliveries()).bulk(group.deadLetterKey());
            }
            return;
        }
        if (args.nextIs("NONE")) {
            if (args.hasNext()) {
                throw Errors.syntax();
            }
            ctx.emit(new StreamEvents.DeadLetterSet(ctx.db(), key, groupName, 0, null));
            ctx.notify(KeyEvent.XDEADLETTER, key);
            out.ok();
            return;
        }
        if (!args.nextIs("MAXDELIVERIES") || args.remaining() != 3) {
            throw Errors.syntax();
        }
        long max = args.nextLong();
        if (max <= 0) {
            throw new CommandError("ERR MAXDELIVERIES must be a positive integer");
        }
        if (!args.nextIs("TO")) {
            throw Errors.syntax();
        }
        byte[] target = args.next();
        if (Slots.slot(target) != Slots.slot(key)) {
            throw new CommandError("ERR the dead-letter stream must hash to the same slot as the stream (use a {hash tag})");
        }
        if (java.util.Arrays.equals(target, key)) {
            throw new CommandError("ERR the dead-letter stream must be another stream");
        }
        var existing = ctx.peek(target);
        if (existing != null && !(existing.value() instanceof StreamValue)) {
            throw Errors.wrongType();
        }
        ctx.emit(new StreamEvents.DeadLetterSet(ctx.db(), key, groupName, max, target));
        ctx.notify(KeyEvent.XDEADLETTER, key);
        out.ok();
    }

    /**
     * XSCHEDULE key AT unix-time-ms | IN milliseconds field value [field value ...]: the entry is
     * appended (with an ID given then) once its time has come; replies how many entries of the
     * stream are waiting.
     */
    private static void xschedule(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long due;
        if (args.nextIs("AT") && args.hasNext()) {
            due = args.nextLong();
        } else if (args.nextIs("IN") && args.hasNext()) {
            long delay = args.nextLong();
            if (delay < 0 || delay > Long.MAX_VALUE - ctx.now()) {
                throw new CommandError("ERR IN must be a non-negative number of milliseconds");
            }
            due = ctx.now() + delay;
        } else {
            throw Errors.syntax();
        }
        if (due < 0) {
            throw new CommandError("ERR AT must be a non-negative Unix time in milliseconds");
        }
        int fieldCount = args.remaining();
        if (fieldCount < 2 || fieldCount % 2 != 0) {
            throw Errors.wrongArity("xschedule");
        }
        byte[][] fieldsAndValues = new byte[fieldCount][];
        for (int i = 0; i < fieldCount; i++) {
            fieldsAndValues[i] = args.next();
        }
        StreamValue stream = StreamCommands.stream(ctx.write(key));
        StreamId slot = stream == null ? new StreamId(due, 0) : stream.nextScheduleSlot(due);
        ctx.emit(new StreamEvents.EntryScheduled(ctx.db(), key, slot, fieldsAndValues));
        ctx.notify(KeyEvent.XSCHEDULE, key);
        out.integer(StreamCommands.stream(ctx.peek(key)).scheduledCount());
    }

    /** XRETENTION key [MAXAGE milliseconds | NONE]: the maximum age, -1 when none. */
    private static void xretention(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        StreamValue stream = StreamCommands.stream(ctx.write(key));
        if (stream == null) {
            throw new CommandError("ERR no such key");
        }
        if (!args.hasNext()) {
            out.integer(stream.maxAgeMillis() > 0 ? stream.maxAgeMillis() : -1);
            return;
        }
        long maxAge;
        if (args.nextIs("NONE")) {
            maxAge = 0;
        } else if (args.nextIs("MAXAGE") && args.hasNext()) {
            maxAge = args.nextLong();
            if (maxAge <= 0) {
                throw new CommandError("ERR MAXAGE must be a positive number of milliseconds");
            }
        } else {
            throw Errors.syntax();
        }
        if (args.hasNext()) {
            throw Errors.syntax();
        }
        ctx.emit(new StreamEvents.RetentionSet(ctx.db(), key, maxAge));
        ctx.notify(KeyEvent.XRETENTION, key);
        out.ok();
    }
}
