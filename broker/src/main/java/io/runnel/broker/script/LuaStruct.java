package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;

/**
 * The struct library Redis gives scripts (Roberto Ierusalimschy's lua_struct): pack, unpack and
 * size over formats of > < (byte order, little by default), !n (alignment, none by default),
 * x (a zero byte), b B h H l L T i[n] I[n] (integers of 1, 2, 8, 8 and n bytes, lowercase
 * signed), f d (floats), s (a zero-terminated string) and c[n] (n bytes; c0 in unpack takes the
 * length from the value before).
 */
final class LuaStruct {

    private static final int MAX_ALIGN = 8;
    private static final int MAX_INT_SIZE = 32;

    private LuaStruct() {
    }

    static LuaTable create() {
        LuaTable struct = new LuaTable();
        struct.set("pack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return pack(args);
            }
        });
        struct.set("unpack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return unpack(args);
            }
        });
        struct.set("size", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return size(args);
            }
        });
        return struct;
    }

    /** The position in a format, with the byte order and alignment it has set so far. */
    private static final class Format {
        final byte[] text;
        int at;
        boolean little = true;
        int align = 1;

        Format(LuaString format) {
            text = LuaConversions.bytes(format);
        }

        boolean more() {
            return at < text.length;
        }

        char next() {
            return (char) text[at++];
        }

        int number(int fallback) {
            if (!more() || !Character.isDigit(text[at])) {
                return fallback;
            }
            int value = 0;
            while (more() && Character.isDigit(text[at])) {
                value = value * 10 + (text[at++] - '0');
            }
            return value;
        }

        /** The size of an option (0 for the control options), reading its count when it has one. */
        int size(char option) {
            return switch (option) {
                case 'b', 'B', 'x' -> 1;
                case 'h', 'H' -> 2;
                case 'l', 'L', 'T', 'd' -> 8;
                case 'f' -> 4;
                case 'c' -> number(1);
                case 'i', 'I' -> {
                    int size = number(4);
                    if (size > MAX_INT_SIZE) {
                        throw new LuaError("integral size " + size + " is larger than limit of " + MAX_INT_SIZE);
                    }
                    yield size;
                }
                default -> 0;
            };
        }

        int padding(int length, char option, int size) {
            if (size == 0 || option == 'c') {
                return 0;
            }
            int unit = Math.min(size, align);
            return (unit - (length & (unit - 1))) & (unit - 1);
        }

        /** The control options: byte order, alignment, spaces; anything else is refused. */
        void control(char option) {
            switch (option) {
                case ' ' -> {
                }
                case '>' -> little = false;
                case '<' -> little = true;
                case '!' -> {
                    int value = number(MAX_ALIGN);
                    if (Integer.bitCount(value) != 1) {
                        throw new LuaError("alignment " + value + " is not a power of 2");
                    }
                    align = value;
                }
                default -> throw new LuaError("bad argument #1 to 'pack' (invalid format option '" + option + "')");
            }
        }
    }

    private static boolean integral(char option) {
        return "bBhHlLTiI".indexOf(option) >= 0;
    }

    private static Varargs pack(Varargs args) {
        Format format = new Format(args.checkstring(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 2;
        while (format.more()) {
            char option = format.next();
            int size = format.size(option);
            int padding = format.padding(out.size(), option, size);
            for (int i = 0; i < padding; i++) {
                out.write(0);
            }
            if (integral(option)) {
                double number = args.checkdouble(arg++);
                long value = number < 0 ? (long) number : (long) (number >= 0x1p63 ? number - 0x1p64 : number);
                write(value, size, format.little, out);
            } else if (option == 'x') {
                out.write(0);
            } else if (option == 'f') {
                write(Float.floatToIntBits((float) args.checkdouble(arg++)) & 0xffffffffL, 4, format.little, out);
            } else if (option == 'd') {
                write(Double.doubleToLongBits(args.checkdouble(arg++)), 8, format.little, out);
            } else if (option == 'c' || option == 's') {
                byte[] text = LuaConversions.bytes(args.checkstring(arg));
                int length = option == 's' || size == 0 ? text.length : size;
                if (text.length < length) {
                    throw new LuaError("bad argument #" + arg + " to 'pack' (string too short)");
                }
                arg++;
                out.write(text, 0, length);
                if (option == 's') {
                    out.write(0);
                }
            } else {
                format.control(option);
            }
        }
        return LuaString.valueOf(out.toByteArray());
    }

    private static void write(long value, int size, boolean little, ByteArrayOutputStream out) {
        for (int i = 0; i < size; i++) {
            int shift = little ? i : size - 1 - i;
            out.write(shift < 8 ? (int) (value >>> (8 * shift)) & 0xff : value < 0 ? 0xff : 0);
        }
    }

    private static Varargs unpack(Varargs args) {
        Format format = new Format(args.checkstring(1));
        byte[] data = LuaConversions.bytes(args.checkstring(2));
        int position = args.optint(3, 1) - 1;
        if (position < 0) {
            throw new LuaError("bad argument #3 to 'unpack' (offset must be 1 or greater)");
        }
        java.util.List<LuaValue> values = new java.util.ArrayList<>();
        while (format.more()) {
            char option = format.next();
            int size = format.size(option);
            position += format.padding(position, option, size);
            if (position + size > data.length && option != 's') {
                throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
            }
            if (integral(option)) {
                values.add(LuaValue.valueOf(read(data, position, size, format.little, Character.isLowerCase(option))));
            } else if (option == 'f') {
                values.add(LuaValue.valueOf(Float.intBitsToFloat((int) readBits(data, position, 4, format.little))));
            } else if (option == 'd') {
                values.add(LuaValue.valueOf(Double.longBitsToDouble(readBits(data, position, 8, format.little))));
            } else if (option == 'c') {
                if (size == 0) {
                    if (values.isEmpty() || !values.get(values.size() - 1).isnumber()) {
                        throw new LuaError("format 'c0' needs a previous size");
                    }
                    size = values.remove(values.size() - 1).toint();
                    if (position + size > data.length) {
                        throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
                    }
                }
                values.add(LuaString.valueOf(java.util.Arrays.copyOfRange(data, position, position + size)));
            } else if (option == 's') {
                int end = position;
                while (end < data.length && data[end] != 0) {
                    end++;
                }
                if (end >= data.length) {
                    throw new LuaError("unfinished string in data");
                }
                values.add(LuaString.valueOf(java.util.Arrays.copyOfRange(data, position, end)));
                size = end - position + 1;
            } else if (option != 'x') {
                format.control(option);
            }
            position += size;
        }
        values.add(LuaValue.valueOf(position + 1));
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    private static long readBits(byte[] data, int at, int size, boolean little) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            int from = little ? at + size - 1 - i : at + i;
            value = (value << 8) | (data[from] & 0xff);
        }
        return value;
    }

    /** An integer of {@code size} bytes (only the low 8 count, as in lua_struct), sign-extended when signed. */
    private static double read(byte[] data, int at, int size, boolean little, boolean signed) {
        long value = readBits(data, at, size, little);
        if (signed && size < 8 && (value & (1L << (8 * size - 1))) != 0) {
            value |= -1L << (8 * size);
        }
        return !signed && value < 0 ? value + 0x1p64 : value;
    }

    private static Varargs size(Varargs args) {
        Format format = new Format(args.checkstring(1));
        int total = 0;
        while (format.more()) {
            char option = format.next();
            int size = format.size(option);
            total += format.padding(total, option, size);
            if (option == 's' || option == 'c' && size == 0) {
                throw new LuaError("bad argument #1 to 'size' (options 'c0' - 's' have undefined sizes)");
            }
            if (size == 0) {
                format.control(option);
            }
            total += size;
        }
        return LuaValue.valueOf(total);
    }
}
