package io.runnel.broker.stream;

import io.runnel.broker.command.CommandError;

import java.util.Arrays;

/**
 * The bounds of an ID interval (XRANGE, XREVRANGE, XPENDING): "-" and "+", incomplete IDs
 * (the start gets sequence 0, the end the largest sequence), and "(" for an exclusive bound.
 */
final class StreamIntervals {

    private StreamIntervals() {
    }

    static StreamId start(byte[] bound) {
        StreamId id = parse(bound, 0);
        if (exclusive(bound)) {
            id = id.next();
            if (id == null) {
                throw new CommandError("ERR invalid start ID for the interval");
            }
        }
        return id;
    }

    static StreamId end(byte[] bound) {
        StreamId id = parse(bound, -1L);
        if (exclusive(bound)) {
            id = id.previous();
            if (id == null) {
                throw new CommandError("ERR invalid end ID for the interval");
            }
        }
        return id;
    }

    private static boolean exclusive(byte[] bound) {
        return bound.length > 1 && bound[0] == '(';
    }

    private static StreamId parse(byte[] bound, long missingSeq) {
        if (exclusive(bound)) {
            return StreamId.parse(Arrays.copyOfRange(bound, 1, bound.length), missingSeq, true, false).id();
        }
        return StreamId.parse(bound, missingSeq, false, false).id();
    }
}
