package io.runnel.broker.zset;

import java.util.ArrayList;
import java.util.List;

/**
 * A range of a sorted set by score or by member. Both ends are tests true for a prefix of the
 * order, so the range's first rank is a count, and a walk stops where a test turns.
 */
interface MemberRange {

    /** True for the members before the range. */
    SortedEntries.Before belowStart();

    /** True for the members before the range's end and in it. */
    SortedEntries.Before notPastEnd();

    /** Whether the bounds themselves leave nothing between them (min above max, or equal with an exclusive end). */
    boolean emptyBounds();

    /**
     * Redis's first check of a range: not empty by its bounds, the highest member not below the
     * start, the lowest not past the end. (It matters for a lex range over unequal scores, where
     * the order of members is not the set's order.)
     */
    default boolean mayHoldMembers(ZSetValue zset) {
        if (emptyBounds() || zset.size() == 0) {
            return false;
        }
        boolean[] ok = {true};
        zset.walk(zset.size() - 1, true, (member, score) -> {
            ok[0] = !belowStart().test(member, score);
            return false;
        });
        zset.walk(0, false, (member, score) -> {
            ok[0] &= notPastEnd().test(member, score);
            return false;
        });
        return ok[0];
    }

    /**
     * How many members the range holds: for a packed set Redis walks from the first member in
     * range while members stay in it; for a skip list it subtracts ranks.
     */
    default int count(ZSetValue zset) {
        if (!mayHoldMembers(zset)) {
            return 0;
        }
        if (zset.packed()) {
            return select(zset, false, 0, -1).size();
        }
        return Math.max(0, zset.countBefore(notPastEnd()) - zset.countBefore(belowStart()));
    }

    /**
     * The members in the range, lowest first (highest first when {@code reverse}), skipping
     * {@code offset} of them (a negative one skips them all) and keeping at most {@code limit}
     * (negative: no limit). Going down, a packed set is searched from its top for the first
     * member not past the end, as Redis searches it.
     */
    default List<Scored> select(ZSetValue zset, boolean reverse, long offset, long limit) {
        List<Scored> selected = new ArrayList<>();
        if (offset < 0 || offset >= zset.size() || limit == 0 || !mayHoldMembers(zset)) {
            return selected;
        }
        SortedEntries.Before before = belowStart();
        SortedEntries.Before notPast = notPastEnd();
        long start;
        if (!reverse) {
            start = zset.countBefore(before);
        } else if (zset.packed()) {
            int[] top = {zset.size()};
            zset.walk(zset.size() - 1, true, (member, score) -> {
                top[0]--;
                return !notPast.test(member, score);
            });
            start = top[0];
        } else {
            start = zset.countBefore(notPast) - 1;
        }
        long from = reverse ? start - offset : start + offset;
        if (from < 0 || from >= zset.size()) {
            return selected;
        }
        zset.walk((int) from, reverse, (member, score) -> {
            boolean outside = reverse ? before.test(member, score) : !notPast.test(member, score);
            if (outside) {
                return false;
            }
            selected.add(new Scored(member, score));
            return limit < 0 || selected.size() < limit;
        });
        return selected;
    }
}
