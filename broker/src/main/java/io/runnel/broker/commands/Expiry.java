package io.runnel.broker.commands;

import io.runnel.broker.command.CommandError;

/** Converts the expiry arguments of SET, GETEX, EXPIRE and friends to absolute milliseconds. */
final class Expiry {

    enum Unit { SECONDS, MILLISECONDS }

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
