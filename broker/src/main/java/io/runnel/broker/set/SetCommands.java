package io.runnel.broker.set;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.commands.CollectionScan;
import io.runnel.broker.keyspace.DistinctBytes;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.RandomPicks;
import io.runnel.protocol.RespWriter;

import java.util.Arrays;
import java.util.List;

/** The set commands on one set: members added, removed, tested, listed and counted. */
public final class SetCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("sadd", Route.KEYS, "Adds members to a set, creating it if needed; answers how many were new.", SetCommands::sadd);
        r.command("srem", Route.KEYS, "Removes members from a set; an emptied set is deleted.", SetCommands::srem);
        r.command("sismember", Route.KEYS, "Tells whether a member is in a set.", SetCommands::sismember);
        r.command("smismember", Route.KEYS, "Tells for each of several members whether it is in a set.", SetCommands::smismember);
        r.command("smembers", Route.KEYS, "Returns every member of a set.", SetCommands::smembers);
        r.command("scard", Route.KEYS, "Returns the number of members of a set.", SetCommands::scard);
        r.command("spop", Route.KEYS, "Removes and returns random members of a set.", SetCommands::spop);
        r.command("srandmember", Route.KEYS, "Returns random members of a set.", SetCommands::srandmember);
        r.command("smove", Route.KEYS, "Moves a member from one set to another.", SetCommands::smove);
        r.command("sscan", Route.KEYS, "Iterates over the members of a set.", SetCommands::sscan);
    }

    /** The set at {@code key}, null when absent; WRONGTYPE for other types. */
    static SetValue set(Entry entry) {
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof SetValue set) {
            return set;
        }
        throw Errors.wrongType();
    }

    private static void sadd(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        SetValue set = set(ctx.write(key));
        DistinctBytes added = new DistinctBytes();
        while (args.hasNext()) {
            byte[] member = args.next();
            if (set == null || !set.contains(member)) {
                added.add(member);
            }
        }
        if (!added.isEmpty()) {
            int maxIntset = (int) Math.min(Integer.MAX_VALUE, ctx.server().config().getLong("set-max-intset-entries"));
            ctx.emit(new SetEvents.MembersAdded(ctx.db(), key, added.toArray(), maxIntset));
            ctx.notify(KeyEvent.SADD, key);
        }
        out.integer(added.size());
    }

    private static void srem(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        SetValue set = set(ctx.write(key));
        DistinctBytes removed = new DistinctBytes();
        while (args.hasNext()) {
            byte[] member = args.next();
            if (set != null && set.contains(member)) {
                removed.add(member);
            }
        }
        if (!removed.isEmpty()) {
            boolean emptied = removed.size() == set.size();
            ctx.emit(new SetEvents.MembersRemoved(ctx.db(), key, removed.toArray()));
            ctx.notify(KeyEvent.SREM, key);
            if (emptied) {
                ctx.notify(KeyEvent.DEL, key);
            }
        }
        out.integer(removed.size());
    }

    private static void sismember(CommandContext ctx, Args args, RespWriter out) {
        SetValue set = set(ctx.read(args.next()));
        out.integer(set != null && set.contains(args.next()) ? 1 : 0);
    }

    private static void smismember(CommandContext ctx, Args args, RespWriter out) {
        SetValue set = set(ctx.read(args.next()));
        out.array(args.remaining());
        while (args.hasNext()) {
            byte[] member = args.next();
            out.integer(set != null && set.contains(member) ? 1 : 0);
        }
    }

    private static void smembers(CommandContext ctx, Args args, RespWriter out) {
        SetValue set = set(ctx.read(args.next()));
        out.set(set == null ? 0 : set.size());
        if (set != null) {
            set.forEach(out::bulk);
        }
    }

    private static void spop(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        if (args.remaining() > 1) {
            throw Errors.syntax();
        }
        long count = -1;
        if (args.hasNext()) {
            count = args.nextLong("ERR value is out of range, must be positive");
            if (count < 0) {
                throw new io.runnel.broker.command.CommandError("ERR value is out of range, must be positive");
            }
        }
        SetValue set = set(ctx.write(key));
        if (set == null) {
            if (count < 0) {
                out.nullBulk();
            } else {
                out.set(0);
            }
            return;
        }
        if (count == 0) {
            out.set(0);
            return;
        }
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        List<byte[]> popped = RandomPicks.pick(count < 0 ? 1 : count, set.size(), () -> set.random(random), set::forEach, random);
        boolean emptied = popped.size() == set.size();
        ctx.emit(new SetEvents.MembersRemoved(ctx.db(), key, popped.toArray(new byte[0][])));
        ctx.notify(KeyEvent.SPOP, key);
        if (emptied) {
            ctx.notify(KeyEvent.DEL, key);
        }
        if (count < 0) {
            out.bulk(popped.get(0));
        } else {
            out.set(popped.size());
            popped.forEach(out::bulk);
        }
    }

    private static void srandmember(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        if (!args.hasNext()) {
            SetValue set = set(ctx.read(key));
            byte[] member = set == null ? null : set.random(java.util.concurrent.ThreadLocalRandom.current());
            if (member == null) {
                out.nullBulk();
            } else {
                out.bulk(member);
            }
            return;
        }
        if (args.remaining() > 1) {
            throw Errors.syntax();
        }
        long count = args.nextLong();
        if (count == Long.MIN_VALUE) {
            throw new io.runnel.broker.command.CommandError(
                    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        }
        SetValue set = set(ctx.read(key));
        if (set == null || count == 0) {
            out.array(0);
            return;
        }
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        List<byte[]> picked = RandomPicks.pick(count, set.size(), () -> set.random(random), set::forEach, random);
        out.array(picked.size());
        picked.forEach(out::bulk);
    }

    private static void smove(CommandContext ctx, Args args, RespWriter out) {
        byte[] source = args.next();
        byte[] destination = args.next();
        byte[] member = args.next();
        Entry sourceEntry = ctx.write(source);
        Entry destinationEntry = ctx.write(destination);
        if (sourceEntry == null) {
            out.integer(0); // before any type check, as Redis answers
            return;
        }
        SetValue from = set(sourceEntry);
        SetValue to = set(destinationEntry);
        if (!from.contains(member)) {
            out.integer(0);
            return;
        }
        if (Arrays.equals(source, destination)) {
            out.integer(1); // the member is there already
            return;
        }
        boolean emptied = from.size() == 1;
        ctx.emit(new SetEvents.MembersRemoved(ctx.db(), source, new byte[][] {member}));
        ctx.notify(KeyEvent.SREM, source);
        if (emptied) {
            ctx.notify(KeyEvent.DEL, source);
        }
        if (to == null || !to.contains(member)) {
            int maxIntset = (int) Math.min(Integer.MAX_VALUE, ctx.server().config().getLong("set-max-intset-entries"));
            ctx.emit(new SetEvents.MembersAdded(ctx.db(), destination, new byte[][] {member}, maxIntset));
            ctx.notify(KeyEvent.SADD, destination);
        }
        out.integer(1);
    }

    private static void scard(CommandContext ctx, Args args, RespWriter out) {
        SetValue set = set(ctx.read(args.next()));
        out.integer(set == null ? 0 : set.size());
    }

    private static void sscan(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long cursor = CollectionScan.cursor(args);
        SetValue set = set(ctx.read(key));
        CollectionScan.reply(cursor, set == null ? null : set::scanStep, false, args, out);
    }
}
