package io.runnel.broker.zset;

import io.runnel.broker.command.CommandError;

import java.util.Arrays;

/**
 * A range of members as ZRANGEBYLEX, ZLEXCOUNT and friends give it: "-" and "+" for the ends
 * of everything, "[" before an inclusive member, "(" before an exclusive one. Meant for sets
 * whose scores are all equal, where member order is the set's order.
 */
record LexRange(Bound min, Bound max) implements MemberRange {

    /** One end: below everything, above everything, or a member included or not. */
    record Bound(boolean lowest, boolean highest, byte[] member, boolean exclusive) {

        static Bound parse(byte[] text) {
            if (text.length == 1 && text[0] == '-') {
                return new Bound(true, false, null, false);
            }
            if (text.length == 1 && text[0] == '+') {
                return new Bound(false, true, null, false);
            }
            if (text.length > 0 && (text[0] == '[' || text[0] == '(')) {
                return new Bound(false, false, Arrays.copyOfRange(text, 1, text.length), text[0] == '(');
            }
            throw new CommandError("ERR min or max not valid string range item");
        }

        /** The member's order against this end: negative when it sorts before it. */
        int compareMember(byte[] other) {
            if (lowest) {
                return 1;
            }
            if (highest) {
                return -1;
            }
            return Arrays.compareUnsigned(other, member);
        }
    }

    static LexRange parse(byte[] min, byte[] max) {
        return new LexRange(Bound.parse(min), Bound.parse(max));
    }

    /** Redis's sdscmplex of the two ends: "-" below all, "+" above all. */
    @Override
    public boolean emptyBounds() {
        int order;
        if (min.lowest() && max.lowest() || min.highest() && max.highest()) {
            order = 0;
        } else if (min.lowest() || max.highest()) {
            order = -1;
        } else if (min.highest() || max.lowest()) {
            order = 1;
        } else {
            order = Arrays.compareUnsigned(min.member(), max.member());
        }
        return order > 0 || order == 0 && (min.exclusive() || max.exclusive());
    }

    @Override
    public SortedEntries.Before belowStart() {
        return (member, score) -> {
            int order = min.compareMember(member);
            return order < 0 || order == 0 && min.exclusive();
        };
    }

    @Override
    public SortedEntries.Before notPastEnd() {
        return (member, score) -> {
            int order = max.compareMember(member);
            return order < 0 || order == 0 && !max.exclusive();
        };
    }
}
