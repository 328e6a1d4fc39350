package io.runnel.broker.util;

/**
 * Redis's reverse-binary SCAN cursor over a power-of-two bucket array: the cursor's masked bits
 * are incremented from the most significant down, so an element present for a whole iteration
 * is returned at least once even when the table grows or shrinks between calls.
 */
public final class ScanCursor {

    private ScanCursor() {
    }

    /** The cursor after the bucket at {@code cursor} of a table with {@code mask + 1} buckets; 0 when done. */
    public static long next(long cursor, long mask) {
        cursor |= ~mask;
        cursor = Long.reverse(cursor);
        cursor++;
        return Long.reverse(cursor);
    }
}
