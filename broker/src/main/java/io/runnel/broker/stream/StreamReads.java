package io.runnel.broker.stream;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.Errors;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * XREAD and XREADGROUP: the options they share, the entries each stream can serve now, and the
 * reply (an array of [key, entries] pairs, a map in RESP3). Blocking reads wait in the entities
 * that own their streams; until that lands, BLOCK is refused when nothing can be served.
 */
final class StreamReads {

    private StreamReads() {
    }

    /** The parsed command line. */
    static final class Request {
        long count;
        long blockMillis = -1;
        /** XREADGROUP CLAIM's minimum idle time, or -1 without CLAIM. */
        long claimMinIdle = -1;
        boolean noAck;
        byte[] group;
        byte[] consumer;
        byte[][] keys;
        byte[][] ids;
    }

    static Request parse(Args args, boolean group) {
        Request request = new Request();
        String name = group ? "xreadgroup" : "xread";
        int streamsAt = -1;
        while (args.hasNext()) {
            byte[] option = args.next();
            int more = args.remaining();
            if (Args.is(option, "BLOCK") && more > 0) {
                Long timeout = Numbers.parseLongStrict(args.next());
                if (timeout == null) {
                    throw new CommandError("ERR timeout is not an integer or out of range");
                }
                if (timeout < 0) {
                    throw new CommandError("ERR timeout is negative");
                }
                request.blockMillis = timeout;
            } else if (Args.is(option, "COUNT") && more > 0) {
                request.count = Math.max(0, args.nextLong());
            } else if (Args.is(option, "STREAMS") && more > 0) {
                streamsAt = args.position();
                int remaining = args.remaining();
                if (remaining % 2 != 0) {
                    throw new CommandError("ERR Unbalanced '" + name + "' list of streams: for each stream key an ID or '"
                            + (group ? '>' : '$') + "' must be specified.");
                }
                break;
            } else if (Args.is(option, "GROUP") && more >= 2) {
                if (!group) {
                    throw new CommandError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                }
                request.group = args.next();
                request.consumer = args.next();
            } else if (group && Args.is(option, "CLAIM") && more > 0) {
                Long minIdle = io.runnel.broker.keyspace.Numbers.parseLongStrict(args.next());
                if (minIdle == null || minIdle < 0) {
                    throw new CommandError("ERR min-idle-time must be a positive integer");
                }
                request.claimMinIdle = minIdle;
            } else if (Args.is(option, "NOACK")) {
                if (!group) {
                    throw new CommandError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                }
                request.noAck = true;
            } else {
                throw Errors.syntax();
            }
        }
        if (streamsAt < 0 || (group && request.group == null)) {
            throw Errors.syntax();
        }
        int streams = (args.count() - streamsAt) / 2;
        request.keys = new byte[streams][];
        request.ids = new byte[streams][];
        for (int i = 0; i < streams; i++) {
            request.keys[i] = args.get(streamsAt + i);
            request.ids[i] = args.get(streamsAt + streams + i);
        }
        return request;
    }

    /** Entries read from one stream, ready to be written. */
    /**
     * Entries read from one stream, ready to be written. With {@code claimInfo} (XREADGROUP
     * CLAIM) each entry also carries its idle time and earlier delivery count (0 and 0 for
     * entries delivered for the first time).
     */
    record Served(byte[] key, List<StreamId> ids, List<byte[][]> entries, List<long[]> claimInfo) {
        Served(byte[] key, List<StreamId> ids, List<byte[][]> entries) {
            this(key, ids, entries, null);
        }
    }

    /** Writes the reply: null when nothing was served. */
    static void write(List<Served> served, RespWriter out) {
        if (served.isEmpty()) {
            out.nullArray();
            return;
        }
        if (out.resp3()) {
            out.map(served.size());
        } else {
            out.array(served.size());
        }
        for (Served one : served) {
            if (!out.resp3()) {
                out.array(2);
            }
            out.bulk(one.key());
            out.array(one.ids().size());
            for (int i = 0; i < one.ids().size(); i++) {
                out.array(one.claimInfo() == null ? 2 : 4);
                out.bulk(one.ids().get(i).bytes());
                byte[][] fieldsAndValues = one.entries().get(i);
                if (fieldsAndValues == null) {
                    out.nullArray(); // a pending entry deleted since it was delivered
                } else {
                    out.array(fieldsAndValues.length);
                    for (byte[] element : fieldsAndValues) {
                        out.bulk(element);
                    }
                }
                if (one.claimInfo() != null) {
                    out.integer(one.claimInfo().get(i)[0]);
                    out.integer(one.claimInfo().get(i)[1]);
                }
            }
        }
    }

    /** The live entries after {@code after}, at most {@code count} (0: all). */
    static Served entriesAfter(byte[] key, StreamValue stream, StreamId after, long count) {
        List<StreamId> ids = new ArrayList<>();
        List<byte[][]> entries = new ArrayList<>();
        StreamId start = after.next();
        if (start != null) {
            stream.range(start, StreamId.MAX, false, (id, fieldsAndValues) -> {
                ids.add(id);
                entries.add(fieldsAndValues);
                return count == 0 || ids.size() < count;
            });
        }
        return new Served(key, ids, entries);
    }

    /**
     * Nothing could be served: with BLOCK, parks the client on its streams and returns true
     * (the reply comes later); otherwise false and the caller answers null.
     */
    static boolean block(io.runnel.broker.command.CommandContext ctx, Request request, StreamId[] after) {
        if (request.blockMillis < 0) {
            return false;
        }
        io.runnel.broker.command.Suspension suspension = ctx.suspend();
        if (suspension == null) {
            return false; // where a client cannot block, BLOCK reads answer at once
        }
        new StreamWaiter(suspension, ctx.protocol(), ctx.db(), request, after).park(ctx.keys(), ctx.server().router(), ctx.now());
        return true;
    }
}
