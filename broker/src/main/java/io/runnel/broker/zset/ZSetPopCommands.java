package io.runnel.broker.zset;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.MultiPopArgs;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.Suspension;
import io.runnel.broker.keyspace.BlockedClient;
import io.runnel.protocol.RespWriter;

/**
 * Pops of the lowest or highest members: ZPOPMIN and ZPOPMAX on one set, ZMPOP from the first
 * non-empty set of several, and the blocking BZPOPMIN, BZPOPMAX and BZMPOP, which wait (see
 * {@link ZSetWaiter}) while every set is empty.
 */
public final class ZSetPopCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("zpopmin", Route.KEYS, "Removes and returns the members with the lowest scores of a sorted set.",
                (c, a, o) -> zpop(c, a, o, true));
        r.command("zpopmax", Route.KEYS, "Removes and returns the members with the highest scores of a sorted set.",
                (c, a, o) -> zpop(c, a, o, false));
        r.command("zmpop", Route.KEYS, "Pops members from the first non-empty sorted set of several.", (c, a, o) -> mpop(c, a, o, false));
        r.command("bzpopmin", Route.KEYS, "Pops the lowest member of the first non-empty sorted set, waiting for one if none has any.",
                (c, a, o) -> bzpop(c, a, o, true));
        r.command("bzpopmax", Route.KEYS, "Pops the highest member of the first non-empty sorted set, waiting for one if none has any.",
                (c, a, o) -> bzpop(c, a, o, false));
        r.command("bzmpop", Route.KEYS, "Pops members from the first non-empty sorted set of several, waiting for one if none has any.",
                (c, a, o) -> mpop(c, a, o, true));
    }

    private static void zpop(CommandContext ctx, Args args, RespWriter out, boolean min) {
        byte[] key = args.next();
        boolean counted = args.hasNext();
        long count = 1;
        if (counted) {
            count = args.nextLong("ERR value is out of range, must be positive");
            if (count < 0) {
                throw new CommandError("ERR value is out of range, must be positive");
            }
            if (args.hasNext()) {
                throw Errors.syntax();
            }
        }
        ZSetValue zset = ZSetCommands.zset(ctx.write(key));
        if (zset == null || count == 0) {
            out.array(0);
            return;
        }
        ZSetPops.reply(out, ZSetPops.Shape.ZPOP, key, ZSetPops.pop(ctx.keys(), ctx.db(), key, zset, min, count), counted);
    }

    private static void bzpop(CommandContext ctx, Args args, RespWriter out, boolean min) {
        byte[][] keys = args.nextKeys(args.remaining() - 1);
        long timeout = BlockedClient.timeoutSeconds(args.next());
        popOrWait(ctx, out, new ZSetWaiter.Request(keys, min, 1, ZSetPops.Shape.BZPOP, timeout), true);
    }

    private static void mpop(CommandContext ctx, Args args, RespWriter out, boolean blocking) {
        long timeout = blocking ? BlockedClient.timeoutSeconds(args.next()) : 0;
        MultiPopArgs pop = MultiPopArgs.parse(args, "MIN", "MAX");
        popOrWait(ctx, out, new ZSetWaiter.Request(pop.keys(), pop.firstSide(), pop.count(), ZSetPops.Shape.MPOP, timeout), blocking);
    }

    /** Pops from the first set with members (WRONGTYPE for a key of another type on the way), else waits or answers nil. */
    private static void popOrWait(CommandContext ctx, RespWriter out, ZSetWaiter.Request request, boolean blocking) {
        for (byte[] key : request.keys()) {
            ZSetValue zset = ZSetCommands.zset(ctx.write(key));
            if (zset != null && zset.size() > 0) {
                ZSetPops.reply(out, request.shape(), key,
                        ZSetPops.pop(ctx.keys(), ctx.db(), key, zset, request.min(), request.count()), true);
                return;
            }
        }
        Suspension suspension = blocking ? ctx.suspend() : null;
        if (suspension == null) {
            out.nullArray(); // nothing to pop, and no waiting here (ZMPOP, or inside MULTI)
            return;
        }
        new ZSetWaiter(suspension, ctx.protocol(), ctx.db(), request).park(ctx.keys());
    }
}
