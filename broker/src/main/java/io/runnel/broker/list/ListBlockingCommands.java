package io.runnel.broker.list;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.MultiPopArgs;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.Suspension;
import io.runnel.broker.keyspace.BlockedClient;
import io.runnel.protocol.RespWriter;

import java.util.List;

/**
 * Pops from the first of several lists that has elements: LMPOP, and the blocking BLPOP, BRPOP
 * and BLMPOP, which wait (in the entities of their keys, see {@link ListWaiter}) when every list
 * is empty; and the blocking moves BLMOVE and BRPOPLPUSH.
 */
public final class ListBlockingCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("blpop", Route.KEYS, "Pops the first element of the first non-empty list, waiting for one if none has any.",
                (c, a, o) -> bpop(c, a, o, true));
        r.command("brpop", Route.KEYS, "Pops the last element of the first non-empty list, waiting for one if none has any.",
                (c, a, o) -> bpop(c, a, o, false));
        r.command("lmpop", Route.KEYS, "Pops elements from the first non-empty list of several.", (c, a, o) -> mpop(c, a, o, false));
        r.command("blmove", Route.KEYS, "Moves an element from one end of a list to an end of another, waiting for one if needed.",
                ListBlockingCommands::blmove);
        r.command("brpoplpush", Route.KEYS, "Moves the last element of a list to the head of another, waiting for one if needed.",
                (c, a, o) -> bmove(c, o, a.next(), a.next(), false, true, BlockedClient.timeoutSeconds(a.next())));
        r.command("blmpop", Route.KEYS, "Pops elements from the first non-empty list of several, waiting for one if none has any.",
                (c, a, o) -> mpop(c, a, o, true));
    }

    /** The reply of a pop from {@code key}: [key, element] for BLPOP and BRPOP, [key, [elements]] for the MPOPs. */
    static void reply(RespWriter out, byte[] key, List<byte[]> popped, boolean multi) {
        out.array(2).bulk(key);
        if (multi) {
            out.array(popped.size());
            popped.forEach(out::bulk);
        } else {
            out.bulk(popped.get(0));
        }
    }

    private static void bpop(CommandContext ctx, Args args, RespWriter out, boolean left) {
        byte[][] keys = args.nextKeys(args.remaining() - 1);
        long timeout = BlockedClient.timeoutSeconds(args.next());
        popOrWait(ctx, out, ListWaiter.Request.pop(keys, left, 1, false, timeout), true);
    }

    private static void mpop(CommandContext ctx, Args args, RespWriter out, boolean blocking) {
        long timeout = blocking ? BlockedClient.timeoutSeconds(args.next()) : 0;
        MultiPopArgs pop = MultiPopArgs.parse(args, "LEFT", "RIGHT");
        popOrWait(ctx, out, ListWaiter.Request.pop(pop.keys(), pop.firstSide(), pop.count(), true, timeout), blocking);
    }

    /** Pops from the first list with elements (WRONGTYPE for a key of another type on the way), else waits or answers nil. */
    private static void popOrWait(CommandContext ctx, RespWriter out, ListWaiter.Request request, boolean blocking) {
        for (byte[] key : request.keys()) {
            ListValue list = ListCommands.list(ctx.write(key));
            if (list != null && list.size() > 0) {
                reply(out, key, ListWaiter.pop(ctx.keys(), ctx.db(), key, list, request.left(), request.count()), request.multi());
                return;
            }
        }
        Suspension suspension = blocking ? ctx.suspend() : null;
        if (suspension == null) {
            out.nullArray(); // nothing to pop, and no waiting here (LMPOP, or inside MULTI)
            return;
        }
        new ListWaiter(suspension, ctx.protocol(), ctx.db(), request).park(ctx.keys(), ctx.server().router());
    }

    private static void blmove(CommandContext ctx, Args args, RespWriter out) {
        byte[] source = args.next();
        byte[] destination = args.next();
        boolean fromLeft = ListCommands.side(args);
        boolean toLeft = ListCommands.side(args);
        bmove(ctx, out, source, destination, fromLeft, toLeft, BlockedClient.timeoutSeconds(args.next()));
    }

    /** BLMOVE and BRPOPLPUSH: LMOVE at once when the source has an element, else a wait for one. */
    private static void bmove(CommandContext ctx, RespWriter out, byte[] source, byte[] destination, boolean fromLeft,
                              boolean toLeft, long timeout) {
        ListValue from = ListCommands.list(ctx.write(source));
        Suspension suspension = from != null ? null : ctx.suspend();
        if (from != null || suspension == null) {
            if (from == null) {
                out.nullBulk(); // inside MULTI: no waiting; answered as LMOVE answers an empty source
            } else {
                ListCommands.move(ctx, source, destination, fromLeft, toLeft, out);
            }
            return;
        }
        ListWaiter.Request request = new ListWaiter.Request(new byte[][] {source}, fromLeft, 1, false, timeout, destination, toLeft);
        new ListWaiter(suspension, ctx.protocol(), ctx.db(), request).park(ctx.keys(), ctx.server().router());
    }
}
