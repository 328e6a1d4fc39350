package io.runnel.broker.zset;

import io.runnel.broker.keyspace.AccessTrackedValue;

import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A sorted set. Small sets are one packed array (Redis's listpack); a set that outgrows
 * zset-max-listpack-entries members, or gets a member longer than zset-max-listpack-value bytes,
 * becomes a skip list with a member table (Redis's skiplist) and stays one. OBJECT ENCODING says
 * which.
 */
public final class ZSetValue extends AccessTrackedValue {

    /** The listpack limits in force when a change is made (events carry them, so replay converts where the command did). */
    public record Limits(int maxEntries, int maxValue) {
    }

    private SortedEntries entries;

    private ZSetValue(SortedEntries entries) {
        this.entries = entries;
    }

    /**
     * An empty set, packed: the first member added decides, as every later one does, whether it
     * stays so (Redis creates a set that way, whatever the size of the command adding to it).
     */
    public ZSetValue() {
        this(new PackedEntries());
    }

    /** A set in skiplist form from the start (a result being built, a snapshot of one). */
    public static ZSetValue skiplist(int expectedSize) {
        return new ZSetValue(new SkipList(expectedSize));
    }

    /** A result built elsewhere (ZUNIONSTORE, ZRANGESTORE): packed when it fits the limits, as Redis stores one. */
    public ZSetValue fitted(Limits limits) {
        if (entries instanceof SkipList && size() <= limits.maxEntries() && longestMember() <= limits.maxValue()) {
            PackedEntries packed = new PackedEntries();
            entries.walk(0, false, (member, score) -> {
                packed.put(member, score);
                return true;
            });
            entries = packed;
        }
        return this;
    }

    /** A copy in skiplist form (SORT converts a sorted set so, as Redis's does). */
    public ZSetValue unpacked() {
        ZSetValue copy = skiplist(size());
        entries.walk(0, false, (member, score) -> {
            copy.entries.put(member, score);
            return true;
        });
        copy.access(access());
        return copy;
    }

    private int longestMember() {
        int[] longest = {0};
        entries.walk(0, false, (member, score) -> {
            longest[0] = Math.max(longest[0], member.length);
            return true;
        });
        return longest[0];
    }

    public int size() {
        return entries.size();
    }

    /** The member's score; NaN when absent. */
    public double score(byte[] member) {
        return entries.score(member);
    }

    public boolean contains(byte[] member) {
        return !Double.isNaN(entries.score(member));
    }

    /** Sets a member's score; true when it is new. A new member may turn a packed set into a skip list. */
    public boolean put(byte[] member, double score, Limits limits) {
        if (entries instanceof PackedEntries packed && Double.isNaN(packed.score(member))
                && (packed.size() + 1 > limits.maxEntries() || member.length > limits.maxValue())) {
            toSkipList();
        }
        return entries.put(member, score);
    }

    public boolean remove(byte[] member) {
        return entries.remove(member);
    }

    /** The member's rank from the lowest (from the highest when {@code reverse}); -1 when absent. */
    public long rank(byte[] member, boolean reverse) {
        long rank = entries.rank(member);
        return rank < 0 || !reverse ? rank : entries.size() - 1 - rank;
    }

    /** How many members, from the lowest, pass {@code before} (a test true for a prefix of the order). */
    public int countBefore(SortedEntries.Before before) {
        return entries.countBefore(before);
    }

    /** Visits members from rank {@code from} (ascending rank; walking down when {@code reverse}) while the visitor says so. */
    public void walk(int from, boolean reverse, SortedEntries.Visitor visitor) {
        entries.walk(from, reverse, visitor);
    }

    /** Visits the members with {@code min <= score < maxExclusive}, lowest first, while the visitor says so. */
    public void walkScores(double min, double maxExclusive, SortedEntries.Visitor visitor) {
        int from = entries.countBefore((member, score) -> score < min);
        entries.walk(from, false, (member, score) -> score < maxExclusive && visitor.visit(member, score));
    }

    public long scanStep(long cursor, BiConsumer<byte[], byte[]> visit) {
        return entries.scanStep(cursor, visit);
    }

    /** A member and its score at random, as {@code {member, score}}; null when empty. */
    public Object[] random(RandomGenerator random) {
        return entries.random(random);
    }

    private void toSkipList() {
        SkipList list = new SkipList(entries.size() + 1);
        entries.walk(0, false, (member, score) -> {
            list.put(member, score);
            return true;
        });
        entries = list;
    }

    public boolean packed() {
        return entries instanceof PackedEntries;
    }

    @Override
    public String typeName() {
        return "zset";
    }

    @Override
    public String encoding() {
        return packed() ? "listpack" : "skiplist";
    }

    @Override
    public ZSetValue copy() {
        return new ZSetValue(entries.copy());
    }
}
