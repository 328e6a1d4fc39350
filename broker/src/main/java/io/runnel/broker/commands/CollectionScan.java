package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.util.Glob;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What HSCAN, SSCAN and ZSCAN share after their key: the cursor, MATCH and COUNT, and the walk of
 * one collection in steps. A compact collection answers whole in one step (cursor 0 next), as
 * Redis answers a listpack or intset; a table is walked bucket by bucket with Redis's cursor.
 */
public final class CollectionScan {

    /** One step of a walk: visits some elements (member and value, value null for sets) and returns the next cursor, 0 when done. */
    public interface Walk {
        long step(long cursor, BiConsumer<byte[], byte[]> visit);
    }

    private CollectionScan() {
    }

    /** The cursor argument, read before the key is looked up, as Redis does. */
    public static long cursor(Args args) {
        return ScanOptions.cursor(args);
    }

    /**
     * Answers one scan call: walks from {@code cursor} until COUNT elements were seen (or ten times
     * COUNT empty buckets), then keeps those whose member matches MATCH. {@code walk} null is a
     * missing key: an empty page whatever the options. With {@code withValues} each member is
     * followed by its value in the reply.
     */
    public static void reply(long cursor, Walk walk, boolean withValues, Args args, RespWriter out) {
        if (walk == null) {
            out.array(2).bulk("0").array(0);
            return;
        }
        ScanOptions options = ScanOptions.parse(args, false);
        long count = options.count();
        byte[] match = options.pattern();
        List<byte[]> found = new ArrayList<>();
        BiConsumer<byte[], byte[]> keep = (member, value) -> {
            if (match == null || Glob.matches(match, member)) {
                found.add(member);
                if (withValues) {
                    found.add(value);
                }
            }
        };
        // Redis counts what it collected before filtering, a member and its value as two
        long[] collected = new long[1];
        int perMember = withValues ? 2 : 1;
        BiConsumer<byte[], byte[]> counting = (member, value) -> {
            collected[0] += perMember;
            keep.accept(member, value);
        };
        long budget = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
        do {
            cursor = walk.step(cursor, counting);
        } while (cursor != 0 && budget-- > 0 && collected[0] < count);
        out.array(2).bulk(Long.toUnsignedString(cursor)).array(found.size());
        found.forEach(out::bulk);
    }
}
