package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;


/**
 * The cjson library Redis gives scripts, Lua CJSON 2.1.0: encode writes numbers with 14
 * significant digits (encode_number_precision), escapes '/' as Lua CJSON does, makes a table
 * whose keys are all positive integers an array (holes as null, refusing excessively sparse
 * ones: encode_sparse_array) and any other an object, over the bytes of Lua strings; decode
 * is {@link CjsonDecoder}. The settings functions change the instance they belong to: the
 * global cjson's settings are shared by every script until SCRIPT FLUSH, as Redis's one Lua
 * state keeps them; cjson.new() makes an instance with its own.
 */
final class LuaCjson {

    /** cjson.null, the value JSON's null decodes to (Lua CJSON's NULL light userdata, one for every instance). */
    static final LuaValue NULL = new LuaUserdata(new Object());
    /** The settings of the global cjson. */
    static final Settings SHARED = new Settings();

    private LuaCjson() {
    }

    /** One instance's settings, with Lua CJSON's defaults. */
    static final class Settings {
        volatile boolean sparseConvert;
        volatile int sparseRatio;
        volatile int sparseSafe;
        volatile int encodeMaxDepth;
        volatile int decodeMaxDepth;
        volatile int precision;
        volatile boolean keepBuffer;
        /** 0: refuse NaN and Inf, 1: write nan, inf, -inf, 2: write null. */
        volatile int encodeInvalidNumbers;
        volatile boolean decodeInvalidNumbers;

        Settings() {
            reset();
        }

        void reset() {
            sparseConvert = false;
            sparseRatio = 2;
            sparseSafe = 10;
            encodeMaxDepth = 1000;
            decodeMaxDepth = 1000;
            precision = 14;
            keepBuffer = true;
            encodeInvalidNumbers = 0;
            decodeInvalidNumbers = true;
        }
    }

    static LuaTable create() {
        return create(SHARED);
    }

    private static LuaTable create(Settings settings) {
        LuaTable cjson = new LuaTable();
        cjson.set("_NAME", "cjson");
        cjson.set("_VERSION", "2.1.0");
        cjson.set("null", NULL);
        cjson.set("encode", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                exactlyOne(args, "encode");
                ByteSink out = new ByteSink();
                new Encoder(settings, out).value(args.arg1(), 0);
                return LuaString.valueOf(out.toByteArray());
            }
        });
        cjson.set("decode", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                exactlyOne(args, "decode");
                return CjsonDecoder.decode(LuaConversions.bytes(args.checkstring(1)), settings.decodeMaxDepth,
                        settings.decodeInvalidNumbers, NULL);
            }
        });
        cjson.set("new", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return create(new Settings());
            }
        });
        cjson.set("encode_sparse_array", setting("encode_sparse_array", 3, args -> {
            settings.sparseConvert = onOff(args, 1, "encode_sparse_array", settings.sparseConvert);
            settings.sparseRatio = integer(args, 2, "encode_sparse_array", 0, settings.sparseRatio);
            settings.sparseSafe = integer(args, 3, "encode_sparse_array", 0, settings.sparseSafe);
            return LuaValue.varargsOf(LuaValue.valueOf(settings.sparseConvert), LuaValue.valueOf(settings.sparseRatio),
                    LuaValue.valueOf(settings.sparseSafe));
        }));
        cjson.set("encode_max_depth", setting("encode_max_depth", 1,
                args -> LuaValue.valueOf(settings.encodeMaxDepth = integer(args, 1, "encode_max_depth", 1, settings.encodeMaxDepth))));
        cjson.set("decode_max_depth", setting("decode_max_depth", 1,
                args -> LuaValue.valueOf(settings.decodeMaxDepth = integer(args, 1, "decode_max_depth", 1, settings.decodeMaxDepth))));
        cjson.set("encode_number_precision", setting("encode_number_precision", 1, args -> {
            int precision = integer(args, 1, "encode_number_precision", 1, settings.precision);
            if (precision > 14) {
                throw rangeError("encode_number_precision", 1, 14);
            }
            return LuaValue.valueOf(settings.precision = precision);
        }));
        cjson.set("encode_keep_buffer", setting("encode_keep_buffer", 1,
                args -> LuaValue.valueOf(settings.keepBuffer = onOff(args, 1, "encode_keep_buffer", settings.keepBuffer))));
        cjson.set("encode_invalid_numbers", setting("encode_invalid_numbers", 1, args -> {
            LuaValue option = args.arg1();
            if (option.isboolean()) {
                settings.encodeInvalidNumbers = option.toboolean() ? 1 : 0;
            } else if (!option.isnil()) {
                int index = java.util.List.of("off", "on", "null").indexOf(option.checkjstring());
                if (index < 0) {
                    throw new LuaError("bad argument #1 to 'encode_invalid_numbers' (invalid option '" + option.tojstring() + "')");
                }
                settings.encodeInvalidNumbers = index;
            }
            return settings.encodeInvalidNumbers == 2 ? LuaValue.valueOf("null") : LuaValue.valueOf(settings.encodeInvalidNumbers == 1);
        }));
        cjson.set("decode_invalid_numbers", setting("decode_invalid_numbers", 1,
                args -> LuaValue.valueOf(settings.decodeInvalidNumbers = onOff(args, 1, "decode_invalid_numbers", settings.decodeInvalidNumbers))));
        return cjson;
    }

    /** Lua CJSON's argument count checks: "bad argument #1 to 'encode' (expected 1 argument)". */
    private static void exactlyOne(Varargs args, String name) {
        if (args.narg() != 1) {
            throw new LuaError("bad argument #1 to '" + name + "' (expected 1 argument)");
        }
    }

    /** A settings function taking at most {@code arguments} arguments. */
    private static VarArgFunction setting(String function, int arguments, java.util.function.Function<Varargs, Varargs> body) {
        return new VarArgFunction() { // (LibFunction has a field "name" of its own)
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() > arguments) {
                    throw new LuaError("bad argument #" + (arguments + 1) + " to '" + function + "' (found too many arguments)");
                }
                return body.apply(args);
            }
        };
    }

    /** A boolean setting: true or false, or "on" or "off"; nil leaves it. */
    private static boolean onOff(Varargs args, int index, String name, boolean current) {
        LuaValue option = args.arg(index);
        if (option.isnil()) {
            return current;
        }
        if (option.isboolean()) {
            return option.toboolean();
        }
        String text = option.checkjstring();
        if (!text.equals("on") && !text.equals("off")) {
            throw new LuaError("bad argument #" + index + " to '" + name + "' (invalid option '" + text + "')");
        }
        return text.equals("on");
    }

    /** An integer setting of at least {@code min}; nil leaves it. Lua CJSON names argument 1 whichever is wrong. */
    private static int integer(Varargs args, int index, String name, int min, int current) {
        if (args.arg(index).isnil()) {
            return current;
        }
        double value = args.checkdouble(index);
        if (value < min || value > Integer.MAX_VALUE) {
            throw rangeError(name, min, Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private static LuaError rangeError(String name, int min, int max) {
        return new LuaError("bad argument #1 to '" + name + "' (expected integer between " + min + " and " + max + ")");
    }

    /** Writes one value as JSON, by the settings of the instance it belongs to. */
    private record Encoder(Settings settings, ByteSink out) {

        void value(LuaValue value, int depth) {
            switch (value.type()) {
                case LuaValue.TNIL -> ascii("null");
                case LuaValue.TBOOLEAN -> ascii(value.toboolean() ? "true" : "false");
                case LuaValue.TNUMBER -> number(value.todouble(), value);
                case LuaValue.TSTRING -> string(LuaConversions.bytes(value.checkstring()));
                case LuaValue.TTABLE -> table((LuaTable) value, depth + 1);
                default -> {
                    if (value == NULL) {
                        ascii("null");
                    } else {
                        throw cannotSerialise(value, "type not supported");
                    }
                }
            }
        }

        private void number(double number, LuaValue value) {
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                switch (settings.encodeInvalidNumbers) {
                    case 0 -> throw cannotSerialise(value, "must not be NaN or Inf");
                    case 1 -> ascii(Double.isNaN(number) ? "nan" : number < 0 ? "-inf" : "inf"); // as Redis's build writes them
                    default -> ascii("null");
                }
                return;
            }
            ascii(LuaFormat.general(number, settings.precision));
        }

        private void string(byte[] text) {
            out.write('"');
            int run = 0; // bytes from here on need no escape: written in one piece
            for (int i = 0; i < text.length; i++) {
                int c = text[i] & 0xff;
                String escape = switch (c) {
                    case '"' -> "\\\"";
                    case '\\' -> "\\\\";
                    case '/' -> "\\/";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : null; // bytes from 0x80 go as they are, as Lua CJSON writes them
                };
                if (escape != null) {
                    out.write(text, run, i - run);
                    out.ascii(escape);
                    run = i + 1;
                }
            }
            out.write(text, run, text.length - run);
            out.write('"');
        }

        private void table(LuaTable table, int depth) {
            if (depth > settings.encodeMaxDepth) {
                throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
            }
            int arrayLength = arrayLength(table);
            if (arrayLength > 0) {
                out.write('[');
                for (int i = 1; i <= arrayLength; i++) {
                    if (i > 1) {
                        out.write(',');
                    }
                    value(table.rawget(i), depth);
                }
                out.write(']');
                return;
            }
            out.write('{');
            boolean first = true;
            for (LuaValue[] entry : LuaConversions.pairs(table)) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                LuaValue key = entry[0];
                if (key.type() == LuaValue.TNUMBER) {
                    out.write('"');
                    number(key.todouble(), key);
                    out.write('"');
                } else if (key.type() == LuaValue.TSTRING) {
                    string(LuaConversions.bytes(key.checkstring()));
                } else {
                    throw cannotSerialise(key, "table key must be a number or string");
                }
                out.write(':');
                value(entry[1], depth);
            }
            out.write('}');
        }

        /**
         * The length of the array a table is, or 0 when it is an object (or empty): all its keys
         * are positive integers, and it is not excessively sparse (longer than the sparse ratio
         * times its elements and than the safe length); an excessively sparse one is refused, or
         * written as an object when the settings convert it.
         */
        private int arrayLength(LuaTable table) {
            LuaConversions.KeyShape shape = LuaConversions.keyShape(table);
            if (!shape.positiveIntegers()) {
                return 0;
            }
            int ratio = settings.sparseRatio;
            if (ratio > 0 && shape.max() > (long) shape.count() * ratio && shape.max() > settings.sparseSafe) {
                if (!settings.sparseConvert) {
                    throw cannotSerialise(table, "excessively sparse array");
                }
                return 0;
            }
            return shape.max();
        }

        private LuaError cannotSerialise(LuaValue value, String reason) {
            return new LuaError("Cannot serialise " + value.typename() + ": " + reason);
        }

        private void ascii(String text) {
            out.ascii(text);
        }
    }
}
