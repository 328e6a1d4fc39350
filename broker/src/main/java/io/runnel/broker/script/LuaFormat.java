package io.runnel.broker.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.Locale;

/**
 * string.format as Lua 5.1 runs it, on C's printf rules (LuaJ's own ignores the width and
 * precision of %f and formats %g otherwise): the conversions d i u c x X o e E f g G q s and %,
 * with the flags - + space # 0, a width and a precision.
 */
final class LuaFormat extends VarArgFunction {

    @Override
    public Varargs invoke(Varargs args) {
        LuaString format = args.checkstring(1);
        byte[] spec = LuaConversions.bytes(format);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int arg = 1;
        for (int i = 0; i < spec.length; i++) {
            byte c = spec[i];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (++i >= spec.length) {
                if (++arg > args.narg()) {
                    throw LuaSignatures.refused(arg, "no value");
                }
                throw new org.luaj.vm2.LuaError("invalid option '%' to 'format'");
            }
            if (spec[i] == '%') {
                out.write('%');
                continue;
            }
            if (++arg > args.narg()) { // Lua 5.1 counts the argument before reading the item
                throw LuaSignatures.refused(arg, "no value");
            }
            int start = i;
            while (i < spec.length && "-+ #0".indexOf(spec[i]) >= 0) {
                i++;
            }
            if (i - start >= 6) {
                throw new org.luaj.vm2.LuaError("invalid format (repeated flags)");
            }
            i = digits(spec, i); // a width of two digits at most
            if (i < spec.length && spec[i] == '.') {
                i = digits(spec, i + 1); // and a precision of two
            }
            if (i < spec.length && Character.isDigit(spec[i])) {
                throw new org.luaj.vm2.LuaError("invalid format (width or precision too long)");
            }
            if (i >= spec.length) {
                throw new org.luaj.vm2.LuaError("invalid option '%' to 'format'");
            }
            char conversion = (char) spec[i];
            String flagsWidthPrecision = javaFlags(new String(spec, start, i - start, java.nio.charset.StandardCharsets.US_ASCII), conversion);
            String text = switch (conversion) {
                case 'd', 'i' -> String.format(Locale.ROOT, "%" + flagsWidthPrecision.replace(".", "") + "d", LuaConversions.truncated(LuaSignatures.number(args, arg)));
                case 'u' -> Long.toUnsignedString(LuaConversions.truncated(LuaSignatures.number(args, arg)));
                case 'c' -> String.valueOf((char) (int) LuaSignatures.number(args, arg));
                case 'x', 'X', 'o' -> String.format(Locale.ROOT, "%" + flagsWidthPrecision + conversion, LuaConversions.truncated(LuaSignatures.number(args, arg)));
                case 'e', 'E', 'f' -> floating(flagsWidthPrecision, conversion, LuaSignatures.number(args, arg));
                case 'g', 'G' -> general(flagsWidthPrecision, conversion == 'G', LuaSignatures.number(args, arg));
                case 'q' -> quoted(text(args, arg));
                // one char per byte (Latin-1), so that width and precision count bytes and the bytes come back unchanged
                case 's' -> String.format(Locale.ROOT, "%" + flagsWidthPrecision + "s",
                        new String(LuaConversions.bytes(text(args, arg)), java.nio.charset.StandardCharsets.ISO_8859_1));
                default -> throw new org.luaj.vm2.LuaError("invalid option '%" + conversion + "' to 'format'");
            };
            out.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return LuaString.valueOf(out.toByteArray());
    }

    /**
     * C's flags as Java's formatter takes them: C accepts a flag twice and lets one override
     * another ('-' beats '0', '+' beats ' ') or ignores it where it means nothing ('#' for %d, any
     * but '-' for %s, '-' and '0' without a width); Java refuses all of these.
     */
    private static String javaFlags(String flagsWidthPrecision, char conversion) {
        int end = 0;
        while (end < flagsWidthPrecision.length() && "-+ #0".indexOf(flagsWidthPrecision.charAt(end)) >= 0) {
            end++;
        }
        String flags = flagsWidthPrecision.substring(0, end);
        boolean width = end < flagsWidthPrecision.length() && Character.isDigit(flagsWidthPrecision.charAt(end));
        StringBuilder kept = new StringBuilder();
        for (char flag : new char[] {'-', '+', ' ', '#', '0'}) {
            boolean meaningful = flags.indexOf(flag) >= 0
                    && !(flag == '0' && flags.indexOf('-') >= 0)
                    && !(flag == ' ' && flags.indexOf('+') >= 0)
                    && !(flag == '#' && (conversion == 'd' || conversion == 'i' || conversion == 'c'))
                    && !((flag == '+' || flag == ' ') && "xXoc".indexOf(conversion) >= 0)
                    && !(conversion == 's' && flag != '-')
                    && !((flag == '-' || flag == '0') && !width); // Java wants a width for them, C pads to none
            if (meaningful) {
                kept.append(flag);
            }
        }
        return kept + flagsWidthPrecision.substring(end);
    }

    /** Past up to two digits from {@code from}. */
    private static int digits(byte[] spec, int from) {
        int i = from;
        while (i < spec.length && i < from + 2 && Character.isDigit(spec[i])) {
            i++;
        }
        return i;
    }

    private static LuaString text(Varargs args, int arg) {
        if (!args.arg(arg).isstring()) {
            throw LuaSignatures.refused(args, arg, "string");
        }
        return args.arg(arg).checkstring();
    }

    /**
     * A number turned into a string as Lua 5.1 turns it: C's "%.14g" (LuaJ's LuaDouble calls
     * this, see LuaJPatch).
     */
    static String luaNumber(double value) {
        return general(value, 14);
    }

    /** C's "%.{precision}g" of a number (precision 1 to 14). */
    static String general(double value, int precision) {
        if (value == (long) value && Math.abs(value) < POWERS_OF_TEN[precision] && (value != 0 || 1 / value > 0)) {
            return Long.toString((long) value); // an integer of up to {precision} digits, written whole
        }
        if (Double.isNaN(value)) {
            return nan(value);
        }
        return general("." + precision, false, value);
    }

    private static final double[] POWERS_OF_TEN = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14};

    /**
     * glibc writes a NaN with its sign: the NaN of 0/0 (and inf - inf) on x86 has the sign bit
     * set ("-nan"), negating it clears it ("nan"). The JVM computes with the same instructions.
     */
    private static String nan(double value) {
        return Double.doubleToRawLongBits(value) < 0 ? "-nan" : "nan";
    }

    /** C's %f, %e and %E, rounding the exact binary value half to even as C does. */
    private static String floating(String flagsWidthPrecision, char conversion, double value) {
        Spec spec = Spec.parse(flagsWidthPrecision);
        String body = conversion == 'f' ? fixed(value, spec.precision()) : scientific(value, spec.precision());
        return pad(conversion == 'E' ? body.toUpperCase(Locale.ROOT) : body, spec.flagsWidth());
    }

    /** A conversion's flags and width, and its precision (6 when not given, 0 for a bare '.'). */
    private record Spec(String flagsWidth, int precision) {
        static Spec parse(String flagsWidthPrecision) {
            int dot = flagsWidthPrecision.indexOf('.');
            if (dot < 0) {
                return new Spec(flagsWidthPrecision, 6);
            }
            String digits = flagsWidthPrecision.substring(dot + 1);
            return new Spec(flagsWidthPrecision.substring(0, dot), digits.isEmpty() ? 0 : Integer.parseInt(digits));
        }
    }

    private static String fixed(double value, int precision) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? nan(value) : value > 0 ? "inf" : "-inf";
        }
        String text = new java.math.BigDecimal(value).setScale(precision, java.math.RoundingMode.HALF_EVEN).toPlainString();
        return value < 0 || (value == 0 && 1 / value < 0) ? (text.startsWith("-") ? text : "-" + text) : text;
    }

    private static String scientific(double value, int precision) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? nan(value) : value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0 ? "-" : "") + (precision > 0 ? "0." + "0".repeat(precision) : "0") + "e+00";
        }
        java.math.BigDecimal rounded = new java.math.BigDecimal(value).round(new java.math.MathContext(precision + 1, java.math.RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String digits = rounded.unscaledValue().abs().toString();
        digits = (digits + "0".repeat(Math.max(0, precision + 1 - digits.length()))).substring(0, precision + 1);
        String mantissa = precision > 0 ? digits.charAt(0) + "." + digits.substring(1) : digits.substring(0, 1);
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    /** C's %g: %e or %f by the exponent, trailing zeros dropped unless '#'. */
    private static String general(String flagsWidthPrecision, boolean upper, double value) {
        Spec spec = Spec.parse(flagsWidthPrecision);
        int precision = Math.max(1, spec.precision());
        String flagsWidth = spec.flagsWidth();
        boolean alternate = flagsWidth.indexOf('#') >= 0;
        String body;
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            body = fixed(value, 0);
        } else {
            String scientific = scientific(value, precision - 1);
            int exponent = Integer.parseInt(scientific.substring(scientific.indexOf('e') + 1));
            if (exponent < -4 || exponent >= precision) {
                body = scientific;
                if (!alternate) {
                    int e = body.indexOf('e');
                    body = stripZeros(body.substring(0, e)) + body.substring(e);
                }
            } else {
                body = fixed(value, precision - 1 - exponent);
                if (!alternate) {
                    body = stripZeros(body);
                }
            }
        }
        return pad(upper ? body.toUpperCase(Locale.ROOT) : body, flagsWidth);
    }

    /** Applies the flags (- + space 0) and the width to a formatted number. */
    private static String pad(String body, String flagsWidth) {
        String flags = flagsWidth.replaceAll("[1-9][0-9]*$", "");
        String width = flagsWidth.substring(flags.length());
        if (flags.contains("+") && !body.startsWith("-")) {
            body = "+" + body;
        } else if (flags.contains(" ") && !body.startsWith("-")) {
            body = " " + body;
        }
        if (!width.isEmpty() && body.length() < Integer.parseInt(width)) {
            int pad = Integer.parseInt(width) - body.length();
            if (flags.contains("-")) {
                body = body + " ".repeat(pad);
            } else if (flags.contains("0") && !body.endsWith("inf") && !body.endsWith("nan")) {
                int sign = body.startsWith("-") || body.startsWith("+") || body.startsWith(" ") ? 1 : 0;
                body = body.substring(0, sign) + "0".repeat(pad) + body.substring(sign);
            } else {
                body = " ".repeat(pad) + body;
            }
        }
        return body;
    }

    private static String stripZeros(String number) {
        if (number.indexOf('.') < 0) {
            return number;
        }
        String stripped = number.replaceAll("0+$", "");
        return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    private static String quoted(LuaString text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            int c = text.luaByte(i);
            switch (c) {
                case '"', '\\' -> out.append('\\').append((char) c);
                case '\n' -> out.append("\\\n");
                case '\r' -> out.append("\\r");
                case 0 -> out.append("\\000");
                default -> out.append((char) c);
            }
        }
        return out.append('"').toString();
    }
}
