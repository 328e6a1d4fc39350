package io.runnel.broker.zset;

import io.runnel.broker.command.CommandError;

/** A range of scores as ZRANGEBYSCORE, ZCOUNT and friends give it: each end inclusive, or exclusive after "(". */
record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) implements MemberRange {

    static ScoreRange parse(byte[] min, byte[] max) {
        return new ScoreRange(bound(min), min.length > 0 && min[0] == '(', bound(max), max.length > 0 && max[0] == '(');
    }

    private static double bound(byte[] text) {
        Double value = Scores.parseBound(text, text.length > 0 && text[0] == '(' ? 1 : 0);
        if (value == null) {
            throw new CommandError("ERR min or max is not a float");
        }
        return value;
    }

    @Override
    public boolean emptyBounds() {
        return min > max || min == max && (minExclusive || maxExclusive);
    }

    @Override
    public SortedEntries.Before belowStart() {
        return minExclusive ? (member, score) -> score <= min : (member, score) -> score < min;
    }

    @Override
    public SortedEntries.Before notPastEnd() {
        return maxExclusive ? (member, score) -> score < max : (member, score) -> score <= max;
    }
}
