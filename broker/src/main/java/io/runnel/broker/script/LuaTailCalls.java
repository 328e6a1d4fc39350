package io.runnel.broker.script;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.TailcallVarargs;
import org.luaj.vm2.Varargs;

/**
 * Tail calls as Lua 5.1 makes them (LuaClosure's OP_TAILCALL goes here, see
 * {@link LuaClosurePatch}): a Lua function called by {@code return f(...)} replaces the caller,
 * so a tail-recursive loop runs in constant stack however long it runs; a library function
 * (C, in Lua 5.1) is simply called, in the caller's frame, so an error it raises is positioned
 * at the caller's line and names the function as called ("bad argument #1 to 'rep'"), where
 * LuaJ would run it after the caller had returned, with no line.
 */
public final class LuaTailCalls {

    private LuaTailCalls() {
    }

    public static Varargs tailCall(LuaValue function, Varargs arguments) {
        return function instanceof LuaClosure ? new TailcallVarargs(function, arguments) : function.invoke(arguments);
    }
}
