package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandError;

/** Converts the expiry arguments of SET, GETEX, EXPIRE and friends to absolute milliseconds. */
final class Expiry {

    enum Unit { SECONDS, MILLISECONDS }

    /** The expiry keywords of SET and GETEX: a unit, and whether the amount is a Unix time. */
    enum Kind {
        EX(Unit.SECONDS, false), PX(Unit.MILLISECONDS, false), EXAT(Unit.SECONDS, true), PXAT(Unit.MILLISECONDS, true);

        final Unit unit;
        final boolean absolute;

        Kind(Unit unit, boolean absolute) {
            this.unit = unit;
            this.absolute = absolute;
        }

        /** The kind an argument names (any case), or null when it names none. */
        static Kind of(byte[] word) {
            for (Kind kind : values()) {
                if (Args.is(word, kind.name())) {
                    return kind;
                }
            }
            return null;
        }

        /**
         * The absolute expiry for {@code amountText} of this kind, as SET and GETEX validate it:
         * an integer, positive, and still a valid time once converted to absolute milliseconds.
         */
        long absoluteMillis(byte[] amountText, long now, String command) {
            return Expiry.absoluteMillis(Args.parseLong(amountText), unit, absolute, now, command, true);
        }
    }

    private Expiry() {
    }

    /**
     * The absolute expiry time for {@code amount} given in {@code unit}, relative to {@code now}
     * unless {@code absolute}; rejects non-positive amounts (SET family) and overflow with
     * "invalid expire time in '<command>' command".
     */
    static long absoluteMillis(long amount, Unit unit, boolean absolute, long now, String command, boolean mustBePositive) {
        if (mustBePositive && amount <= 0) {
            throw invalid(command);
        }
        long millis = amount;
        if (unit == Unit.SECONDS) {
            if (millis > Long.MAX_VALUE / 1000 || millis < Long.MIN_VALUE / 1000) {
                throw invalid(command);
            }
            millis *= 1000;
        }
        if (!absolute) {
            if (millis > Long.MAX_VALUE - now) {
                throw invalid(command);
            }
            millis += now;
        }
        return millis;
    }

    static CommandError invalid(String command) {
        return new CommandError("ERR invalid expire time in '" + command + "' command");
    }
}
