package io.runnel.broker.set;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
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

    private static boolean seenBefore(List<byte[]> members, byte[] member) {
        for (byte[] other : members) {
            if (Arrays.equals(other, member)) {
                return true;
            }
        }
        return false;
    }

    private static void sadd(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        SetValue set = set(ctx.write(key));
        List<byte[]> added = new ArrayList<>();
        while (args.hasNext()) {
            byte[] member = args.next();
            if ((set == null || !set.contains(member)) && !seenBefore(added, member)) {
                added.add(member);
            }
        }
        if (!added.isEmpty()) {
            int maxIntset = (int) Math.min(Integer.MAX_VALUE, ctx.server().config().getLong("set-max-intset-entries"));
            ctx.emit(new SetEvents.MembersAdded(ctx.db(), key, added.toArray(new byte[0][]), maxIntset));
            ctx.notify(KeyEvent.SADD, key);
        }
        out.integer(added.size());
    }

    private static void srem(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        SetValue set = set(ctx.write(key));
        List<byte[]> removed = new ArrayList<>();
        while (args.hasNext()) {
            byte[] member = args.next();
            if (set != null && set.contains(member) && !seenBefore(removed, member)) {
                removed.add(member);
            }
        }
        if (!removed.isEmpty()) {
            boolean emptied = removed.size() == set.size();
            ctx.emit(new SetEvents.MembersRemoved(ctx.db(), key, removed.toArray(new byte[0][])));
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

    private static void scard(CommandContext ctx, Args args, RespWriter out) {
        SetValue set = set(ctx.read(args.next()));
        out.integer(set == null ? 0 : set.size());
    }
}
