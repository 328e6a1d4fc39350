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

    /** The message without the (empty) traceback LuaJ appends after a line break. */
    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** The line the error happened on, from LuaJ's "@<chunk>:<line>" position; 0 when unknown. */
    static int line(LuaError error, String chunk) {
        String prefix = "@" + chunk + ":";
        String message = error.getMessage() == null ? null : firstLine(error.getMessage());
        if (message != null && message.startsWith(prefix)) {
            int end = message.indexOf(' ');
            try {
                return Integer.parseInt(message.substring(prefix.length(), end < 0 ? message.length() : end));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** The error's text: an error reply table's "err", or "ERR " and the message with Lua's position. */
    static String text(LuaError error) {
        LuaValue raised = error.getMessageObject();
        if (raised instanceof LuaTable table && table.get("err").isstring()) {
            return table.get("err").tojstring();
        }
        return "ERR " + position(error.getMessage());
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
