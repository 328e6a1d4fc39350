package io.runnel.broker.script;

import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaValue;

/**
 * Numbers as Lua 5.1 keeps them, where LuaJ keeps integral values as integers: -0 is a number
 * of its own ("-0", 1/-0 is -inf), so it stays a double (see {@link LuaJPatch}).
 */
public final class Lua51Numbers {

    private Lua51Numbers() {
    }

    /**
     * A numeric constant of a compiled chunk (LuaJ's {@code FuncState.numberK}): an integral
     * double becomes an integer, except -0.
     */
    public static LuaValue constant(LuaValue number) {
        return number instanceof LuaDouble ? LuaValue.valueOf(number.todouble()) : number;
    }
}
