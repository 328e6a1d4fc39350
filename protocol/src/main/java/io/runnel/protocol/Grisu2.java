package io.runnel.protocol;

import java.math.BigInteger;

/**
 * Loitsch's Grisu2 digit generation for a finite, non-zero double: the digits of a decimal
 * that reads back as the same double, almost always the shortest such. Redis 7.2 prints its
 * doubles this way, so Runnel runs the same steps (the same cached powers, the same choice of
 * power, the same rounding) to print the same digits in the rare cases where Grisu2's answer is
 * not the shortest one.
 *
 * <p>All 64-bit quantities are unsigned; Java's long arithmetic wraps as C's uint64_t does, and
 * comparisons go through {@link Long#compareUnsigned}.
 */
final class Grisu2 {

    private static final long FRACTION_MASK = 0x000FFFFFFFFFFFFFL;
    private static final long EXPONENT_MASK = 0x7FF0000000000000L;
    private static final long HIDDEN_BIT = 0x0010000000000000L;
    private static final int EXPONENT_BIAS = 1023 + 52;

    /** The cached powers are 10^(FIRST_POWER + i * POWER_STEP), as normalized 64-bit fractions. */
    private static final int POWER_COUNT = 87;
    private static final int POWER_STEP = 8;
    private static final int FIRST_POWER = -348;
    private static final long[] POWER_FRACTIONS = new long[POWER_COUNT];
    private static final int[] POWER_EXPONENTS = new int[POWER_COUNT];

    /** The binary exponent window the scaled value must land in for digit generation. */
    private static final int MIN_TARGET_EXPONENT = -60;
    private static final int MAX_TARGET_EXPONENT = -32;

    private static final long[] TENS = new long[20];

    static {
        long ten = 1;
        for (int i = 19; i >= 0; i--) {
            TENS[i] = ten;
            ten *= 10;
        }
        for (int i = 0; i < POWER_COUNT; i++) {
            cachePower(i, FIRST_POWER + i * POWER_STEP);
        }
    }

    /** The result of one conversion: {@code digits[0..length)} times 10^{@code exponent}. */
    static final class Digits {
        final byte[] digits = new byte[18];
        int length;
        int exponent;
    }

    private Grisu2() {
    }

    /** 10^k rounded to the nearest 64-bit fraction with its top bit set, and its binary exponent. */
    private static void cachePower(int index, int k) {
        BigInteger numerator;
        BigInteger denominator;
        if (k >= 0) {
            numerator = BigInteger.TEN.pow(k);
            denominator = BigInteger.ONE;
        } else {
            numerator = BigInteger.ONE;
            denominator = BigInteger.TEN.pow(-k);
        }
        // Find e with 2^63 <= 10^k / 2^e < 2^64, then round the quotient to nearest.
        int e = numerator.bitLength() - denominator.bitLength() - 64;
        while (true) {
            BigInteger scaledNumerator = e < 0 ? numerator.shiftLeft(-e) : numerator;
            BigInteger scaledDenominator = e > 0 ? denominator.shiftLeft(e) : denominator;
            BigInteger[] division = scaledNumerator.divideAndRemainder(scaledDenominator);
            BigInteger quotient = division[0];
            if (quotient.bitLength() > 64) {
                e++;
                continue;
            }
            if (quotient.bitLength() < 64) {
                e--;
                continue;
            }
            if (division[1].shiftLeft(1).compareTo(scaledDenominator) >= 0) {
                quotient = quotient.add(BigInteger.ONE);
            }
            if (quotient.bitLength() > 64) {
                quotient = quotient.shiftRight(1);
                e++;
            }
            POWER_FRACTIONS[index] = quotient.longValue();
            POWER_EXPONENTS[index] = e;
            return;
        }
    }

    /** For tests: the cached power at {@code index} as {fraction, exponent}. */
    static long[] cachedPower(int index) {
        return new long[] {POWER_FRACTIONS[index], POWER_EXPONENTS[index]};
    }

    /** Fills {@code out} with the digits of |value|; value must be finite and non-zero. */
    static void convert(double value, Digits out) {
        long bits = Double.doubleToRawLongBits(value);
        long fraction = bits & FRACTION_MASK;
        int exponent = (int) ((bits & EXPONENT_MASK) >>> 52);
        if (exponent != 0) {
            fraction += HIDDEN_BIT;
            exponent -= EXPONENT_BIAS;
        } else {
            exponent = -EXPONENT_BIAS + 1;
        }

        // Upper and lower boundaries: halfway to the next and previous doubles, normalized
        // to the upper one's exponent.
        long upperFraction = (fraction << 1) + 1;
        int upperExponent = exponent - 1;
        while ((upperFraction & (HIDDEN_BIT << 1)) == 0) {
            upperFraction <<= 1;
            upperExponent--;
        }
        upperFraction <<= 64 - 52 - 2;
        upperExponent -= 64 - 52 - 2;
        int lowerShift = fraction == HIDDEN_BIT ? 2 : 1;
        long lowerFraction = (fraction << lowerShift) - 1;
        int lowerExponent = exponent - lowerShift;
        lowerFraction <<= lowerExponent - upperExponent;

        // The value itself, normalized.
        while ((fraction & HIDDEN_BIT) == 0) {
            fraction <<= 1;
            exponent--;
        }
        fraction <<= 64 - 52 - 1;
        exponent -= 64 - 52 - 1;

        int index = cachedPowerIndex(upperExponent);
        long powerFraction = POWER_FRACTIONS[index];
        int powerExponent = POWER_EXPONENTS[index];

        long w = multiply(fraction, powerFraction);
        long upper = multiply(upperFraction, powerFraction) - 1;
        long lower = multiply(lowerFraction, powerFraction) + 1;
        int scaledExponent = upperExponent + powerExponent + 64;

        out.exponent = -(FIRST_POWER + index * POWER_STEP);
        generate(w, upper, lower, scaledExponent, out);
    }

    /** The cached power that brings a number of binary exponent {@code exponent} into the window. */
    private static int cachedPowerIndex(int exponent) {
        final double log10Of2 = 0.30102999566398114;
        int approximate = (int) (-(exponent + POWER_COUNT) * log10Of2);
        int index = (approximate - FIRST_POWER) / POWER_STEP;
        while (true) {
            int scaled = exponent + POWER_EXPONENTS[index] + 64;
            if (scaled < MIN_TARGET_EXPONENT) {
                index++;
            } else if (scaled > MAX_TARGET_EXPONENT) {
                index--;
            } else {
                return index;
            }
        }
    }

    /** The high 64 bits of the 128-bit product, rounded on the half. */
    private static long multiply(long a, long b) {
        final long low = 0xFFFFFFFFL;
        long aHigh = a >>> 32;
        long aLow = a & low;
        long bHigh = b >>> 32;
        long bLow = b & low;
        long highLow = aHigh * bLow;
        long lowHigh = aLow * bHigh;
        long lowLow = aLow * bLow;
        long highHigh = aHigh * bHigh;
        long middle = (highLow & low) + (lowHigh & low) + (lowLow >>> 32) + (1L << 31);
        return highHigh + (highLow >>> 32) + (lowHigh >>> 32) + (middle >>> 32);
    }

    private static void generate(long w, long upper, long lower, int scaledExponent, Digits out) {
        long distanceToValue = upper - w;
        long delta = upper - lower;
        int shift = -scaledExponent;
        long one = 1L << shift;
        long integral = upper >>> shift;
        long fractional = upper & (one - 1);
        byte[] digits = out.digits;
        int count = 0;

        // Integral part: at most ten digits, since it is below 2^32.
        for (int kappa = 10, divisorIndex = 10; kappa > 0; divisorIndex++) {
            long divisor = TENS[divisorIndex];
            int digit = (int) (integral / divisor);
            if (digit != 0 || count != 0) {
                digits[count++] = (byte) ('0' + digit);
            }
            integral -= digit * divisor;
            kappa--;
            long remainder = (integral << shift) + fractional;
            if (Long.compareUnsigned(remainder, delta) <= 0) {
                out.exponent += kappa;
                roundLastDigit(digits, count, delta, remainder, divisor << shift, distanceToValue);
                out.length = count;
                return;
            }
        }

        // Fractional part, one digit per step, scaling the error with it.
        int unitIndex = 18;
        int kappa = 0;
        while (true) {
            fractional *= 10;
            delta *= 10;
            kappa--;
            int digit = (int) (fractional >>> shift);
            if (digit != 0 || count != 0) {
                digits[count++] = (byte) ('0' + digit);
            }
            fractional &= one - 1;
            if (Long.compareUnsigned(fractional, delta) < 0) {
                out.exponent += kappa;
                roundLastDigit(digits, count, delta, fractional, one, distanceToValue * TENS[unitIndex]);
                out.length = count;
                return;
            }
            unitIndex--;
        }
    }

    /** Moves the last digit down while that brings the decimal closer to the value and stays in range. */
    private static void roundLastDigit(byte[] digits, int count, long delta, long remainder, long step, long target) {
        while (Long.compareUnsigned(remainder, target) < 0
                && Long.compareUnsigned(delta - remainder, step) >= 0
                && (Long.compareUnsigned(remainder + step, target) < 0
                    || Long.compareUnsigned(target - remainder, remainder + step - target) > 0)) {
            digits[count - 1]--;
            remainder += step;
        }
    }
}
