package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.hash.HashValue;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.broker.keyspace.Value;
import io.runnel.broker.list.ListValue;
import io.runnel.broker.persist.EventOutput;
import io.runnel.broker.persist.ValueCodec;
import io.runnel.broker.set.SetValue;
import io.runnel.broker.zset.ZSetValue;
import io.runnel.protocol.RespWriter;

/**
 * MEMORY USAGE (and PURGE, HELP): the heap bytes a key and its value take, estimated from the
 * forms Runnel keeps them in. As in Redis, a collection's elements are sampled (SAMPLES, 5 by
 * default, 0 for all) and the average taken for the rest.
 */
public final class MemoryCommands implements CommandFamily {

    /** A key's table entry: the entry object, its bucket slot and the key array's header. */
    private static final long ENTRY = 48 + 8 + 16;
    private static final long ARRAY = 16;

    @Override
    public void register(CommandRegistry r) {
        r.container("memory", "Reports on memory use.");
        r.subcommand("memory", "usage", Route.KEYS, "Estimates the bytes a key and its value take.", MemoryCommands::usage);
        r.subcommand("memory", "purge", Route.SESSION, "Asks the runtime to return unused memory (a no-op here).",
                (c, a, o) -> o.ok());
        r.subcommand("memory", "help", Route.SESSION, "Describes the MEMORY subcommands.", (c, a, o) -> Help.reply(o, "MEMORY",
                "PURGE",
                "    Attempt to purge dirty pages for reclamation by the allocator.",
                "USAGE <key> [SAMPLES <count>]",
                "    Return memory in bytes used by <key> and its value. Nested values are",
                "    sampled up to <count> times (default: 5, 0 means sample all)."));
    }

    private static long aligned(long bytes) {
        return (bytes + 7) & ~7L;
    }

    private static void usage(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long samples = 5;
        while (args.hasNext()) {
            if (args.remaining() >= 2 && args.nextIs("SAMPLES")) {
                samples = args.nextLong();
                if (samples < 0) {
                    throw Errors.syntax();
                }
                if (samples == 0) {
                    samples = Long.MAX_VALUE;
                }
            } else {
                throw Errors.syntax();
            }
        }
        Entry entry = ctx.inspect(key);
        if (entry == null) {
            out.nullBulk();
            return;
        }
        out.integer(ENTRY + aligned(key.length) + value(entry.value(), samples));
    }

    /** Sums the sizes of up to {@code samples} elements, then scales the average to the whole. */
    private static final class Sampler {
        final long samples;
        long seen;
        long bytes;

        Sampler(long samples) {
            this.samples = samples;
        }

        boolean add(long size) {
            seen++;
            bytes += size;
            return seen < samples;
        }

        long total(long count) {
            return seen == 0 ? 0 : bytes * count / seen;
        }
    }

    private static long value(Value value, long samples) {
        if (value instanceof StringValue string) {
            return string.shared() ? 0 : 16 + ARRAY + aligned(string.length());
        }
        Sampler sampler = new Sampler(samples);
        if (value instanceof ListValue list) {
            list.forEachInRange(0, Math.min(list.size(), samples) - 1, element -> sampler.add(element.length + 2));
            return 64 + sampler.total(list.size());
        }
        if (value instanceof SetValue set) {
            if (set.intset()) {
                return 64 + 8L * set.size();
            }
            set.forEachUntil(member -> sampler.add(40 + ARRAY + aligned(member.length)));
            return 64 + 8L * set.size() + sampler.total(set.size());
        }
        if (value instanceof HashValue hash) {
            boolean packed = hash.compact();
            long[] taken = {0};
            hash.forEach((field, fieldValue) -> {
                if (taken[0]++ < samples) {
                    sampler.add(packed ? field.length + fieldValue.length + 2
                            : 40 + 2 * ARRAY + aligned(field.length) + aligned(fieldValue.length));
                }
            });
            return 64 + (packed ? 0 : 8L * hash.size()) + sampler.total(hash.size());
        }
        if (value instanceof ZSetValue zset) {
            boolean packed = zset.packed();
            if (zset.size() > 0) {
                zset.walk(0, false, (member, score) -> sampler.add(packed ? member.length + 9 : 56 + ARRAY + aligned(member.length)));
            }
            return 64 + (packed ? 0 : 8L * zset.size()) + sampler.total(zset.size());
        }
        // streams: their binary form is a fair measure of the packed entries they hold
        EventOutput codec = new EventOutput();
        ValueCodec.write(value, codec);
        return 64 + codec.toByteArray().length;
    }
}
