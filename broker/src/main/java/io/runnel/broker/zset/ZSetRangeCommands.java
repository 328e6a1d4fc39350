package io.runnel.broker.zset;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.StoredResult;
import io.runnel.broker.keyspace.IndexRange;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * ZRANGE in all its forms (by rank, score or member, either way, with LIMIT and WITHSCORES),
 * the older commands it subsumes, and ZRANGESTORE. All of them go through one parser, as in
 * Redis, so their options and errors agree.
 */
public final class ZSetRangeCommands implements CommandFamily {

    private enum By { AUTO, RANK, SCORE, LEX }

    @Override
    public void register(CommandRegistry r) {
        r.command("zrange", Route.KEYS, "Returns a range of members of a sorted set, by rank, score or member.",
                (c, a, o) -> range(c, a, o, false, By.AUTO, false));
        r.command("zrangestore", Route.KEYS, "Stores a range of members of a sorted set in another key.",
                (c, a, o) -> range(c, a, o, true, By.AUTO, false));
        r.command("zrevrange", Route.KEYS, "Returns a range of members of a sorted set by rank, from the highest score.",
                (c, a, o) -> range(c, a, o, false, By.RANK, true));
        r.command("zrangebyscore", Route.KEYS, "Returns the members of a sorted set within a range of scores.",
                (c, a, o) -> range(c, a, o, false, By.SCORE, false));
        r.command("zrevrangebyscore", Route.KEYS, "Returns the members of a sorted set within a range of scores, highest first.",
                (c, a, o) -> range(c, a, o, false, By.SCORE, true));
        r.command("zrangebylex", Route.KEYS, "Returns the members of a sorted set within a range of members.",
                (c, a, o) -> range(c, a, o, false, By.LEX, false));
        r.command("zrevrangebylex", Route.KEYS, "Returns the members of a sorted set within a range of members, highest first.",
                (c, a, o) -> range(c, a, o, false, By.LEX, true));
    }

    /**
     * @param by      the kind the command fixes (AUTO: ZRANGE and ZRANGESTORE, which read BYSCORE / BYLEX)
     * @param reverse whether the command fixes the order as highest first (else REV may say so, for AUTO)
     */
    private static void range(CommandContext ctx, Args args, RespWriter out, boolean store, By by, boolean reverse) {
        byte[] destination = store ? args.next() : null;
        byte[] key = args.next();
        byte[] start = args.next();
        byte[] end = args.next();
        boolean withScores = false;
        boolean reverseOption = false;
        long offset = 0;
        long limit = -1;
        By kind = by;
        while (args.hasNext()) {
            if (!store && args.nextIs("WITHSCORES")) {
                withScores = true;
            } else if (args.remaining() >= 3 && args.nextIs("LIMIT")) {
                offset = args.nextLong();
                limit = args.nextLong();
            } else if (by == By.AUTO && !reverseOption && args.nextIs("REV")) {
                reverseOption = true;
            } else if (kind == By.AUTO && args.nextIs("BYLEX")) {
                kind = By.LEX;
            } else if (kind == By.AUTO && args.nextIs("BYSCORE")) {
                kind = By.SCORE;
            } else {
                throw Errors.syntax();
            }
        }
        boolean highestFirst = reverse || reverseOption;
        if (kind == By.AUTO) {
            kind = By.RANK;
        }
        if (limit != -1 && kind == By.RANK) {
            throw new CommandError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && kind == By.LEX) {
            throw new CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        if (highestFirst && kind != By.RANK) {
            byte[] swap = start; // the range is given as max, min
            start = end;
            end = swap;
        }
        List<Scored> selected;
        ZSetValue zset;
        switch (kind) {
            case SCORE -> {
                ScoreRange range = ScoreRange.parse(start, end);
                zset = ZSetCommands.zset(ctx.read(key));
                selected = zset == null ? List.of() : range.select(zset, highestFirst, offset, limit);
            }
            case LEX -> {
                LexRange range = LexRange.parse(start, end);
                zset = ZSetCommands.zset(ctx.read(key));
                selected = zset == null ? List.of() : range.select(zset, highestFirst, offset, limit);
            }
            default -> {
                long from = Args.parseLong(start);
                long to = Args.parseLong(end);
                zset = ZSetCommands.zset(ctx.read(key));
                selected = zset == null ? List.of() : byRank(zset, from, to, highestFirst);
            }
        }
        if (store) {
            store(ctx, destination, selected, out);
        } else {
            Scored.reply(out, selected, withScores);
        }
    }

    /** The members from rank {@code start} to {@code end} (negative: from the end), as Redis clamps them. */
    static List<Scored> byRank(ZSetValue zset, long start, long end, boolean highestFirst) {
        List<Scored> selected = new ArrayList<>();
        IndexRange range = IndexRange.of(start, end, zset.size());
        if (range == null) {
            return selected;
        }
        long wanted = range.length();
        int from = (int) (highestFirst ? zset.size() - 1 - range.first() : range.first());
        zset.walk(from, highestFirst, (member, score) -> {
            selected.add(new Scored(member, score));
            return selected.size() < wanted;
        });
        return selected;
    }

    /** ZRANGESTORE's end: the selection replaces the destination (packed if it fits), or an empty one deletes it. */
    private static void store(CommandContext ctx, byte[] destination, List<Scored> selected, RespWriter out) {
        ZSetValue result = ZSetValue.skiplist(selected.size());
        ZSetValue.Limits unlimited = new ZSetValue.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);
        for (Scored item : selected) {
            result.put(item.member(), item.score(), unlimited);
        }
        StoredResult.replace(ctx, destination, result.fitted(ZSetCommands.limits(ctx)), result.size() == 0, KeyEvent.ZRANGESTORE);
        out.integer(selected.size());
    }
}
