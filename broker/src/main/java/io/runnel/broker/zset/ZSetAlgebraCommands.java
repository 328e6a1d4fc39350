package io.runnel.broker.zset;

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
import io.runnel.broker.set.SetValue;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Union, intersection and difference of sorted sets (plain sets count as members scored 1),
 * answered or stored, with WEIGHTS and AGGREGATE; and ZINTERCARD.
 */
public final class ZSetAlgebraCommands implements CommandFamily {

    private enum Op { UNION, INTER, DIFF }

    private enum Aggregate { SUM, MIN, MAX }

    @Override
    public void register(CommandRegistry r) {
        r.command("zunion", Route.KEYS, "Returns the union of several sorted sets.", (c, a, o) -> combine(c, a, o, Op.UNION, false));
        r.command("zinter", Route.KEYS, "Returns the intersection of several sorted sets.", (c, a, o) -> combine(c, a, o, Op.INTER, false));
        r.command("zdiff", Route.KEYS, "Returns the members of a sorted set that none of the others hold.",
                (c, a, o) -> combine(c, a, o, Op.DIFF, false));
        r.command("zunionstore", Route.KEYS, "Stores the union of several sorted sets in a key.",
                (c, a, o) -> combine(c, a, o, Op.UNION, true));
        r.command("zinterstore", Route.KEYS, "Stores the intersection of several sorted sets in a key.",
                (c, a, o) -> combine(c, a, o, Op.INTER, true));
        r.command("zdiffstore", Route.KEYS, "Stores the difference between a sorted set and several others in a key.",
                (c, a, o) -> combine(c, a, o, Op.DIFF, true));
        r.command("zintercard", Route.KEYS, "Counts the members present in every one of several sorted sets, up to an optional limit.",
                ZSetAlgebraCommands::zintercard);
    }

    /** One input: a sorted set, a plain set (every member scored 1) or nothing, with its weight. */
    private static final class Source {
        final ZSetValue zset;
        final SetValue set;
        double weight = 1;

        Source(Entry entry) {
            if (entry == null) {
                zset = null;
                set = null;
            } else if (entry.value() instanceof ZSetValue z) {
                zset = z;
                set = null;
            } else if (entry.value() instanceof SetValue s) {
                zset = null;
                set = s;
            } else {
                throw Errors.wrongType();
            }
        }

        int size() {
            return zset != null ? zset.size() : set != null ? set.size() : 0;
        }

        /** The member's score here (unweighted); NaN when absent. */
        double score(byte[] member) {
            if (zset != null) {
                return zset.score(member);
            }
            return set != null && set.contains(member) ? 1.0 : Double.NaN;
        }

        void forEach(SortedEntries.Visitor visitor) {
            if (zset != null) {
                zset.walk(0, false, visitor);
            } else if (set != null) {
                set.forEachUntil(member -> visitor.visit(member, 1.0));
            }
        }
    }

    /** The key count and keys, with Redis's errors for this family. */
    private static Source[] sources(CommandContext ctx, Args args, String command) {
        long count = args.nextLong();
        if (count < 1) {
            throw new CommandError("ERR at least 1 input key is needed for '" + command + "' command");
        }
        if (count > args.remaining()) {
            throw Errors.syntax();
        }
        Source[] sources = new Source[(int) count];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = new Source(ctx.read(args.next()));
        }
        return sources;
    }

    private static double weighted(double score, double weight) {
        double value = score * weight;
        return Double.isNaN(value) ? 0 : value; // inf times 0
    }

    private static double aggregate(Aggregate aggregate, double current, double value) {
        return switch (aggregate) {
            case SUM -> {
                double sum = current + value;
                yield Double.isNaN(sum) ? 0 : sum; // inf plus -inf
            }
            case MIN -> Math.min(current, value);
            case MAX -> Math.max(current, value);
        };
    }

    private static void combine(CommandContext ctx, Args args, RespWriter out, Op op, boolean store) {
        String command = Args.text(args.get(0)).toLowerCase(java.util.Locale.ROOT);
        byte[] destination = store ? args.next() : null;
        Source[] sources = sources(ctx, args, command);
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        while (args.hasNext()) {
            if (op != Op.DIFF && args.remaining() >= sources.length + 1 && args.nextIs("WEIGHTS")) {
                for (Source source : sources) {
                    source.weight = Scores.parse(args.next(), "ERR weight value is not a float");
                }
            } else if (op != Op.DIFF && args.remaining() >= 2 && args.nextIs("AGGREGATE")) {
                if (args.nextIs("SUM")) {
                    aggregate = Aggregate.SUM;
                } else if (args.nextIs("MIN")) {
                    aggregate = Aggregate.MIN;
                } else if (args.nextIs("MAX")) {
                    aggregate = Aggregate.MAX;
                } else {
                    throw Errors.syntax();
                }
            } else if (!store && args.nextIs("WITHSCORES")) {
                withScores = true;
            } else {
                throw Errors.syntax();
            }
        }
        ZSetValue result = switch (op) {
            case UNION -> union(sources, aggregate);
            case INTER -> intersection(sources, aggregate, 0);
            case DIFF -> difference(sources);
        };
        if (store) {
            KeyEvent event = switch (op) {
                case UNION -> KeyEvent.ZUNIONSTORE;
                case INTER -> KeyEvent.ZINTERSTORE;
                case DIFF -> KeyEvent.ZDIFFSTORE;
            };
            StoredResult.replace(ctx, destination, result.fitted(ZSetCommands.limits(ctx)), result.size() == 0, event);
            out.integer(result.size());
            return;
        }
        List<Scored> all = new ArrayList<>(result.size());
        result.walk(0, false, (member, score) -> all.add(new Scored(member, score)));
        Scored.reply(out, all, withScores);
    }

    private static final ZSetValue.Limits UNLIMITED = new ZSetValue.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** The union, adding the inputs smallest first, as Redis does (a sum's rounding depends on its order). */
    private static ZSetValue union(Source[] sources, Aggregate aggregate) {
        ZSetValue result = ZSetValue.skiplist(16);
        Source[] bySize = sources.clone();
        Arrays.sort(bySize, Comparator.comparingInt(Source::size));
        for (Source source : bySize) {
            source.forEach((member, score) -> {
                double value = weighted(score, source.weight);
                double current = result.score(member);
                result.put(member, Double.isNaN(current) ? value : aggregate(aggregate, current, value), UNLIMITED);
                return true;
            });
        }
        return result;
    }

    /** The intersection, walking the smallest input; at most {@code limit} members (0: all). */
    private static ZSetValue intersection(Source[] sources, Aggregate aggregate, long limit) {
        ZSetValue result = ZSetValue.skiplist(16);
        for (Source source : sources) {
            if (source.size() == 0) {
                return result;
            }
        }
        Source[] bySize = sources.clone();
        Arrays.sort(bySize, Comparator.comparingInt(Source::size));
        bySize[0].forEach((member, score) -> {
            double value = weighted(score, bySize[0].weight);
            for (int i = 1; i < bySize.length; i++) {
                double other = bySize[i].score(member);
                if (Double.isNaN(other)) {
                    return true;
                }
                value = aggregate(aggregate, value, weighted(other, bySize[i].weight));
            }
            result.put(member, value, UNLIMITED);
            return limit == 0 || result.size() < limit;
        });
        return result;
    }

    /** The first input's members, with their scores, that no other input holds. */
    private static ZSetValue difference(Source[] sources) {
        ZSetValue result = ZSetValue.skiplist(16);
        sources[0].forEach((member, score) -> {
            for (int i = 1; i < sources.length; i++) {
                if (!Double.isNaN(sources[i].score(member))) {
                    return true;
                }
            }
            result.put(member, score, UNLIMITED);
            return true;
        });
        return result;
    }

    private static void zintercard(CommandContext ctx, Args args, RespWriter out) {
        Source[] sources = sources(ctx, args, "zintercard");
        long limit = 0;
        while (args.hasNext()) {
            if (args.remaining() >= 2 && args.nextIs("LIMIT")) {
                limit = args.nextLongIn(0, Long.MAX_VALUE, "ERR LIMIT can't be negative");
            } else {
                throw Errors.syntax();
            }
        }
        out.integer(intersection(sources, Aggregate.SUM, limit).size());
    }
}
