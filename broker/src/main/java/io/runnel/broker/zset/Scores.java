package io.runnel.broker.zset;

import io.runnel.broker.command.CommandError;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.broker.keyspace.Strtod;
import io.runnel.protocol.RespDoubles;


/** Scores as sorted sets read and show them, with Redis's rules for each place. */
final class Scores {

    static final String NOT_A_FLOAT = "ERR value is not a valid float";
    static final String NAN_RESULT = "ERR resulting score is not a number (NaN)";

    private Scores() {
    }

    /**
     * A score argument (ZADD, ZINCRBY, ...): the whole text a number, no space before it, not NaN,
     * and neither overflowing to infinity nor underflowing to zero, else "value is not a valid
     * float". A negative zero is kept as zero, as Redis stores it.
     */
    static double parse(byte[] text) {
        return parse(text, NOT_A_FLOAT);
    }

    /** As {@link #parse(byte[])}, failing with {@code error} (a WEIGHTS value has its own). */
    /** strtod's ERANGE as getDoubleFromObject sees it: an overflow, or an underflow to zero (a subnormal passes). */
    private static boolean outOfRangeOrSubnormalZero(byte[] text, double value) {
        return (Double.isInfinite(value) || value == 0) && Strtod.outOfRange(text, value);
    }

    static double parse(byte[] text, String error) {
        Double value = Numbers.parseDouble(text);
        if (value == null || outOfRangeOrSubnormalZero(text, value)) {
            throw new CommandError(error);
        }
        return value + 0.0;
    }

    /**
     * A range bound's number as strtod reads it in ZRANGEBYSCORE and friends: leading space and
     * an empty text (zero) accepted, overflow to infinity accepted, NaN and trailing bytes not.
     * Null when it is not a number.
     */
    static Double parseBound(byte[] text, int from) {
        return Strtod.parse(text, from, false);
    }

    /** A score as a listpack holds it and ZSCAN shows it: as replies print it. */
    static byte[] listpackText(double score) {
        return RespDoubles.bytes(score);
    }
}
