package io.runnel.broker.zset;

import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * The members of a sorted set with their scores, kept in Redis's order: by score, then by member
 * bytes (unsigned). Two forms implement it: {@link PackedEntries} for small sets (Redis's
 * listpack) and {@link SkipList} for the others. Ranks are 0-based from the lowest.
 */
public interface SortedEntries {

    /** Visits one member and its score; answers whether to go on. */
    interface Visitor {
        boolean visit(byte[] member, double score);
    }

    /** A test that holds for a prefix of the order and fails for the rest (a range's lower side). */
    interface Before {
        boolean test(byte[] member, double score);
    }

    int size();

    /** The member's score; NaN when absent (a score is never NaN). */
    double score(byte[] member);

    /** Sets the member's score; true when the member is new. */
    boolean put(byte[] member, double score);

    boolean remove(byte[] member);

    /** The member's rank, -1 when absent. */
    long rank(byte[] member);

    /** How many members, from the lowest, pass {@code before}. */
    int countBefore(Before before);

    /** Visits members from rank {@code from} upwards (downwards when {@code reverse}) while the visitor answers true. */
    void walk(int from, boolean reverse, Visitor visitor);

    /** One step of ZSCAN, members with their scores as the form's ZSCAN shows them; the next cursor, 0 when done. */
    long scanStep(long cursor, BiConsumer<byte[], byte[]> visit);

    /** A member and its score at random, as {@code {member, score}}; null when empty. */
    Object[] random(RandomGenerator random);

    SortedEntries copy();

    /** Redis's order: by score, then member bytes. */
    static int compare(double score, byte[] member, double otherScore, byte[] otherMember) {
        if (score != otherScore) {
            return score < otherScore ? -1 : 1;
        }
        return java.util.Arrays.compareUnsigned(member, otherMember);
    }
}
