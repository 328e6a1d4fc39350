package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.lang.reflect.Field;

/**
 * The error replies of scripts, worded as Redis words them. An error raised in a script is
 * answered as its message (an error reply table's "err", or "ERR " and the text of any other
 * error), then " script: <sha1>, on @user_script:<line>." where the script raised it.
 */
final class LuaErrors {

    /** Where an error was raised, "chunk:line" ({@link LuaRuntimeErrors#fileline}); LuaJ keeps it protected. */
    private static final Field RAISED_AT;
    /** The value raised, when not text; LuaJ keeps it private. */
    private static final Field RAISED;

    static {
        try {
            RAISED_AT = LuaError.class.getDeclaredField("fileline");
            RAISED = LuaError.class.getDeclaredField("object");
            RAISED_AT.setAccessible(true);
            RAISED.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LuaErrors() {
    }

    /** "chunk:line" where {@code error} was raised in a script, or null when not raised by a script's instruction. */
    private static String raisedAt(LuaError error) {
        try {
            return (String) RAISED_AT.get(error);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** Makes {@code value} what {@code error} carries (getMessageObject), as an xpcall handler's answer replaces what was raised. */
    static void replaceRaised(LuaError error, LuaValue value) {
        try {
            RAISED.set(error, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line {@code error} was raised on in {@code chunk}; 0 when unknown. */
    static int line(LuaError error, String chunk) {
        String at = raisedAt(error);
        if (at != null && at.startsWith(chunk + ":")) {
            try {
                return Integer.parseInt(at.substring(chunk.length() + 1));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /**
     * The error's text: an error reply table's "err", else "ERR " and the message (positioned
     * as Lua positions it; a table raised without "err" is named with its position, as Redis
     * does).
     */
    static String text(LuaError error) {
        LuaValue raised = error.getMessageObject();
        if (raised instanceof LuaTable table) {
            if (table.get("err").isstring()) {
                return table.get("err").tojstring();
            }
            String at = raisedAt(error);
            return "ERR " + (at == null ? "" : at + ": ") + table.tojstring();
        }
        return "ERR " + (error.getMessage() == null ? "nil" : error.getMessage());
    }

    /**
     * The reply to a script (or function) that raised {@code error}: its text, then where it
     * was raised, " script: <sha1 or function name>, on @<chunk>:<line>.", when that is known.
     */
    static String reply(LuaError error, String label, String chunk) {
        int line = line(error, chunk);
        String text = text(error);
        return line > 0 ? text + " script: " + label + ", on @" + chunk + ":" + line + "." : text;
    }
}
