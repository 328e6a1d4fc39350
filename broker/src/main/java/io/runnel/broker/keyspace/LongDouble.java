package io.runnel.broker.keyspace;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The arithmetic of INCRBYFLOAT and HINCRBYFLOAT. Redis computes them in C's long double, the
 * x87 80-bit format with a 64-bit significand, and prints the sum with "%.17Lf". Doing the same
 * in double would reply 10.59999999999999964 where Redis replies 10.6, so values are held as
 * exact decimals rounded to 64 significant bits after every step.
 */
public final class LongDouble {

    private static final int SIGNIFICAND_BITS = 64;
    /** The largest finite x87 extended value, (2^64 - 1) * 2^16320, about 1.19e4932. */
    private static final BigDecimal MAX = new BigDecimal(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE).shiftLeft(16320));
    private static final double LOG2_10 = Math.log(10) / Math.log(2);
    /** The exponent of the smallest subnormal, 2^-16445: 2^-16382 with 63 more fraction bits. */
    private static final int MIN_EXPONENT = -16445;

    private LongDouble() {
    }

    /**
     * Parses text as Redis's string2ld (strtold, whole text, no surrounding space, no NaN) and
     * rounds it to long double. Returns null when the text is not such a number or overflows;
     * infinities are returned as null too since every caller rejects them.
     */
    public static BigDecimal parse(byte[] text) {
        if (text.length == 0 || text.length >= 5 * 1024) {
            return null;
        }
        String s = new String(text, StandardCharsets.US_ASCII);
        if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            return null;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("inf") || lower.contains("nan") || lower.contains("_") || lower.endsWith("d")
                || lower.endsWith("f")) {
            return null;
        }
        BigDecimal exact;
        try {
            if (lower.startsWith("0x") || lower.startsWith("-0x") || lower.startsWith("+0x")) {
                exact = new BigDecimal(Double.parseDouble(lower.contains("p") ? lower : lower + "p0"));
            } else {
                exact = new BigDecimal(s);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        BigDecimal rounded = round(exact);
        // strtold reports overflow, and underflow to zero, as range errors, which Redis rejects
        if (rounded.abs().compareTo(MAX) > 0 || (rounded.signum() == 0 && exact.signum() != 0)) {
            return null;
        }
        return rounded;
    }

    /**
     * True when text is an infinity as strtold reads one ("inf", "-Infinity", ...): Redis accepts
     * those as operands, so adding one is an overflow to infinity rather than an invalid float.
     */
    public static boolean isInfinity(byte[] text) {
        String s = new String(text, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("+") || s.startsWith("-")) {
            s = s.substring(1);
        }
        return s.equals("inf") || s.equals("infinity");
    }

    /** a + b in long double; null when the sum overflows to infinity. */
    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        BigDecimal sum = round(a.add(b));
        return sum.abs().compareTo(MAX) > 0 ? null : sum;
    }

    /** "%.17Lf" with trailing zeros (and a trailing point) removed, and "-0" written as "0". */
    public static String format(BigDecimal value) {
        String text = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        text = text.substring(0, end);
        return text.equals("-0") ? "0" : text;
    }

    /**
     * Rounds an exact decimal to the nearest long double (ties to even): a 64-bit significand,
     * or fewer bits for subnormals, whose exponent cannot go below {@link #MIN_EXPONENT}; values
     * below half the smallest subnormal round to zero.
     */
    static BigDecimal round(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal abs = x.abs();
        // estimate the binary exponent, then correct it so that 2^63 <= abs / 2^e < 2^64
        int e = (int) Math.floor((abs.unscaledValue().bitLength() - 1) - abs.scale() * LOG2_10) - (SIGNIFICAND_BITS - 1);
        BigInteger significand;
        while (true) {
            e = Math.max(e, MIN_EXPONENT);
            BigDecimal scaled = scaleByPowerOfTwo(abs, -e);
            significand = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
            int bits = significand.bitLength();
            if (bits > SIGNIFICAND_BITS) {
                e += bits - SIGNIFICAND_BITS;
            } else if (bits < SIGNIFICAND_BITS && e > MIN_EXPONENT) {
                e -= SIGNIFICAND_BITS - bits;
            } else {
                break;
            }
        }
        if (significand.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal rounded = scaleByPowerOfTwo(new BigDecimal(significand), e);
        return x.signum() < 0 ? rounded.negate() : rounded;
    }

    private static BigDecimal scaleByPowerOfTwo(BigDecimal value, int power) {
        if (power >= 0) {
            return value.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(power)));
        }
        // dividing by 2^n is exact: multiply by 5^n and shift the decimal point n places
        return value.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-power))).movePointLeft(-power);
    }
}
