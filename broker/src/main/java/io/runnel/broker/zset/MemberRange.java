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

    /** How many members the range holds. */
    default int count(ZSetValue zset) {
        return Math.max(0, zset.countBefore(notPastEnd()) - zset.countBefore(belowStart()));
    }

    /**
     * The members in the range, lowest first (highest first when {@code reverse}), skipping
     * {@code offset} of them (a negative one skips them all) and keeping at most {@code limit}
     * (negative: no limit).
     */
    default List<Scored> select(ZSetValue zset, boolean reverse, long offset, long limit) {
        List<Scored> selected = new ArrayList<>();
        if (offset < 0 || offset >= zset.size() || limit == 0) {
            return selected;
        }
        SortedEntries.Before before = belowStart();
        SortedEntries.Before notPast = notPastEnd();
        long from = reverse ? zset.countBefore(notPast) - 1 - offset : zset.countBefore(before) + offset;
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
