package io.runnel.broker.script;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The build step has replaced two LuaJ methods: number texts are Lua 5.1's "%.14g", compile errors name the token. */
class LuaJPatchTest {

    @Test
    void luajWritesNumbersAsLua51() {
        assertEquals("0.33333333333333", LuaValue.valueOf(1.0 / 3).tojstring());
        assertEquals("1e+15", LuaValue.valueOf(1e15).tojstring());
        assertEquals("1e+100", LuaValue.valueOf(1e100).tojstring());
        assertEquals("-inf", LuaValue.valueOf(Double.NEGATIVE_INFINITY).tojstring());
        assertEquals("x0.5", LuaValue.valueOf("x").concat(LuaValue.valueOf(0.5)).tojstring());
        assertEquals("12", LuaValue.valueOf(12.0).tojstring());
    }

    @Test
    void compileErrorsNameTheTokenAsLua51() {
        org.luaj.vm2.Globals globals = org.luaj.vm2.lib.jse.JsePlatform.standardGlobals();
        org.luaj.vm2.LuaError error = org.junit.jupiter.api.Assertions.assertThrows(org.luaj.vm2.LuaError.class,
                () -> globals.load("return 1 +* 2", "@user_script"));
        assertEquals("user_script:1: unexpected symbol near '*'", error.getMessage().split("\n")[0]);
    }
}
