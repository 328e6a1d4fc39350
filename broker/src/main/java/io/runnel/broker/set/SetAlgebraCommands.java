package io.runnel.broker.set;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.StoredResult;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Intersection, union and difference of sets, answered or stored. Every source key is looked up
 * (and type-checked) before any work, as Redis does; a missing key is an empty set. A stored
 * result replaces the destination whatever it held, without its expiry; an empty result deletes it.
 */
public final class SetAlgebraCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("sinter", Route.KEYS, "Returns the members present in every one of several sets.", SetAlgebraCommands::sinter);
        r.command("sintercard", Route.KEYS, "Counts the members present in every one of several sets, up to an optional limit.",
                SetAlgebraCommands::sintercard);
        r.command("sinterstore", Route.KEYS, "Stores the intersection of several sets in a key.", SetAlgebraCommands::sinterstore);
        r.command("sunion", Route.KEYS, "Returns the members present in any of several sets.", SetAlgebraCommands::sunion);
        r.command("sunionstore", Route.KEYS, "Stores the union of several sets in a key.", SetAlgebraCommands::sunionstore);
        r.command("sdiff", Route.KEYS, "Returns the members of a set that none of the other sets hold.", SetAlgebraCommands::sdiff);
        r.command("sdiffstore", Route.KEYS, "Stores the difference between a set and several others in a key.",
                SetAlgebraCommands::sdiffstore);
    }

    /** The sets at {@code keys}, null for a missing key; WRONGTYPE if any holds another type. */
    private static SetValue[] sets(CommandContext ctx, byte[][] keys) {
        SetValue[] sets = new SetValue[keys.length];
        for (int i = 0; i < keys.length; i++) {
            Entry entry = ctx.read(keys[i]);
            sets[i] = SetCommands.set(entry);
        }
        return sets;
    }

    private static byte[][] rest(Args args) {
        return args.nextKeys(args.remaining());
    }

    /**
     * The intersection, walking the smallest set and probing the others, so the members come in
     * that set's order (ascending for an intset), as Redis answers; at most {@code limit} of them
     * (0: all).
     */
    private static List<byte[]> intersection(SetValue[] sets, long limit) {
        List<byte[]> members = new ArrayList<>();
        for (SetValue set : sets) {
            if (set == null) {
                return members;
            }
        }
        SetValue[] bySize = sets.clone();
        Arrays.sort(bySize, Comparator.comparingInt(SetValue::size));
        SetValue smallest = bySize[0];
        smallest.forEachUntil(member -> {
            for (int i = 1; i < bySize.length; i++) {
                if (bySize[i] != smallest && !bySize[i].contains(member)) {
                    return true;
                }
            }
            members.add(member);
            return limit == 0 || members.size() < limit;
        });
        return members;
    }

    private static SetValue union(CommandContext ctx, SetValue[] sets) {
        SetValue union = new SetValue();
        int maxIntset = maxIntsetEntries(ctx);
        for (SetValue set : sets) {
            if (set != null) {
                set.forEach(member -> union.add(member, maxIntset));
            }
        }
        return union;
    }

    /** The first set's members that no other set holds. */
    private static SetValue difference(CommandContext ctx, SetValue[] sets) {
        SetValue difference = new SetValue();
        if (sets[0] == null) {
            return difference;
        }
        int maxIntset = maxIntsetEntries(ctx);
        sets[0].forEach(member -> {
            for (int i = 1; i < sets.length; i++) {
                if (sets[i] != null && sets[i].contains(member)) {
                    return;
                }
            }
            difference.add(member, maxIntset);
        });
        return difference;
    }

    private static int maxIntsetEntries(CommandContext ctx) {
        return (int) Math.min(Integer.MAX_VALUE, ctx.server().config().getLong("set-max-intset-entries"));
    }

    private static void replySet(SetValue set, RespWriter out) {
        out.set(set.size());
        set.forEach(out::bulk);
    }

    private static void store(CommandContext ctx, byte[] destination, SetValue result, KeyEvent event, RespWriter out) {
        StoredResult.replace(ctx, destination, result, result.size() == 0, event);
        out.integer(result.size());
    }

    private static void sinter(CommandContext ctx, Args args, RespWriter out) {
        List<byte[]> members = intersection(sets(ctx, rest(args)), 0);
        out.set(members.size());
        members.forEach(out::bulk);
    }

    private static void sintercard(CommandContext ctx, Args args, RespWriter out) {
        long numKeys = args.nextKeyCount();
        if (numKeys > args.remaining()) {
            throw new CommandError("ERR Number of keys can't be greater than number of args");
        }
        byte[][] keys = args.nextKeys((int) numKeys);
        long limit = 0;
        while (args.hasNext()) {
            if (args.nextIs("LIMIT") && args.hasNext()) {
                limit = args.nextLongIn(0, Long.MAX_VALUE, "ERR LIMIT can't be negative");
            } else {
                throw Errors.syntax();
            }
        }
        out.integer(intersection(sets(ctx, keys), limit).size());
    }

    private static void sinterstore(CommandContext ctx, Args args, RespWriter out) {
        byte[] destination = args.next();
        List<byte[]> members = intersection(sets(ctx, rest(args)), 0);
        SetValue result = new SetValue();
        int maxIntset = maxIntsetEntries(ctx);
        members.forEach(member -> result.add(member, maxIntset));
        store(ctx, destination, result, KeyEvent.SINTERSTORE, out);
    }

    private static void sunion(CommandContext ctx, Args args, RespWriter out) {
        replySet(union(ctx, sets(ctx, rest(args))), out);
    }

    private static void sunionstore(CommandContext ctx, Args args, RespWriter out) {
        byte[] destination = args.next();
        store(ctx, destination, union(ctx, sets(ctx, rest(args))), KeyEvent.SUNIONSTORE, out);
    }

    private static void sdiff(CommandContext ctx, Args args, RespWriter out) {
        replySet(difference(ctx, sets(ctx, rest(args))), out);
    }

    private static void sdiffstore(CommandContext ctx, Args args, RespWriter out) {
        byte[] destination = args.next();
        store(ctx, destination, difference(ctx, sets(ctx, rest(args))), KeyEvent.SDIFFSTORE, out);
    }
}
