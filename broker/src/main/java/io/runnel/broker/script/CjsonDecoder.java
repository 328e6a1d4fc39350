package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.io.ByteArrayOutputStream;

/**
 * cjson.decode as Lua CJSON 2.1 parses: over the bytes of the text (strings keep any bytes they
 * hold), with its tokens, its errors word for word ("Expected comma or array end but found
 * T_NUMBER at character 4") and its settings (nesting limit, and whether NaN, Infinity,
 * hexadecimal numbers and leading zeros are accepted).
 */
final class CjsonDecoder {

    private enum Token { T_OBJ_BEGIN, T_OBJ_END, T_ARR_BEGIN, T_ARR_END, T_STRING, T_NUMBER, T_BOOLEAN, T_NULL, T_COLON, T_COMMA, T_END }

    private final byte[] text;
    private final int maxDepth;
    private final boolean invalidNumbers;
    private final LuaValue nullValue;
    private int at;
    private int depth;

    /** The token just read: its kind (null: an error), where it starts, and its value. */
    private Token token;
    private int tokenStart;
    private LuaValue tokenValue;
    private String tokenError;

    private CjsonDecoder(byte[] text, int maxDepth, boolean invalidNumbers, LuaValue nullValue) {
        this.text = text;
        this.maxDepth = maxDepth;
        this.invalidNumbers = invalidNumbers;
        this.nullValue = nullValue;
    }

    static LuaValue decode(byte[] text, int maxDepth, boolean invalidNumbers, LuaValue nullValue) {
        if (text.length >= 2 && (text[0] == 0 || text[1] == 0)) {
            throw new LuaError("JSON parser does not support UTF-16 or UTF-32");
        }
        CjsonDecoder decoder = new CjsonDecoder(text, maxDepth, invalidNumbers, nullValue);
        decoder.next();
        LuaValue value = decoder.value();
        decoder.next();
        if (decoder.token != Token.T_END) {
            throw decoder.expected("the end");
        }
        return value;
    }

    private LuaValue value() {
        if (token == null) {
            throw expected("value");
        }
        return switch (token) {
            case T_STRING, T_NUMBER, T_BOOLEAN -> tokenValue;
            case T_NULL -> nullValue;
            case T_OBJ_BEGIN -> object();
            case T_ARR_BEGIN -> array();
            default -> throw expected("value");
        };
    }

    private LuaTable object() {
        descend();
        LuaTable table = new LuaTable();
        next();
        if (token == Token.T_OBJ_END) {
            depth--;
            return table;
        }
        while (true) {
            if (token != Token.T_STRING) {
                throw expected("object key string");
            }
            LuaValue key = tokenValue;
            next();
            if (token != Token.T_COLON) {
                throw expected("colon");
            }
            next();
            table.rawset(key, value());
            next();
            if (token == Token.T_OBJ_END) {
                depth--;
                return table;
            }
            if (token != Token.T_COMMA) {
                throw expected("comma or object end");
            }
            next();
        }
    }

    private LuaTable array() {
        descend();
        LuaTable table = new LuaTable();
        next();
        if (token == Token.T_ARR_END) {
            depth--;
            return table;
        }
        for (int i = 1; ; i++) {
            table.rawset(i, value());
            next();
            if (token == Token.T_ARR_END) {
                depth--;
                return table;
            }
            if (token != Token.T_COMMA) {
                throw expected("comma or array end");
            }
            next();
        }
    }

    private void descend() {
        if (++depth > maxDepth) {
            throw new LuaError("Found too many nested data structures (" + depth + ") at character " + at);
        }
    }

    private LuaError expected(String what) {
        String found = token == null ? tokenError : token.name();
        return new LuaError("Expected " + what + " but found " + found + " at character " + (tokenStart + 1));
    }

    private int current() {
        return at < text.length ? text[at] & 0xff : 0; // the text ends as a C string would
    }

    private void next() {
        while (current() == ' ' || current() == '\t' || current() == '\r' || current() == '\n') {
            at++;
        }
        tokenStart = at;
        int c = current();
        Token single = switch (c) {
            case '{' -> Token.T_OBJ_BEGIN;
            case '}' -> Token.T_OBJ_END;
            case '[' -> Token.T_ARR_BEGIN;
            case ']' -> Token.T_ARR_END;
            case ':' -> Token.T_COLON;
            case ',' -> Token.T_COMMA;
            case 0 -> Token.T_END;
            default -> null;
        };
        if (single != null) {
            token = single;
            if (single != Token.T_END) {
                at++;
            }
        } else if (c == '"') {
            string();
        } else if (c == '-' || c >= '0' && c <= '9') {
            if (!invalidNumbers && isInvalidNumber()) {
                error("invalid number");
            } else {
                number();
            }
        } else if (startsWith("true")) {
            literal(LuaValue.TRUE, Token.T_BOOLEAN, 4);
        } else if (startsWith("false")) {
            literal(LuaValue.FALSE, Token.T_BOOLEAN, 5);
        } else if (startsWith("null")) {
            literal(LuaValue.NIL, Token.T_NULL, 4);
        } else if (invalidNumbers && "+iInN".indexOf(c) >= 0 && isInvalidNumber()) {
            number();
        } else {
            error("invalid token");
        }
    }

    private void literal(LuaValue value, Token kind, int length) {
        token = kind;
        tokenValue = value;
        at += length;
    }

    private void error(String message) {
        token = null;
        tokenError = message;
        tokenStart = at;
    }

    /** What strict JSON refuses though strtod reads it: a leading '+', hexadecimal, leading zeros, inf, nan. */
    private boolean isInvalidNumber() {
        int p = at;
        if (current() == '+') {
            return true;
        }
        if (current() == '-') {
            p++;
        }
        int c = p < text.length ? text[p] & 0xff : 0;
        if (c == '0') {
            int next = p + 1 < text.length ? text[p + 1] & 0xff : 0;
            return (next | 0x20) == 'x' || next >= '0' && next <= '9';
        }
        if (c <= '9') {
            return false;
        }
        return Strtod.startsWithIgnoringCase(text, p, "inf") || Strtod.startsWithIgnoringCase(text, p, "nan");
    }

    private void number() {
        Strtod.Parsed parsed = Strtod.parse(text, at);
        if (parsed == null) {
            error("invalid number");
            return;
        }
        token = Token.T_NUMBER;
        tokenValue = LuaValue.valueOf(parsed.value());
        at = parsed.end();
    }

    private void string() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        at++; // the opening quote
        while (current() != '"') {
            int c = current();
            if (c == 0) {
                error("unexpected end of string");
                return;
            }
            if (c == '\\') {
                int escaped = at + 1 < text.length ? text[at + 1] & 0xff : 0;
                if (escaped == 'u') {
                    if (!unicodeEscape(out)) {
                        error("invalid unicode escape code");
                        return;
                    }
                    continue;
                }
                int translated = switch (escaped) {
                    case '"', '\\', '/' -> escaped;
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> -1;
                };
                if (translated < 0) {
                    error("invalid escape code");
                    return;
                }
                at++;
                c = translated;
            }
            out.write(c);
            at++;
        }
        at++; // the closing quote
        token = Token.T_STRING;
        tokenValue = LuaString.valueOf(out.toByteArray());
    }

    /** Appends the UTF-8 of the \\uXXXX escape at the cursor (a surrogate pair takes two); false when malformed. */
    private boolean unicodeEscape(ByteArrayOutputStream out) {
        int codepoint = hex4(at + 2);
        int length = 6;
        if (codepoint < 0) {
            return false;
        }
        if ((codepoint & 0xF800) == 0xD800) {
            if ((codepoint & 0x400) != 0 || at + 7 >= text.length || text[at + 6] != '\\' || text[at + 7] != 'u') {
                return false; // a low surrogate first, or a high one alone
            }
            int low = hex4(at + 8);
            if (low < 0 || (low & 0xFC00) != 0xDC00) {
                return false;
            }
            codepoint = (((codepoint & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
            length = 12;
        }
        out.writeBytes(new String(Character.toChars(codepoint)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        at += length;
        return true;
    }

    private int hex4(int from) {
        if (from + 4 > text.length) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(text[i] & 0xff, 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private boolean startsWith(String word) {
        if (at + word.length() > text.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (text[at + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
