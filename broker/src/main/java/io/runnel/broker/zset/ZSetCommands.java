package io.runnel.broker.zset;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.commands.CollectionScan;
import io.runnel.broker.keyspace.DistinctBytes;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.IndexRange;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.RandomPicks;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The sorted set commands on one set: members scored, removed, looked up, counted and picked. */
public final class ZSetCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("zadd", Route.KEYS, "Adds members with scores to a sorted set, or updates their scores.", (c, a, o) -> zadd(c, a, o, false));
        r.command("zincrby", Route.KEYS, "Adds to the score of a member of a sorted set.", (c, a, o) -> zadd(c, a, o, true));
        r.command("zrem", Route.KEYS, "Removes members from a sorted set; an emptied set is deleted.", ZSetCommands::zrem);
        r.command("zscore", Route.KEYS, "Returns the score of a member of a sorted set.", ZSetCommands::zscore);
        r.command("zmscore", Route.KEYS, "Returns the scores of several members of a sorted set.", ZSetCommands::zmscore);
        r.command("zcard", Route.KEYS, "Returns the number of members of a sorted set.", ZSetCommands::zcard);
        r.command("zcount", Route.KEYS, "Counts the members of a sorted set within a range of scores.", ZSetCommands::zcount);
        r.command("zlexcount", Route.KEYS, "Counts the members of a sorted set within a range of members.", ZSetCommands::zlexcount);
        r.command("zrank", Route.KEYS, "Returns a member's rank in a sorted set, from the lowest score.", (c, a, o) -> zrank(c, a, o, false));
        r.command("zrevrank", Route.KEYS, "Returns a member's rank in a sorted set, from the highest score.", (c, a, o) -> zrank(c, a, o, true));
        r.command("zscan", Route.KEYS, "Iterates over the members and scores of a sorted set.", ZSetCommands::zscan);
        r.command("zrandmember", Route.KEYS, "Returns random members of a sorted set.", ZSetCommands::zrandmember);
        r.command("zremrangebyrank", Route.KEYS, "Removes the members of a sorted set within a range of ranks.",
                ZSetCommands::zremrangebyrank);
        r.command("zremrangebyscore", Route.KEYS, "Removes the members of a sorted set within a range of scores.",
                (c, a, o) -> zremrange(c, a, o, ScoreRange.parse(a.get(2), a.get(3)), KeyEvent.ZREMRANGEBYSCORE));
        r.command("zremrangebylex", Route.KEYS, "Removes the members of a sorted set within a range of members.",
                (c, a, o) -> zremrange(c, a, o, LexRange.parse(a.get(2), a.get(3)), KeyEvent.ZREMRANGEBYLEX));
    }

    /** ZADD with a whole argument vector (argv[0] the name): how GEOADD adds its members, as Redis's does. */
    public static void zadd(CommandContext ctx, byte[][] argv, RespWriter out) {
        zadd(ctx, new Args(argv, 1), out, false);
    }

    /** The sorted set at a key, null when absent; WRONGTYPE for other types. */
    public static ZSetValue zset(Entry entry) {
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof ZSetValue zset) {
            return zset;
        }
        throw Errors.wrongType();
    }

    /** The listpack limits in force. */
    public static ZSetValue.Limits limits(CommandContext ctx) {
        return new ZSetValue.Limits(limit(ctx, "zset-max-listpack-entries"), limit(ctx, "zset-max-listpack-value"));
    }

    private static int limit(CommandContext ctx, String directive) {
        return (int) Math.min(Integer.MAX_VALUE, ctx.server().config().getLong(directive));
    }

    /** Removes members with their event and notifications (the del of an emptied set included). */
    static void removeMembers(CommandContext ctx, byte[] key, ZSetValue zset, List<byte[]> members, KeyEvent event) {
        boolean emptied = members.size() == zset.size();
        ctx.emit(new ZSetEvents.MembersRemoved(ctx.db(), key, members.toArray(new byte[0][])));
        ctx.notify(event, key);
        if (emptied) {
            ctx.notify(KeyEvent.DEL, key);
        }
    }

    /** ZADD's options, in any order and number before the first score. */
    private record AddOptions(boolean nx, boolean xx, boolean gt, boolean lt, boolean ch, boolean incr) {

        static AddOptions parse(Args args) {
            boolean nx = false, xx = false, gt = false, lt = false, ch = false, incr = false;
            while (args.hasNext()) {
                if (args.nextIs("NX")) {
                    nx = true;
                } else if (args.nextIs("XX")) {
                    xx = true;
                } else if (args.nextIs("GT")) {
                    gt = true;
                } else if (args.nextIs("LT")) {
                    lt = true;
                } else if (args.nextIs("CH")) {
                    ch = true;
                } else if (args.nextIs("INCR")) {
                    incr = true;
                } else {
                    break;
                }
            }
            return new AddOptions(nx, xx, gt, lt, ch, incr);
        }
    }

    /**
     * ZADD, and ZINCRBY as ZADD INCR (it shares ZADD's parsing, so an option word in its
     * increment's place is read as one, as in Redis). Every score is parsed before anything
     * changes; the new scores are journaled as they end up.
     */
    private static void zadd(CommandContext ctx, Args args, RespWriter out, boolean zincrby) {
        byte[] key = args.next();
        AddOptions options = AddOptions.parse(args);
        boolean incr = zincrby || options.incr();
        int pairs = args.remaining() / 2;
        if (args.remaining() % 2 != 0 || pairs == 0) {
            throw Errors.syntax();
        }
        if (options.nx() && options.xx()) {
            throw new CommandError("ERR XX and NX options at the same time are not compatible");
        }
        if (options.gt() && options.nx() || options.lt() && options.nx() || options.gt() && options.lt()) {
            throw new CommandError("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && pairs > 1) {
            throw new CommandError("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[pairs];
        byte[][] members = new byte[pairs][];
        for (int i = 0; i < pairs; i++) {
            scores[i] = Scores.parse(args.next());
            members[i] = args.next();
        }
        ZSetValue zset = zset(ctx.write(key));
        if (zset == null && options.xx()) {
            if (incr) {
                out.nullBulk();
            } else {
                out.integer(0);
            }
            return;
        }
        DistinctBytes changed = new DistinctBytes();
        List<Double> changedScores = new ArrayList<>();
        int added = 0;
        int updated = 0;
        boolean processed = false;
        double result = 0;
        for (int i = 0; i < pairs; i++) {
            byte[] member = members[i];
            double current = pending(member, changed, changedScores, zset);
            double score = scores[i];
            if (Double.isNaN(current)) {
                if (options.xx()) {
                    continue;
                }
                added++;
            } else {
                if (options.nx()) {
                    continue;
                }
                if (incr) {
                    score += current;
                    if (Double.isNaN(score)) {
                        throw new CommandError(Scores.NAN_RESULT);
                    }
                }
                if (options.lt() && score >= current || options.gt() && score <= current) {
                    continue;
                }
                if (score == current) {
                    processed = true;
                    result = score;
                    continue;
                }
                updated++;
            }
            processed = true;
            result = score;
            int earlier = changed.indexOf(member);
            if (earlier >= 0) {
                changedScores.set(earlier, score + 0.0); // given twice: the later score is the one that stays
            } else {
                changed.add(member);
                changedScores.add(score + 0.0);
            }
        }
        if (!changed.isEmpty()) {
            double[] finalScores = changedScores.stream().mapToDouble(Double::doubleValue).toArray();
            ctx.emit(new ZSetEvents.ScoresSet(ctx.db(), key, changed.toArray(), finalScores, limits(ctx)));
            ctx.notify(incr ? KeyEvent.ZINCR : KeyEvent.ZADD, key);
        }
        if (incr) {
            if (processed) {
                out.doubleValue(result);
            } else {
                out.nullBulk();
            }
        } else {
            out.integer(options.ch() ? added + updated : added);
        }
    }

    /** A member's score counting the changes this command made already (a member given twice). */
    private static double pending(byte[] member, DistinctBytes changed, List<Double> scores, ZSetValue zset) {
        int earlier = changed.indexOf(member);
        if (earlier >= 0) {
            return scores.get(earlier);
        }
        return zset == null ? Double.NaN : zset.score(member);
    }

    private static void zrem(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        ZSetValue zset = zset(ctx.write(key));
        DistinctBytes removed = new DistinctBytes();
        while (args.hasNext()) {
            byte[] member = args.next();
            if (zset != null && zset.contains(member)) {
                removed.add(member);
            }
        }
        if (!removed.isEmpty()) {
            removeMembers(ctx, key, zset, removed.items(), KeyEvent.ZREM);
        }
        out.integer(removed.size());
    }

    private static void zscore(CommandContext ctx, Args args, RespWriter out) {
        ZSetValue zset = zset(ctx.read(args.next()));
        double score = zset == null ? Double.NaN : zset.score(args.next());
        if (Double.isNaN(score)) {
            out.nullBulk();
        } else {
            out.doubleValue(score);
        }
    }

    private static void zmscore(CommandContext ctx, Args args, RespWriter out) {
        ZSetValue zset = zset(ctx.read(args.next()));
        out.array(args.remaining());
        while (args.hasNext()) {
            byte[] member = args.next();
            double score = zset == null ? Double.NaN : zset.score(member);
            if (Double.isNaN(score)) {
                out.nullBulk();
            } else {
                out.doubleValue(score);
            }
        }
    }

    private static void zcard(CommandContext ctx, Args args, RespWriter out) {
        ZSetValue zset = zset(ctx.read(args.next()));
        out.integer(zset == null ? 0 : zset.size());
    }

    private static void zcount(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        ScoreRange range = ScoreRange.parse(args.next(), args.next());
        ZSetValue zset = zset(ctx.read(key));
        out.integer(zset == null ? 0 : range.count(zset));
    }

    private static void zlexcount(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        LexRange range = LexRange.parse(args.next(), args.next());
        ZSetValue zset = zset(ctx.read(key));
        out.integer(zset == null ? 0 : range.count(zset));
    }

    /** ZRANK and ZREVRANK, with Redis 7.2's WITHSCORE: [rank, score], or a nil array for a missing member. */
    private static void zrank(CommandContext ctx, Args args, RespWriter out, boolean reverse) {
        byte[] key = args.next();
        byte[] member = args.next();
        boolean withScore = false;
        if (args.remaining() > 1) {
            throw Errors.wrongArity(reverse ? "zrevrank" : "zrank"); // one optional word, as Redis 7.2 checks
        }
        if (args.hasNext()) {
            if (!args.nextIs("WITHSCORE")) {
                throw Errors.syntax();
            }
            withScore = true;
        }
        ZSetValue zset = zset(ctx.read(key));
        long rank = zset == null ? -1 : zset.rank(member, reverse);
        if (rank < 0) {
            if (withScore) {
                out.nullArray();
            } else {
                out.nullBulk();
            }
            return;
        }
        if (withScore) {
            out.array(2).integer(rank).doubleValue(zset.score(member));
        } else {
            out.integer(rank);
        }
    }

    private static void zscan(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long cursor = CollectionScan.cursor(args);
        ZSetValue zset = zset(ctx.read(key));
        CollectionScan.reply(cursor, zset == null ? null : zset::scanStep, true, args, out);
    }

    private static void zrandmember(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (!args.hasNext()) {
            ZSetValue zset = zset(ctx.read(key));
            Object[] pick = zset == null ? null : zset.random(random);
            if (pick == null) {
                out.nullBulk();
            } else {
                out.bulk((byte[]) pick[0]);
            }
            return;
        }
        RandomPicks.Count parsed = RandomPicks.Count.parse(args, "WITHSCORES");
        long count = parsed.count();
        boolean withScores = parsed.withValues();
        ZSetValue zset = zset(ctx.read(key));
        if (zset == null || count == 0) {
            out.array(0);
            return;
        }
        List<Scored> picked = RandomPicks.pick(count, zset.size(), () -> {
            Object[] pick = zset.random(random);
            return new Scored((byte[]) pick[0], (double) pick[1]);
        }, visit -> zset.walk(zset.size() - 1, true, (member, score) -> { // the whole set comes highest first, as in Redis
            visit.accept(new Scored(member, score));
            return true;
        }), random);
        Scored.reply(out, picked, withScores);
    }

    private static void zremrangebyrank(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long start = args.nextLong();
        long end = args.nextLong();
        ZSetValue zset = zset(ctx.write(key));
        if (zset == null) {
            out.integer(0);
            return;
        }
        IndexRange range = IndexRange.of(start, end, zset.size());
        if (range == null) {
            out.integer(0);
            return;
        }
        List<byte[]> removed = new ArrayList<>();
        zset.walk((int) range.first(), false, (member, score) -> {
            removed.add(member);
            return removed.size() < range.length();
        });
        removeMembers(ctx, key, zset, removed, KeyEvent.ZREMRANGEBYRANK);
        out.integer(removed.size());
    }

    private static void zremrange(CommandContext ctx, Args args, RespWriter out, MemberRange range, KeyEvent event) {
        byte[] key = args.next();
        ZSetValue zset = zset(ctx.write(key));
        List<byte[]> removed = new ArrayList<>();
        if (zset != null) {
            for (Scored item : range.select(zset, false, 0, -1)) {
                removed.add(item.member());
            }
        }
        if (!removed.isEmpty()) {
            removeMembers(ctx, key, zset, removed, event);
        }
        out.integer(removed.size());
    }
}
