package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The error replies of scripts, worded as Redis words them. An error raised in a script is
 * answered as its message (an error reply table's "err", or "ERR " and the text of any other
 * error), then " script: <sha1>, on @user_script:<line>." where the script was running.
 */
final class LuaErrors {

    private LuaErrors() {
    }

    /** LuaJ writes a position as "@user_script:3 message"; Lua (and so Redis) as "user_script:3: message". */
    static String position(String message) {
        if (message == null) {
            return "";
        }
        message = firstLine(message);
        if (message.startsWith("@")) {
            int space = message.indexOf(' ');
            int colon = message.lastIndexOf(':', space < 0 ? message.length() : space);
            if (space > 0 && colon > 0) {
                return message.substring(1, space) + ": " + message.substring(space + 1);
            }
        }
        return message;
    }

    /** LuaJ's lexer's token codes from 257 up, in order (Lua 5.2's reserved words and symbols). */
    private static final String[] TOKENS = {"and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto",
        "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while", "..", "...", "==", ">=",
        "<=", "~=", "::", "<eof>"};

    private static final java.util.regex.Pattern UNEXPECTED = java.util.regex.Pattern.compile("unexpected symbol (\\d+) \\(.*\\)$");

    /**
     * A compile error as Lua 5.1 words it where LuaJ's words can be mapped: LuaJ names the
     * unexpected token by its code ("unexpected symbol 286 (...)" where Lua says "unexpected
     * symbol near '<eof>'") and calls the end of input '<eos>'.
     */
    static String compileMessage(String message) {
        java.util.regex.Matcher unexpected = UNEXPECTED.matcher(message);
        if (unexpected.find()) {
            int code = Integer.parseInt(unexpected.group(1));
            String token = code < 256 ? String.valueOf((char) code) : code - 257 < TOKENS.length ? TOKENS[code - 257] : null;
            if (token != null) {
                return message.substring(0, unexpected.start()) + "unexpected symbol near '" + token + "'";
            }
        }
        return message.replace("'<eos>'", "'<eof>'");
    }

    /** The line the error happened on, from LuaJ's "@user_script:<line>" position; 0 when unknown. */
    /** The message without the (empty) traceback LuaJ appends after a line break. */
    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    static int line(LuaError error) {
        String message = error.getMessage() == null ? null : firstLine(error.getMessage());
        if (message != null && message.startsWith("@user_script:")) {
            int end = message.indexOf(' ');
            try {
                return Integer.parseInt(message.substring("@user_script:".length(), end < 0 ? message.length() : end));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** The reply to a script that raised {@code error}. */
    static String reply(LuaError error, String sha, int line) {
        LuaValue raised = error.getMessageObject();
        String text;
        if (raised instanceof LuaTable table && table.get("err").isstring()) {
            text = table.get("err").tojstring();
        } else {
            text = "ERR " + position(error.getMessage());
        }
        return line > 0 ? text + " script: " + sha + ", on @user_script:" + line + "." : text;
    }
}
