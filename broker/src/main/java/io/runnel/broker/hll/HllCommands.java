package io.runnel.broker.hll;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Route;
import io.runnel.broker.commands.StringCommands;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.KeyspaceEvents.ValueSet;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.protocol.RespWriter;

import static io.runnel.broker.keyspace.Entry.NO_EXPIRY;
import static io.runnel.broker.keyspace.KeyspaceEvents.KEEP_EXPIRY;

/**
 * HyperLogLogs: PFADD, PFCOUNT, PFMERGE and PFDEBUG, on strings that hold Redis's own
 * representation ({@link HyperLogLog}), so GET, DUMP-like copies and replies match Redis's.
 * A change is journaled as the bytes it touched when the string keeps its length (a dense
 * register, the cached cardinality), else as the new string.
 */
public final class HllCommands implements CommandFamily {

    private static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";
    private static final String CORRUPT = "INVALIDOBJ Corrupted HLL object detected";

    @Override
    public void register(CommandRegistry r) {
        r.command("pfadd", Route.KEYS, "Adds elements to a HyperLogLog, creating it if needed.", HllCommands::pfadd);
        r.command("pfcount", Route.KEYS, "Estimates the number of distinct elements added to one or several HyperLogLogs.",
                HllCommands::pfcount);
        r.command("pfmerge", Route.KEYS, "Merges HyperLogLogs into a destination one.", HllCommands::pfmerge);
        r.command("pfdebug", Route.KEYS, "Shows or changes the inner form of a HyperLogLog.", HllCommands::pfdebug);
        r.command("pfselftest", Route.SESSION, "Checks the HyperLogLog code against itself.", (c, a, o) -> {
            String failure = HyperLogLogSelfTest.run(new java.util.SplittableRandom());
            if (failure != null) {
                throw new CommandError("TESTFAILED " + failure);
            }
            o.ok();
        });
    }

    /** The HyperLogLog bytes of a string, or null for a missing key; errors for other types and other strings. */
    private static byte[] hll(StringValue value) {
        if (value == null) {
            return null;
        }
        byte[] bytes = value.array();
        if (!HyperLogLog.valid(bytes, value.length())) {
            throw new CommandError(NOT_HLL);
        }
        return bytes.length == value.length() ? bytes : java.util.Arrays.copyOf(bytes, value.length());
    }

    /** Journals the new string: the bytes that differ when the length is kept, else the whole value. */
    private static void store(CommandContext ctx, byte[] key, StringValue current, byte[] updated) {
        if (current == null) {
            ctx.emit(new ValueSet(ctx.db(), key, StringValue.raw(updated), NO_EXPIRY));
            return;
        }
        current = StringCommands.unshare(ctx, key, current);
        byte[] old = current.array();
        if (current.length() != updated.length) {
            ctx.emit(new ValueSet(ctx.db(), key, StringValue.raw(updated), KEEP_EXPIRY));
            return;
        }
        int first = 0;
        while (first < updated.length && old[first] == updated[first]) {
            first++;
        }
        if (first == updated.length) {
            return;
        }
        int last = updated.length - 1;
        while (old[last] == updated[last]) {
            last--;
        }
        // the cached cardinality and a register far from it: two small writes rather than one wide one
        int gapEnd = first;
        for (int i = first; i <= last; i++) {
            if (old[i] != updated[i]) {
                if (i - gapEnd > 64) {
                    StringCommands.writeRange(ctx, key, current, first, java.util.Arrays.copyOfRange(updated, first, gapEnd + 1));
                    first = i;
                }
                gapEnd = i;
            }
        }
        StringCommands.writeRange(ctx, key, current, first, java.util.Arrays.copyOfRange(updated, first, last + 1));
    }

    private static long sparseMaxBytes(CommandContext ctx) {
        return ctx.server().config().getLong("hll-sparse-max-bytes");
    }

    private static void pfadd(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        StringValue current = ctx.writeString(key);
        byte[] hll = hll(current);
        boolean updated = false;
        if (hll == null) {
            hll = HyperLogLog.create();
            updated = true;
        }
        try {
            while (args.hasNext()) {
                HyperLogLog.Change change = HyperLogLog.add(hll, args.next(), sparseMaxBytes(ctx));
                hll = change.hll();
                updated |= change.updated();
            }
        } catch (HyperLogLog.CorruptException e) {
            throw new CommandError(CORRUPT);
        }
        if (updated) {
            HyperLogLog.invalidateCache(hll);
            store(ctx, key, current, hll);
            ctx.notify(KeyEvent.PFADD, key);
        } else if (current != null) {
            StringCommands.unshare(ctx, key, current);
        }
        out.integer(updated ? 1 : 0);
    }

    private static void pfcount(CommandContext ctx, Args args, RespWriter out) {
        if (args.remaining() > 1) {
            int[] max = new int[HyperLogLog.REGISTERS];
            try {
                while (args.hasNext()) {
                    byte[] hll = hll(ctx.readString(args.next()));
                    if (hll != null) {
                        HyperLogLog.mergeInto(max, hll);
                    }
                }
            } catch (HyperLogLog.CorruptException e) {
                throw new CommandError(CORRUPT);
            }
            out.integer(HyperLogLog.count(max));
            return;
        }
        byte[] key = args.next();
        StringValue current = ctx.readString(key);
        byte[] hll = hll(current);
        if (hll == null) {
            out.integer(0);
            return;
        }
        if (HyperLogLog.cacheValid(hll)) {
            StringCommands.unshare(ctx, key, current);
            out.integer(HyperLogLog.cachedCardinality(hll));
            return;
        }
        long card;
        try {
            card = HyperLogLog.count(HyperLogLog.registers(hll));
        } catch (HyperLogLog.CorruptException e) {
            throw new CommandError(CORRUPT);
        }
        byte[] cached = hll.clone();
        HyperLogLog.cacheCardinality(cached, card); // the cache is part of the string, as in Redis
        store(ctx, key, current, cached);
        out.integer(card);
    }

    private static void pfmerge(CommandContext ctx, Args args, RespWriter out) {
        byte[] destination = args.get(1);
        int[] max = new int[HyperLogLog.REGISTERS];
        boolean anyDense = false;
        try {
            while (args.hasNext()) {
                byte[] hll = hll(ctx.readString(args.next()));
                if (hll != null) {
                    anyDense |= HyperLogLog.dense(hll);
                    HyperLogLog.mergeInto(max, hll);
                }
            }
            StringValue current = ctx.writeString(destination);
            byte[] target = current == null ? HyperLogLog.create() : hll(current).clone();
            if (anyDense) {
                target = HyperLogLog.toDense(target);
            }
            for (int i = 0; i < max.length; i++) {
                if (max[i] == 0) {
                    continue;
                }
                if (HyperLogLog.dense(target)) {
                    HyperLogLog.denseSet(target, i, max[i]);
                } else {
                    target = HyperLogLog.sparseSet(target, i, max[i], sparseMaxBytes(ctx)).hll();
                }
            }
            HyperLogLog.invalidateCache(target);
            store(ctx, destination, current, target);
        } catch (HyperLogLog.CorruptException e) {
            throw new CommandError(CORRUPT);
        }
        ctx.notify(KeyEvent.PFADD, destination); // a merge is a mass add, and Redis names it so
        out.ok();
    }

    private static void pfdebug(CommandContext ctx, Args args, RespWriter out) {
        byte[] subcommand = args.next();
        byte[] key = args.next();
        String name = Args.text(subcommand);
        StringValue current = ctx.writeString(key);
        if (current == null) {
            throw new CommandError("ERR The specified key does not exist");
        }
        byte[] hll = hll(current);
        current = StringCommands.unshare(ctx, key, current);
        try {
            if (Args.is(subcommand, "GETREG")) {
                byte[] dense = HyperLogLog.toDense(hll);
                if (dense != hll) {
                    store(ctx, key, current, dense);
                }
                out.array(HyperLogLog.REGISTERS);
                for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
                    out.integer(HyperLogLog.denseGet(dense, i));
                }
            } else if (Args.is(subcommand, "DECODE")) {
                if (HyperLogLog.dense(hll)) {
                    throw new CommandError("ERR HLL encoding is not sparse");
                }
                out.bulk(HyperLogLog.decode(hll));
            } else if (Args.is(subcommand, "ENCODING")) {
                out.simple(HyperLogLog.dense(hll) ? "dense" : "sparse");
            } else if (Args.is(subcommand, "TODENSE")) {
                byte[] dense = HyperLogLog.toDense(hll);
                if (dense != hll) {
                    store(ctx, key, current, dense);
                }
                out.integer(dense != hll ? 1 : 0);
            } else {
                throw new CommandError("ERR Unknown PFDEBUG subcommand '" + name + "'");
            }
        } catch (HyperLogLog.CorruptException e) {
            throw new CommandError(CORRUPT);
        }
    }
}
