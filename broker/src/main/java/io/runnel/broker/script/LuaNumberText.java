package io.runnel.broker.script;

/**
 * The text Lua 5.1 makes of a number ("%.14g"), for LuaJ's {@code LuaDouble.tojstring()} (see
 * {@link LuaJPatch}): public because LuaJ's class calls it.
 */
public final class LuaNumberText {

    private LuaNumberText() {
    }

    public static String of(double value) {
        return LuaFormat.luaNumber(value);
    }
}
