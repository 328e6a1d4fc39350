package io.runnel.broker.script;

import io.runnel.protocol.RespWriter;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;

/**
 * The conversions between replies and Lua values, as Redis makes them. A command's reply becomes
 * a Lua value: an integer a number, a bulk string a string, a null false (nil in RESP3), an array
 * a table, a status {ok=...}, an error {err=...}, and in RESP3 a map {map={...}}, a set
 * {set={...}}, a double {double=...} and a boolean a boolean. A script's result becomes a reply:
 * a number an integer (truncated), a string a bulk string, true 1 and false a null (booleans in
 * RESP3), a table with ok or err a status or error, {map=}, {set=} and {double=} what they
 * name, any other table an array of its elements up to the first nil.
 */
final class LuaConversions {

    private LuaConversions() {
    }

    // ---- replies to Lua -------------------------------------------------------------------------

    /** Parses one encoded reply into a Lua value. */
    static LuaValue toLua(byte[] reply) {
        return new Parser(reply).value();
    }

    private static final class Parser {
        private final byte[] data;
        private int at;

        Parser(byte[] data) {
            this.data = data;
        }

        private String line() {
            int start = at;
            while (data[at] != '\r') {
                at++;
            }
            String line = new String(data, start, at - start, StandardCharsets.UTF_8);
            at += 2;
            return line;
        }

        private LuaString bulk(int length) {
            LuaString value = LuaString.valueOf(java.util.Arrays.copyOfRange(data, at, at + length));
            at += length + 2;
            return value;
        }

        LuaValue value() {
            char type = (char) data[at++];
            switch (type) {
                case ':':
                    return LuaValue.valueOf(Long.parseLong(line()));
                case '$': {
                    int length = Integer.parseInt(line());
                    return length < 0 ? LuaValue.FALSE : bulk(length);
                }
                case '+':
                    return single("ok", LuaValue.valueOf(line()));
                case '-':
                    return single("err", LuaValue.valueOf(line()));
                case '*':
                case '>': {
                    int count = Integer.parseInt(line());
                    if (count < 0) {
                        return LuaValue.FALSE;
                    }
                    LuaTable array = new LuaTable(); // grown as Redis grows it, not presized: sizes show in # and pairs
                    for (int i = 1; i <= count; i++) {
                        array.set(i, value());
                    }
                    return array;
                }
                case '%': {
                    int count = Integer.parseInt(line());
                    LuaTable map = new LuaTable();
                    for (int i = 0; i < count; i++) {
                        LuaValue key = value();
                        map.set(key, value());
                    }
                    return single("map", map);
                }
                case '~': {
                    int count = Integer.parseInt(line());
                    LuaTable set = new LuaTable();
                    for (int i = 0; i < count; i++) {
                        set.set(value(), LuaValue.TRUE);
                    }
                    return single("set", set);
                }
                case '_':
                    line();
                    return LuaValue.NIL;
                case '#':
                    return LuaValue.valueOf(line().equals("t"));
                case ',':
                    return single("double", LuaValue.valueOf(parseDouble(line())));
                case '(':
                    return single("big_number", LuaValue.valueOf(line()));
                case '=': {
                    int length = Integer.parseInt(line());
                    LuaString all = bulk(length);
                    LuaTable verbatim = new LuaTable();
                    verbatim.set("format", all.substring(0, 3));
                    verbatim.set("string", all.substring(4, all.length()));
                    return single("verbatim_string", verbatim);
                }
                default:
                    throw new IllegalStateException("unknown reply type " + type);
            }
        }

        private static double parseDouble(String text) {
            return switch (text) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                case "nan" -> Double.NaN;
                default -> Double.parseDouble(text);
            };
        }
    }

    static LuaTable single(String field, LuaValue value) {
        LuaTable table = new LuaTable();
        table.set(field, value);
        return table;
    }

    // ---- Lua to replies -------------------------------------------------------------------------

    /**
     * A Lua number as an integer, as Redis's C cast converts it on x86-64: truncated toward
     * zero, and -2^63 for a number out of range (and NaN), where Java would saturate.
     */
    static long truncated(double number) {
        return number >= -0x1p63 && number < 0x1p63 ? (long) number : Long.MIN_VALUE;
    }

    /**
     * Writes a script's result as the reply to the client (whose protocol {@code out} speaks);
     * {@code protocol} is the script's own (redis.setresp), which decides how booleans go.
     */
    static void toReply(LuaValue value, RespWriter out, int protocol) {
        switch (value.type()) {
            case LuaValue.TSTRING -> out.bulk(bytes(value.checkstring()));
            case LuaValue.TNUMBER -> out.integer(truncated(value.todouble()));
            case LuaValue.TBOOLEAN -> {
                if (protocol >= 3) {
                    out.bool(value.toboolean());
                } else if (value.toboolean()) {
                    out.integer(1);
                } else {
                    out.nullBulk();
                }
            }
            case LuaValue.TTABLE -> table((LuaTable) value, out, protocol);
            default -> out.nullBulk();
        }
    }

    static byte[] bytes(LuaString string) {
        byte[] copy = new byte[string.m_length];
        System.arraycopy(string.m_bytes, string.m_offset, copy, 0, string.m_length);
        return copy;
    }

    private static void table(LuaTable table, RespWriter out, int protocol) {
        LuaValue err = table.rawget("err");
        if (err.isstring()) {
            out.error(err.tojstring());
            return;
        }
        LuaValue ok = table.rawget("ok");
        if (ok.isstring()) {
            out.simple(ok.tojstring());
            return;
        }
        LuaValue dbl = table.rawget("double");
        if (dbl.isnumber()) {
            out.doubleValue(dbl.todouble());
            return;
        }
        LuaValue map = table.rawget("map");
        if (map.istable()) {
            java.util.List<LuaValue[]> pairs = pairs((LuaTable) map);
            out.map(pairs.size());
            for (LuaValue[] pair : pairs) {
                toReply(pair[0], out, protocol);
                toReply(pair[1], out, protocol);
            }
            return;
        }
        LuaValue set = table.rawget("set");
        if (set.istable()) {
            java.util.List<LuaValue[]> members = pairs((LuaTable) set);
            out.set(members.size());
            for (LuaValue[] member : members) {
                toReply(member[0], out, protocol);
            }
            return;
        }
        int length = 0;
        while (!table.rawget(length + 1).isnil()) {
            length++;
        }
        out.array(length);
        for (int i = 1; i <= length; i++) {
            toReply(table.rawget(i), out, protocol);
        }
    }

    /** The shape of a table's keys, as the libraries that tell arrays from maps read it. */
    record KeyShape(int count, int max, boolean positiveIntegers) {
    }

    static KeyShape keyShape(LuaTable table) {
        int count = 0;
        int max = 0;
        boolean positiveIntegers = true;
        for (LuaValue[] entry : pairs(table)) {
            count++;
            double key = entry[0].type() == LuaValue.TNUMBER ? entry[0].todouble() : -1;
            if (key < 1 || key != Math.floor(key)) {
                positiveIntegers = false;
            } else {
                max = Math.max(max, (int) Math.min(key, Integer.MAX_VALUE));
            }
        }
        return new KeyShape(count, max, positiveIntegers);
    }

    /** A table's keys and values, in the order its iteration gives them. */
    static java.util.List<LuaValue[]> pairs(LuaTable table) {
        java.util.List<LuaValue[]> pairs = new java.util.ArrayList<>();
        LuaValue key = LuaValue.NIL;
        while (true) {
            org.luaj.vm2.Varargs next = table.next(key);
            key = next.arg1();
            if (key.isnil()) {
                return pairs;
            }
            pairs.add(new LuaValue[] {key, next.arg(2)});
        }
    }
}
