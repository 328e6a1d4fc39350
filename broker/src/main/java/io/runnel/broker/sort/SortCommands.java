package io.runnel.broker.sort;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.StoredResult;
import io.runnel.broker.hash.HashValue;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.KeyspaceEvents.ValueSet;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.broker.keyspace.Strtod;
import io.runnel.broker.list.ListValue;
import io.runnel.broker.set.SetValue;
import io.runnel.broker.zset.ZSetValue;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static io.runnel.broker.keyspace.KeyspaceEvents.KEEP_EXPIRY;

/**
 * SORT and SORT_RO: the elements of a list, set or sorted set, ordered by their own value or by
 * keys named after them (BY), numerically or ALPHA, with LIMIT, GET patterns (key values and
 * hash fields, # for the element) and STORE into a list. Follows Redis's steps, including its
 * shortcuts for BY without '*' (no sorting: the collection's own order) and its LIMIT clamping.
 * Patterns name keys anywhere, so such a SORT runs with every entity held.
 */
public final class SortCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.command("sort", Route.KEYS, "Sorts the elements of a list, set or sorted set, optionally storing them in a list.",
                (c, a, o) -> sort(c, a, o, false));
        r.command("sort_ro", Route.KEYS, "Sorts the elements of a list, set or sorted set.", (c, a, o) -> sort(c, a, o, true));
    }

    /** SORT's options, read as Redis reads them (later ones win; the last STORE counts). */
    private static final class Options {
        boolean desc;
        boolean alpha;
        long limitStart;
        long limitCount = -1;
        byte[] store;
        byte[] by;
        boolean dontSort;
        final List<byte[]> gets = new ArrayList<>();

        static Options parse(Args args, boolean readOnly) {
            Options options = new Options();
            while (args.hasNext()) {
                if (args.nextIs("ASC")) {
                    options.desc = false;
                } else if (args.nextIs("DESC")) {
                    options.desc = true;
                } else if (args.nextIs("ALPHA")) {
                    options.alpha = true;
                } else if (args.remaining() >= 3 && args.nextIs("LIMIT")) {
                    options.limitStart = args.nextLong();
                    options.limitCount = args.nextLong();
                } else if (!readOnly && args.remaining() >= 2 && args.nextIs("STORE")) {
                    options.store = args.next();
                } else if (args.remaining() >= 2 && args.nextIs("BY")) {
                    options.by = args.next();
                    options.dontSort = indexOf(options.by, (byte) '*') < 0;
                } else if (args.remaining() >= 2 && args.nextIs("GET")) {
                    options.gets.add(args.next());
                } else {
                    throw Errors.syntax();
                }
            }
            return options;
        }
    }

    /** One element to sort with what it sorts by: a number, or bytes for ALPHA with BY. */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] alphaKey;

        Item(byte[] element) {
            this.element = element;
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The value a pattern names for an element, as Redis's lookupKeyByPattern: "#" is the
     * element; otherwise the first '*' is replaced by it and the key read, or a hash field when
     * "->field" follows the '*'; null when missing, of another type, or without '*'.
     */
    private static byte[] lookup(CommandContext ctx, byte[] pattern, byte[] element) {
        if (pattern.length == 1 && pattern[0] == '#') {
            return element;
        }
        int star = indexOf(pattern, (byte) '*');
        if (star < 0) {
            return null;
        }
        int arrow = -1;
        for (int i = star + 1; i + 2 < pattern.length; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        int keyEnd = arrow >= 0 ? arrow : pattern.length;
        byte[] key = new byte[star + element.length + (keyEnd - star - 1)];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, keyEnd - star - 1);
        Entry entry = ctx.read(key);
        if (entry == null) {
            return null;
        }
        if (arrow >= 0) {
            if (!(entry.value() instanceof HashValue hash)) {
                return null;
            }
            byte[] field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
            return hash.expired(field, ctx.now()) ? null : hash.get(field); // an expired field counts as absent
        }
        return entry.value() instanceof StringValue string ? string.bytes() : null;
    }

    private static void sort(CommandContext ctx, Args args, RespWriter out, boolean readOnly) {
        byte[] key = args.next();
        Options options = Options.parse(args, readOnly);
        Entry entry = ctx.read(key);
        Object collection = entry == null ? null : entry.value();
        if (collection != null && !(collection instanceof ListValue) && !(collection instanceof SetValue)
                && !(collection instanceof ZSetValue)) {
            throw Errors.wrongType();
        }
        if (collection instanceof ZSetValue zset && zset.packed()) {
            // Redis turns a sorted set it sorts into a skiplist for good: so does this, journaled
            collection = zset.unpacked();
            ctx.emit(new ValueSet(ctx.db(), key, (ZSetValue) collection, KEEP_EXPIRY));
        }
        boolean dontSort = options.dontSort;
        boolean alpha = options.alpha;
        byte[] by = options.by;
        if (dontSort && collection instanceof SetValue && options.store != null) {
            dontSort = false; // a stored set is sorted whatever BY says, so that it is the same everywhere
            alpha = true;
            by = null;
        }
        int size = collection instanceof ListValue list ? list.size()
                : collection instanceof SetValue set ? set.size()
                : collection instanceof ZSetValue zset ? zset.size() : 0;
        long start = Math.min(Math.max(options.limitStart, 0), size);
        long count = Math.min(Math.max(options.limitCount, -1), size);
        long end = count < 0 ? size - 1 : start + count - 1;
        if (start >= size) {
            start = size - 1;
            end = size - 2;
        }
        if (end >= size) {
            end = size - 1;
        }
        List<Item> items = new ArrayList<>();
        boolean ranged = dontSort && (collection instanceof ListValue || collection instanceof ZSetValue);
        if (ranged) {
            // the collection's own order, only the range wanted
            long wanted = end - start + 1;
            if (collection instanceof ListValue list && wanted > 0) {
                long from = options.desc ? size - start - wanted : start;
                list.forEachInRange(from, from + wanted - 1, element -> items.add(new Item(element)));
                if (options.desc) {
                    java.util.Collections.reverse(items); // from the tail, as Redis walks it
                }
            } else if (collection instanceof ZSetValue zset && wanted > 0) {
                zset.walk((int) (options.desc ? size - 1 - start : start), options.desc, (member, score) -> {
                    items.add(new Item(member));
                    return items.size() < wanted;
                });
            }
            end -= start;
            start = 0;
        } else if (collection instanceof ListValue list) {
            list.forEachInRange(0, size - 1, element -> items.add(new Item(element)));
        } else if (collection instanceof SetValue set) {
            set.forEach(element -> items.add(new Item(element)));
        } else if (collection instanceof ZSetValue zset) {
            zset.walk(0, false, (member, score) -> {
                items.add(new Item(member));
                return true;
            });
        }
        if (!dontSort) {
            boolean scoreError = false;
            for (Item item : items) {
                byte[] value = by == null ? item.element : lookup(ctx, by, item.element);
                if (value == null) {
                    continue;
                }
                if (alpha) {
                    if (by != null) {
                        item.alphaKey = value;
                    }
                } else {
                    Double score = Strtod.parse(value, 0, true);
                    if (score == null) {
                        scoreError = true;
                    } else {
                        item.score = score;
                    }
                }
            }
            if (scoreError) {
                throw new CommandError("ERR One or more scores can't be converted into double");
            }
            items.sort(comparator(alpha, by != null, options.desc));
        }
        long outputLength = options.gets.isEmpty() ? end - start + 1 : options.gets.size() * (end - start + 1);
        if (options.store == null) {
            out.array(outputLength);
            for (long j = start; j <= end; j++) {
                Item item = items.get((int) j);
                if (options.gets.isEmpty()) {
                    out.bulk(item.element);
                }
                for (byte[] pattern : options.gets) {
                    byte[] value = lookup(ctx, pattern, item.element);
                    if (value == null) {
                        out.nullBulk();
                    } else {
                        out.bulk(value);
                    }
                }
            }
            return;
        }
        List<byte[]> stored = new ArrayList<>();
        for (long j = start; j <= end; j++) {
            Item item = items.get((int) j);
            if (options.gets.isEmpty()) {
                stored.add(item.element);
            }
            for (byte[] pattern : options.gets) {
                byte[] value = lookup(ctx, pattern, item.element);
                stored.add(value == null ? new byte[0] : value);
            }
        }
        StoredResult.replace(ctx, options.store, ListValue.of(stored.toArray(new byte[0][])), stored.isEmpty(), KeyEvent.SORTSTORE);
        out.integer(outputLength);
    }

    /** Redis's sortCompare: numbers (ties by the element's bytes), or bytes, by the element or its BY value. */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean desc) {
        Comparator<Item> order;
        if (!alpha) {
            order = (a, b) -> a.score != b.score ? (a.score > b.score ? 1 : -1) : Arrays.compareUnsigned(a.element, b.element);
        } else if (byPattern) {
            order = (a, b) -> {
                if (a.alphaKey == null || b.alphaKey == null) {
                    return a.alphaKey == b.alphaKey ? 0 : a.alphaKey == null ? -1 : 1;
                }
                return Arrays.compareUnsigned(a.alphaKey, b.alphaKey);
            };
        } else {
            order = (a, b) -> Arrays.compareUnsigned(a.element, b.element);
        }
        return desc ? order.reversed() : order;
    }
}
