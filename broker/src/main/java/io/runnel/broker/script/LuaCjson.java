package io.runnel.broker.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;

import java.util.Iterator;
import java.util.Map;

/**
 * The cjson library Redis gives scripts (Lua CJSON 2.1's behaviour with Redis's settings):
 * encode writes numbers with 14 significant digits, escapes '/' as Lua CJSON does, makes a table
 * whose keys are all positive integers an array (holes as null, refusing excessively sparse
 * ones) and any other an object; decode reads objects and arrays into tables and null as
 * cjson.null.
 */
final class LuaCjson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 1000;

    private LuaCjson() {
    }

    static LuaTable create() {
        LuaTable cjson = new LuaTable();
        LuaUserdata nullValue = new LuaUserdata(new Object());
        cjson.set("null", nullValue);
        cjson.set("encode", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue value) {
                StringBuilder out = new StringBuilder();
                encode(value, out, 0, nullValue);
                return LuaValue.valueOf(out.toString());
            }
        });
        cjson.set("decode", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue text) {
                try {
                    return decode(JSON.readTree(text.checkjstring()), nullValue);
                } catch (JsonProcessingException e) {
                    throw new LuaError("Expected value but found invalid token at character " + (e.getLocation() == null ? 1
                            : e.getLocation().getCharOffset() + 1));
                }
            }
        });
        return cjson;
    }

    private static void encode(LuaValue value, StringBuilder out, int depth, LuaValue nullValue) {
        switch (value.type()) {
            case LuaValue.TNIL -> out.append("null");
            case LuaValue.TBOOLEAN -> out.append(value.toboolean());
            case LuaValue.TNUMBER -> number(value.todouble(), out);
            case LuaValue.TSTRING -> string(value.tojstring(), out);
            case LuaValue.TTABLE -> table((LuaTable) value, out, depth + 1, nullValue);
            case LuaValue.TUSERDATA, LuaValue.TLIGHTUSERDATA -> {
                if (value == nullValue) {
                    out.append("null");
                } else {
                    throw new LuaError("Cannot serialise userdata: type not supported");
                }
            }
            default -> throw new LuaError("Cannot serialise " + value.typename() + ": type not supported");
        }
    }

    private static void number(double value, StringBuilder out) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new LuaError("Cannot serialise number: must not be NaN or Inf");
        }
        LuaFormat format = new LuaFormat();
        out.append(format.invoke(LuaValue.varargsOf(LuaValue.valueOf("%.14g"), LuaValue.valueOf(value))).arg1().tojstring());
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void table(LuaTable table, StringBuilder out, int depth, LuaValue nullValue) {
        if (depth > MAX_DEPTH) {
            throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
        }
        int arrayLength = arrayLength(table);
        if (arrayLength > 0) {
            out.append('[');
            for (int i = 1; i <= arrayLength; i++) {
                if (i > 1) {
                    out.append(',');
                }
                encode(table.rawget(i), out, depth, nullValue);
            }
            out.append(']');
            return;
        }
        out.append('{');
        boolean first = true;
        for (LuaValue[] entry : LuaConversions.pairs(table)) {
            LuaValue key = entry[0];
            if (!key.isstring()) {
                throw new LuaError("Cannot serialise table: table key must be a number or string");
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            if (key.type() == LuaValue.TNUMBER) {
                out.append('"');
                number(key.todouble(), out);
                out.append('"');
            } else {
                string(key.tojstring(), out);
            }
            out.append(':');
            encode(entry[1], out, depth, nullValue);
        }
        out.append('}');
    }

    /**
     * The length of the array a table is, or 0 when it is an object (or empty): all its keys are
     * positive integers, and it is not excessively sparse (Lua CJSON: more than twice as long as
     * its elements, and longer than 10).
     */
    private static int arrayLength(LuaTable table) {
        LuaConversions.KeyShape shape = LuaConversions.keyShape(table);
        if (!shape.positiveIntegers()) {
            return 0;
        }
        if (shape.max() > shape.count() * 2 && shape.max() > 10) {
            throw new LuaError("Cannot serialise table: excessively sparse array");
        }
        return shape.max();
    }

    private static LuaValue decode(JsonNode node, LuaValue nullValue) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return nullValue;
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.booleanValue());
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.doubleValue());
        }
        if (node.isTextual()) {
            return LuaValue.valueOf(node.textValue());
        }
        LuaTable table = new LuaTable();
        if (node.isArray()) {
            int i = 1;
            for (JsonNode element : node) {
                table.rawset(i++, decode(element, nullValue));
            }
            return table;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            table.rawset(field.getKey(), decode(field.getValue(), nullValue));
        }
        return table;
    }
}
