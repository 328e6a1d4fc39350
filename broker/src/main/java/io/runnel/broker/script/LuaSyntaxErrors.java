package io.runnel.broker.script;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaError;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * A compile error as Lua 5.1 words it, "chunk:line: message near 'token'", for LuaJ's lexer (see
 * {@link LuaJPatch}): LuaJ's own drops the "near" part. Reads the lexer's position and the
 * token's text through reflection, which only the error path pays.
 */
public final class LuaSyntaxErrors {

    private static final Field SOURCE;
    private static final Field LINE;
    private static final Method TOKEN_TEXT;

    static {
        try {
            Class<?> lexer = Class.forName("org.luaj.vm2.compiler.LexState");
            SOURCE = lexer.getDeclaredField("source");
            LINE = lexer.getDeclaredField("linenumber");
            TOKEN_TEXT = lexer.getDeclaredMethod("txtToken", int.class);
            SOURCE.setAccessible(true);
            LINE.setAccessible(true);
            TOKEN_TEXT.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LuaSyntaxErrors() {
    }

    /** LuaJ names the unexpected token by its code after the message, which Lua 5.1 does not. */
    private static final java.util.regex.Pattern TOKEN_CODE = java.util.regex.Pattern.compile("^unexpected symbol \\d+ \\(.*\\)$",
            java.util.regex.Pattern.DOTALL);

    /** The error LuaJ's lexer raises for {@code message} at {@code token} (0: no token to name). */
    public static LuaError raise(Object lexer, String message, int token) {
        try {
            String where = Lua.chunkid(SOURCE.get(lexer).toString()) + ":" + LINE.getInt(lexer) + ": ";
            if (TOKEN_CODE.matcher(message).matches()) {
                message = "unexpected symbol";
            }
            message = message.replace("'<eos>'", "'<eof>'");
            String near = "";
            if (token != 0) {
                // a number's text keeps the NUL LuaJ's lexer appends to it
                String text = String.valueOf(TOKEN_TEXT.invoke(lexer, token)).replace("\0", "");
                near = " near '" + (text.equals("<eos>") ? "<eof>" : text) + "'"; // Lua 5.1 calls the end <eof>
            }
            return new LuaError(where + message + near);
        } catch (ReflectiveOperationException e) {
            return new LuaError(message);
        }
    }
}
