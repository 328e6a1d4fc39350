package io.runnel.broker.keyspace;

/**
 * A range of positions given as Redis's start and end (inclusive, negative counting from the
 * end) resolved against a size as LRANGE, LTRIM, ZRANGE and ZREMRANGEBYRANK resolve it.
 */
public record IndexRange(long first, long last) {

    /** The range within {@code size} elements, or null when it holds none. */
    public static IndexRange of(long start, long end, long size) {
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (end < 0) {
            end = size + end;
        }
        if (start > end || start >= size) {
            return null;
        }
        return new IndexRange(start, Math.min(end, size - 1));
    }

    public long length() {
        return last - first + 1;
    }
}
