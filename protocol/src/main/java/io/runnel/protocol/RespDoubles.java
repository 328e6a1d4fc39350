package io.runnel.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Doubles as Redis 7.2 prints them in replies and in a sorted set's compact form: nan, inf,
 * -inf, 0 and -0 by name; an integral value within ±2^62 as an integer; anything else as the
 * Grisu2 digits laid out plainly when the exponent is small and in e-notation when it is not
 * ("0.1", "1.5e-7", "1e+21").
 */
public final class RespDoubles {

    /** The longest text: a sign, 17 digits and 7 zeros ("-23752162038673074000000"); 25 bytes. */
    public static final int MAX_LENGTH = 25;

    /** (double) (Long.MAX_VALUE / 2), i.e. 2^62: the range Redis prints through its integer path. */
    private static final double INTEGER_LIMIT = (double) (Long.MAX_VALUE / 2);

    private static final ThreadLocal<Grisu2.Digits> SCRATCH = ThreadLocal.withInitial(Grisu2.Digits::new);

    private RespDoubles() {
    }

    public static String format(double value) {
        byte[] text = new byte[MAX_LENGTH];
        int length = write(value, text, 0);
        return new String(text, 0, length, StandardCharsets.US_ASCII);
    }

    public static byte[] bytes(double value) {
        byte[] text = new byte[MAX_LENGTH];
        int length = write(value, text, 0);
        return java.util.Arrays.copyOf(text, length);
    }

    /** Writes the text into {@code dest} from {@code at} (at least {@link #MAX_LENGTH} free); returns its length. */
    public static int write(double value, byte[] dest, int at) {
        if (Double.isNaN(value)) {
            return ascii("nan", dest, at);
        }
        if (Double.isInfinite(value)) {
            return ascii(value > 0 ? "inf" : "-inf", dest, at);
        }
        if (value == 0) {
            return ascii(1 / value < 0 ? "-0" : "0", dest, at);
        }
        if (value >= -INTEGER_LIMIT && value <= INTEGER_LIMIT && value == (double) (long) value) {
            return ascii(Long.toString((long) value), dest, at);
        }
        Grisu2.Digits digits = SCRATCH.get();
        Grisu2.convert(value, digits);
        int start = at;
        boolean negative = value < 0;
        if (negative) {
            dest[at++] = '-';
        }
        return at - start + layout(digits.digits, digits.length, digits.exponent, negative, dest, at);
    }

    /**
     * Lays out digits × 10^exponent: an integer with trailing zeros when that needs fewer than
     * seven of them, a plain decimal when the point falls within six places of the digits (or
     * the exponent is small), e-notation otherwise.
     */
    private static int layout(byte[] digits, int count, int exponent, boolean negative, byte[] dest, int at) {
        int decimalExponent = Math.abs(exponent + count - 1);
        if (exponent >= 0 && decimalExponent < count + 7) {
            System.arraycopy(digits, 0, dest, at, count);
            java.util.Arrays.fill(dest, at + count, at + count + exponent, (byte) '0');
            return count + exponent;
        }
        if (exponent < 0 && (exponent > -7 || decimalExponent < 4)) {
            int integralDigits = count + exponent;
            if (integralDigits <= 0) {
                int zeros = -integralDigits;
                dest[at] = '0';
                dest[at + 1] = '.';
                java.util.Arrays.fill(dest, at + 2, at + 2 + zeros, (byte) '0');
                System.arraycopy(digits, 0, dest, at + 2 + zeros, count);
                return count + 2 + zeros;
            }
            System.arraycopy(digits, 0, dest, at, integralDigits);
            dest[at + integralDigits] = '.';
            System.arraycopy(digits, integralDigits, dest, at + integralDigits + 1, count - integralDigits);
            return count + 1;
        }
        int kept = Math.min(count, negative ? 17 : 18);
        int i = at;
        dest[i++] = digits[0];
        if (kept > 1) {
            dest[i++] = '.';
            System.arraycopy(digits, 1, dest, i, kept - 1);
            i += kept - 1;
        }
        dest[i++] = 'e';
        dest[i++] = (byte) (exponent + kept - 1 < 0 ? '-' : '+');
        int rest = decimalExponent;
        if (rest > 99) {
            dest[i++] = (byte) ('0' + rest / 100);
            rest %= 100;
            dest[i++] = (byte) ('0' + rest / 10);
        } else if (rest > 9) {
            dest[i++] = (byte) ('0' + rest / 10);
        }
        dest[i++] = (byte) ('0' + rest % 10);
        return i - at;
    }

    private static int ascii(String text, byte[] dest, int at) {
        for (int i = 0; i < text.length(); i++) {
            dest[at + i] = (byte) text.charAt(i);
        }
        return text.length();
    }
}
