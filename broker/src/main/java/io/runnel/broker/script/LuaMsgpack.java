package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;

/**
 * The cmsgpack library Redis gives scripts (lua-cmsgpack's encodings): pack writes each
 * argument in the smallest MessagePack form (integers by size and sign, other numbers as float
 * when exact in 32 bits, else double; a table whose keys are 1..n an array, any other a map);
 * unpack reads every value of a string back.
 */
final class LuaMsgpack {

    private LuaMsgpack() {
    }

    static LuaTable create() {
        LuaTable cmsgpack = new LuaTable();
        cmsgpack.set("pack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() == 0) {
                    throw LuaSignatures.refused(0, "MessagePack pack needs input."); // lua-cmsgpack's luaL_argerror(L, 0, ...)
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int i = 1; i <= args.narg(); i++) {
                    pack(args.arg(i), out, 0);
                }
                return LuaString.valueOf(out.toByteArray());
            }
        });
        cmsgpack.set("unpack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return unpack(args, 0, 0);
            }
        });
        cmsgpack.set("unpack_one", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return unpack(args, 1, args.optint(2, 0));
            }
        });
        cmsgpack.set("unpack_limit", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return unpack(args, args.checkint(2), args.optint(3, 0));
            }
        });
        cmsgpack.set("_NAME", "cmsgpack");
        cmsgpack.set("_VERSION", "lua-cmsgpack 0.4.0");
        cmsgpack.set("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo");
        cmsgpack.set("_DESCRIPTION", "MessagePack C implementation for Lua");
        return cmsgpack;
    }

    /**
     * Unpacks up to {@code limit} values of the string argument from byte {@code offset}; both
     * zero means all of them. Otherwise the values follow the offset to resume from (-1 once the
     * input is used up), as lua-cmsgpack's unpack_one and unpack_limit answer.
     */
    private static Varargs unpack(Varargs args, int limit, int offset) {
        byte[] data = LuaConversions.bytes(args.checkstring(1));
        if (offset < 0 || limit < 0) {
            // lua-cmsgpack names the input's length where it means the limit
            throw new LuaError("Invalid request to unpack with offset of " + offset + " and limit of " + data.length + ".");
        }
        if (offset > data.length) {
            throw new LuaError("Start offset " + offset + " greater than input length " + data.length + ".");
        }
        boolean all = limit == 0 && offset == 0;
        Reader reader = new Reader(data);
        reader.at = offset;
        java.util.List<LuaValue> values = new java.util.ArrayList<>();
        if (!all) {
            values.add(LuaValue.NIL); // the offset, once known
        }
        while (reader.at < data.length && (all || values.size() - 1 < limit)) {
            values.add(reader.value());
        }
        if (!all) {
            values.set(0, LuaValue.valueOf(reader.at == data.length ? -1 : reader.at));
        }
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    private static void pack(LuaValue value, ByteArrayOutputStream out, int depth) {
        switch (value.type()) {
            case LuaValue.TNIL -> out.write(0xc0);
            case LuaValue.TBOOLEAN -> out.write(value.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> number(value.todouble(), out);
            case LuaValue.TSTRING -> bytes(LuaConversions.bytes(value.checkstring()), out);
            case LuaValue.TTABLE -> table((LuaTable) value, out, depth + 1);
            default -> out.write(0xc0); // what lua-cmsgpack packs for types it cannot
        }
    }

    private static void number(double value, ByteArrayOutputStream out) {
        if (value == Math.floor(value) && !Double.isInfinite(value) && value >= -0x1p63 && value < 0x1p63) {
            long n = (long) value;
            if (n >= 0) {
                if (n < 128) {
                    out.write((int) n);
                } else if (n <= 0xff) {
                    out.write(0xcc);
                    bigEndian(n, 1, out);
                } else if (n <= 0xffff) {
                    out.write(0xcd);
                    bigEndian(n, 2, out);
                } else if (n <= 0xffffffffL) {
                    out.write(0xce);
                    bigEndian(n, 4, out);
                } else {
                    out.write(0xcf);
                    bigEndian(n, 8, out);
                }
            } else if (n >= -32) {
                out.write((int) (n & 0xff));
            } else if (n >= -128) {
                out.write(0xd0);
                bigEndian(n, 1, out);
            } else if (n >= -32768) {
                out.write(0xd1);
                bigEndian(n, 2, out);
            } else if (n >= Integer.MIN_VALUE) {
                out.write(0xd2);
                bigEndian(n, 4, out);
            } else {
                out.write(0xd3);
                bigEndian(n, 8, out);
            }
        } else if ((double) (float) value == value || Double.isNaN(value)) {
            out.write(0xca);
            bigEndian(Float.floatToIntBits((float) value), 4, out);
        } else {
            out.write(0xcb);
            bigEndian(Double.doubleToLongBits(value), 8, out);
        }
    }

    private static void bytes(byte[] bytes, ByteArrayOutputStream out) {
        int length = bytes.length;
        if (length < 32) {
            out.write(0xa0 | length);
        } else if (length <= 0xff) {
            out.write(0xd9);
            bigEndian(length, 1, out);
        } else if (length <= 0xffff) {
            out.write(0xda);
            bigEndian(length, 2, out);
        } else {
            out.write(0xdb);
            bigEndian(length, 4, out);
        }
        out.writeBytes(bytes);
    }

    private static void table(LuaTable table, ByteArrayOutputStream out, int depth) {
        if (depth > 16) {
            out.write(0xc0); // lua-cmsgpack packs nil past its nesting limit
            return;
        }
        LuaConversions.KeyShape shape = LuaConversions.keyShape(table);
        if (shape.positiveIntegers() && shape.max() == shape.count()) {
            header(shape.count(), 0x90, 0xdc, 0xdd, out);
            for (int i = 1; i <= shape.count(); i++) {
                pack(table.rawget(i), out, depth);
            }
            return;
        }
        header(shape.count(), 0x80, 0xde, 0xdf, out);
        for (LuaValue[] entry : LuaConversions.pairs(table)) {
            pack(entry[0], out, depth);
            pack(entry[1], out, depth);
        }
    }

    private static void header(int count, int fix, int sixteen, int thirtyTwo, ByteArrayOutputStream out) {
        if (count < 16) {
            out.write(fix | count);
        } else if (count <= 0xffff) {
            out.write(sixteen);
            bigEndian(count, 2, out);
        } else {
            out.write(thirtyTwo);
            bigEndian(count, 4, out);
        }
    }

    private static void bigEndian(long value, int bytes, ByteArrayOutputStream out) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }

    /** Reads MessagePack values, refusing what is cut short. */
    private static final class Reader {
        private final byte[] data;
        int at;

        Reader(byte[] data) {
            this.data = data;
        }

        private long read(int bytes) {
            if (at + bytes > data.length) {
                throw new LuaError("Missing bytes in input.");
            }
            long value = 0;
            for (int i = 0; i < bytes; i++) {
                value = (value << 8) | (data[at++] & 0xff);
            }
            return value;
        }

        private LuaValue string(int length) {
            if (length < 0 || at + length > data.length) {
                throw new LuaError("Missing bytes in input.");
            }
            LuaString value = LuaString.valueOf(java.util.Arrays.copyOfRange(data, at, at + length));
            at += length;
            return value;
        }

        LuaValue value() {
            int b = (int) read(1);
            if (b <= 0x7f) {
                return LuaValue.valueOf(b);
            }
            if (b >= 0xe0) {
                return LuaValue.valueOf((byte) b);
            }
            if ((b & 0xe0) == 0xa0) {
                return string(b & 0x1f);
            }
            if ((b & 0xf0) == 0x90) {
                return array(b & 0x0f);
            }
            if ((b & 0xf0) == 0x80) {
                return map(b & 0x0f);
            }
            return switch (b) {
                case 0xc0 -> LuaValue.NIL;
                case 0xc2 -> LuaValue.FALSE;
                case 0xc3 -> LuaValue.TRUE;
                case 0xcc -> LuaValue.valueOf(read(1));
                case 0xcd -> LuaValue.valueOf(read(2));
                case 0xce -> LuaValue.valueOf(read(4));
                case 0xcf -> LuaValue.valueOf((double) read(8));
                case 0xd0 -> LuaValue.valueOf((byte) read(1));
                case 0xd1 -> LuaValue.valueOf((short) read(2));
                case 0xd2 -> LuaValue.valueOf((int) read(4));
                case 0xd3 -> LuaValue.valueOf((double) read(8));
                case 0xca -> LuaValue.valueOf(Float.intBitsToFloat((int) read(4)));
                case 0xcb -> LuaValue.valueOf(Double.longBitsToDouble(read(8)));
                case 0xd9, 0xc4 -> string((int) read(1));
                case 0xda, 0xc5 -> string((int) read(2));
                case 0xdb, 0xc6 -> string((int) read(4));
                case 0xdc -> array((int) read(2));
                case 0xdd -> array((int) read(4));
                case 0xde -> map((int) read(2));
                case 0xdf -> map((int) read(4));
                default -> throw new LuaError("Bad data format in input.");
            };
        }

        private LuaValue array(int count) {
            LuaTable table = new LuaTable();
            for (int i = 1; i <= count; i++) {
                table.rawset(i, value());
            }
            return table;
        }

        private LuaValue map(int count) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < count; i++) {
                LuaValue key = value();
                LuaValue value = value();
                if (!key.isnil()) {
                    table.rawset(key, value);
                }
            }
            return table;
        }
    }
}
