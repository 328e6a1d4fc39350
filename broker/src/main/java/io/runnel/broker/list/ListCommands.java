package io.runnel.broker.list;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.IndexRange;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The list commands that do not block: pushes, pops, ranges, positions, edits and moves. */
public final class ListCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("lpush", Route.KEYS, "Prepends elements to a list, creating it if needed.", (c, a, o) -> push(c, a, o, true, false));
        r.command("rpush", Route.KEYS, "Appends elements to a list, creating it if needed.", (c, a, o) -> push(c, a, o, false, false));
        r.command("lpushx", Route.KEYS, "Prepends elements to a list that exists.", (c, a, o) -> push(c, a, o, true, true));
        r.command("rpushx", Route.KEYS, "Appends elements to a list that exists.", (c, a, o) -> push(c, a, o, false, true));
        r.command("lpop", Route.KEYS, "Removes and returns the first elements of a list.", (c, a, o) -> pop(c, a, o, true));
        r.command("rpop", Route.KEYS, "Removes and returns the last elements of a list.", (c, a, o) -> pop(c, a, o, false));
        r.command("llen", Route.KEYS, "Returns the length of a list.", ListCommands::llen);
        r.command("lrange", Route.KEYS, "Returns a range of elements of a list.", ListCommands::lrange);
        r.command("lindex", Route.KEYS, "Returns the element at an index of a list.", ListCommands::lindex);
        r.command("lset", Route.KEYS, "Replaces the element at an index of a list.", ListCommands::lset);
        r.command("linsert", Route.KEYS, "Inserts an element before or after another in a list.", ListCommands::linsert);
        r.command("lrem", Route.KEYS, "Removes occurrences of an element from a list.", ListCommands::lrem);
        r.command("ltrim", Route.KEYS, "Keeps only a range of elements of a list.", ListCommands::ltrim);
        r.command("lpos", Route.KEYS, "Returns the positions of an element in a list.", ListCommands::lpos);
        r.command("lmove", Route.KEYS, "Moves an element from one end of a list to an end of another.", ListCommands::lmove);
        r.command("rpoplpush", Route.KEYS, "Moves the last element of a list to the head of another.",
                (c, a, o) -> move(c, a.next(), a.next(), false, true, o));
    }

    /** The list at {@code key}, null when absent; WRONGTYPE for other types. */
    static ListValue list(Entry entry) {
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof ListValue list) {
            return list;
        }
        throw Errors.wrongType();
    }

    private static void push(CommandContext ctx, Args args, RespWriter out, boolean left, boolean onlyExisting) {
        byte[] key = args.next();
        ListValue list = list(ctx.write(key));
        if (list == null && onlyExisting) {
            out.integer(0);
            return;
        }
        byte[][] elements = new byte[args.remaining()][];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = args.next();
        }
        long before = list == null ? 0 : list.size();
        ctx.emit(new ListEvents.Pushed(ctx.db(), key, left, elements));
        ctx.notify(left ? KeyEvent.LPUSH : KeyEvent.RPUSH, key);
        out.integer(before + elements.length);
    }

    private static void pop(CommandContext ctx, Args args, RespWriter out, boolean left) {
        byte[] key = args.next();
        if (args.remaining() > 1) {
            throw Errors.wrongArity(left ? "lpop" : "rpop");
        }
        long count = -1;
        if (args.hasNext()) {
            count = args.nextLong("ERR value is out of range, must be positive");
            if (count < 0) {
                throw new CommandError("ERR value is out of range, must be positive");
            }
        }
        ListValue list = list(ctx.write(key));
        if (list == null) {
            if (count >= 0) {
                out.nullArray();
            } else {
                out.nullBulk();
            }
            return;
        }
        if (count == 0) {
            out.array(0);
            return;
        }
        long taken = count < 0 ? 1 : Math.min(count, list.size());
        List<byte[]> popped = new ArrayList<>();
        for (long i = 0; i < taken; i++) {
            popped.add(list.get(left ? i : list.size() - 1 - i));
        }
        boolean emptied = taken == list.size();
        ctx.emit(new ListEvents.Popped(ctx.db(), key, left, taken));
        ctx.notify(left ? KeyEvent.LPOP : KeyEvent.RPOP, key);
        if (emptied) {
            ctx.notify(KeyEvent.DEL, key);
        }
        if (count < 0) {
            out.bulk(popped.get(0));
        } else {
            out.array(popped.size());
            popped.forEach(out::bulk);
        }
    }

    private static void llen(CommandContext ctx, Args args, RespWriter out) {
        ListValue list = list(ctx.read(args.next()));
        out.integer(list == null ? 0 : list.size());
    }

    private static void lrange(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long start = args.nextLong();
        long stop = args.nextLong();
        ListValue list = list(ctx.read(key));
        if (list == null) {
            out.array(0);
            return;
        }
        IndexRange range = IndexRange.of(start, stop, list.size());
        if (range == null) {
            out.array(0);
            return;
        }
        start = range.first();
        stop = range.last();
        out.array(range.length());
        list.forEachInRange(start, stop, out::bulk);
    }

    /** An index from the head for {@code index} counted from either end; -1 when out of range. */
    private static long resolve(long index, long size) {
        long resolved = index < 0 ? size + index : index;
        return resolved < 0 || resolved >= size ? -1 : resolved;
    }

    /** The key is looked up before the index is read, as Redis does (a missing key answers nil whatever the index). */
    private static void lindex(CommandContext ctx, Args args, RespWriter out) {
        ListValue list = list(ctx.read(args.next()));
        if (list == null) {
            out.nullBulk();
            return;
        }
        long at = resolve(args.nextLong(), list.size());
        if (at < 0) {
            out.nullBulk();
        } else {
            out.bulk(list.get(at));
        }
    }

    /** As LINDEX, the key first, then the index. */
    private static void lset(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        ListValue list = list(ctx.write(key));
        if (list == null) {
            throw new CommandError(Errors.NO_SUCH_KEY);
        }
        long at = resolve(args.nextLong(), list.size());
        byte[] element = args.next();
        if (at < 0) {
            throw new CommandError("ERR index out of range");
        }
        ctx.emit(new ListEvents.ElementSet(ctx.db(), key, at, element));
        ctx.notify(KeyEvent.LSET, key);
        out.ok();
    }

    private static void linsert(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        boolean after;
        if (args.nextIs("AFTER")) {
            after = true;
        } else if (args.nextIs("BEFORE")) {
            after = false;
        } else {
            throw Errors.syntax();
        }
        byte[] pivot = args.next();
        byte[] element = args.next();
        ListValue list = list(ctx.write(key));
        if (list == null) {
            out.integer(0);
            return;
        }
        for (long i = 0; i < list.size(); i++) {
            if (Arrays.equals(list.get(i), pivot)) {
                ctx.emit(new ListEvents.Inserted(ctx.db(), key, after ? i + 1 : i, element));
                ctx.notify(KeyEvent.LINSERT, key);
                out.integer(list.size());
                return;
            }
        }
        out.integer(-1);
    }

    private static void lrem(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long count = args.nextLong();
        byte[] element = args.next();
        ListValue list = list(ctx.write(key));
        if (list == null) {
            out.integer(0);
            return;
        }
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        List<Long> found = new ArrayList<>();
        long size = list.size();
        for (long n = 0; n < size && found.size() < limit; n++) {
            long i = count < 0 ? size - 1 - n : n;
            if (Arrays.equals(list.get(i), element)) {
                found.add(i);
            }
        }
        if (!found.isEmpty()) {
            long[] indexes = found.stream().mapToLong(Long::longValue).sorted().toArray();
            boolean emptied = indexes.length == size;
            ctx.emit(new ListEvents.Removed(ctx.db(), key, indexes));
            ctx.notify(KeyEvent.LREM, key);
            if (emptied) {
                ctx.notify(KeyEvent.DEL, key);
            }
        }
        out.integer(found.size());
    }

    private static void ltrim(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long start = args.nextLong();
        long stop = args.nextLong();
        ListValue list = list(ctx.write(key));
        if (list == null) {
            out.ok();
            return;
        }
        IndexRange range = IndexRange.of(start, stop, list.size());
        boolean empty = range == null;
        ctx.emit(empty ? new ListEvents.Trimmed(ctx.db(), key, 1, 0) : new ListEvents.Trimmed(ctx.db(), key, range.first(), range.last()));
        ctx.notify(KeyEvent.LTRIM, key);
        if (empty) {
            ctx.notify(KeyEvent.DEL, key);
        }
        out.ok();
    }

    private static void lpos(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] element = args.next();
        long rank = 1;
        long count = -1;
        long maxLen = 0;
        while (args.hasNext()) {
            if (args.nextIs("RANK") && args.hasNext()) {
                rank = args.nextLong();
                if (rank == 0) {
                    throw new CommandError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                            + "or use negative to start from the end of the list");
                }
            } else if (args.nextIs("COUNT") && args.hasNext()) {
                count = args.nextLong();
                if (count < 0) {
                    throw new CommandError("ERR COUNT can't be negative");
                }
            } else if (args.nextIs("MAXLEN") && args.hasNext()) {
                maxLen = args.nextLong();
                if (maxLen < 0) {
                    throw new CommandError("ERR MAXLEN can't be negative");
                }
            } else {
                throw Errors.syntax();
            }
        }
        ListValue list = list(ctx.read(key));
        if (list == null) {
            if (count >= 0) {
                out.array(0);
            } else {
                out.nullBulk();
            }
            return;
        }
        boolean fromTail = rank < 0;
        long skip = (fromTail ? -rank : rank) - 1; // matches to pass over first
        long wanted = count < 0 ? 1 : count == 0 ? Long.MAX_VALUE : count;
        long size = list.size();
        long scan = maxLen == 0 ? size : Math.min(maxLen, size);
        List<Long> positions = new ArrayList<>();
        for (long n = 0; n < scan && positions.size() < wanted; n++) {
            long i = fromTail ? size - 1 - n : n;
            if (Arrays.equals(list.get(i), element)) {
                if (skip > 0) {
                    skip--;
                } else {
                    positions.add(i);
                }
            }
        }
        if (count < 0) {
            if (positions.isEmpty()) {
                out.nullBulk();
            } else {
                out.integer(positions.get(0));
            }
        } else {
            out.array(positions.size());
            positions.forEach(out::integer);
        }
    }

    private static void lmove(CommandContext ctx, Args args, RespWriter out) {
        byte[] source = args.next();
        byte[] destination = args.next();
        boolean fromLeft = side(args);
        boolean toLeft = side(args);
        move(ctx, source, destination, fromLeft, toLeft, out);
    }

    static boolean side(Args args) {
        if (args.nextIs("LEFT")) {
            return true;
        }
        if (args.nextIs("RIGHT")) {
            return false;
        }
        throw Errors.syntax();
    }

    /** LMOVE and RPOPLPUSH: the element leaves the source's end and joins the destination's. */
    static void move(CommandContext ctx, byte[] source, byte[] destination, boolean fromLeft, boolean toLeft,
                     RespWriter out) {
        ListValue from = list(ctx.write(source));
        if (from == null) {
            out.nullBulk();
            return;
        }
        list(ctx.write(destination)); // WRONGTYPE before anything moves
        out.bulk(moveElement(ctx.keys(), ctx.db(), source, from, destination, fromLeft, toLeft));
    }

    /**
     * Moves one element of the non-empty list {@code from} at {@code source} to {@code destination}
     * (created if missing, known not to be of another type) with the events and notifications
     * Redis raises; returns the element. Shared by LMOVE, RPOPLPUSH and a served BLMOVE.
     */
    static byte[] moveElement(io.runnel.broker.keyspace.KeyAccess keys, int db, byte[] source, ListValue from,
                              byte[] destination, boolean fromLeft, boolean toLeft) {
        byte[] element = from.get(fromLeft ? 0 : from.size() - 1);
        boolean same = Arrays.equals(source, destination);
        ListEvents.Popped popped = new ListEvents.Popped(db, source, fromLeft, 1);
        ListEvents.Pushed pushed = new ListEvents.Pushed(db, destination, toLeft, new byte[][] {element});
        if (same) {
            // a rotation: pushed first, so the list is never empty on the way (nor its key removed)
            keys.emit(pushed);
            keys.emit(popped);
        } else {
            keys.emit(popped);
            keys.emit(pushed);
        }
        // Redis's order: the push, then the pop, then the source's removal
        keys.notify(toLeft ? KeyEvent.LPUSH : KeyEvent.RPUSH, db, destination);
        keys.notify(fromLeft ? KeyEvent.LPOP : KeyEvent.RPOP, db, source);
        if (from.size() == 0 && !same) {
            keys.notify(KeyEvent.DEL, db, source);
        }
        return element;
    }
}
