package io.runnel.broker.script;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The build step has replaced LuaJ's methods: number texts are Lua 5.1's "%.14g", compile errors
 * name the token, numerals are read as Lua 5.1 reads them, runtime errors name the variable.
 * (Plain LuaJ, without Runnel's sandbox, shows the patches themselves.)
 */
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

    @Test
    void numeralsAreReadAsLua51() {
        org.luaj.vm2.Globals globals = org.luaj.vm2.lib.jse.JsePlatform.standardGlobals();
        assertEquals(16, globals.load("return 0x1p4", "@user_script").call().toint());
        org.luaj.vm2.LuaError error = org.junit.jupiter.api.Assertions.assertThrows(org.luaj.vm2.LuaError.class,
                () -> globals.load("return 1e", "@user_script"));
        assertEquals("user_script:1: malformed number near '1e'", error.getMessage());
    }

    @Test
    void runtimeErrorsNameTheVariableWhereTheyHappened() {
        org.luaj.vm2.Globals globals = org.luaj.vm2.lib.jse.JsePlatform.standardGlobals();
        org.luaj.vm2.LuaError error = org.junit.jupiter.api.Assertions.assertThrows(org.luaj.vm2.LuaError.class,
                () -> globals.load("local t = {}\nreturn t.x.y", "@user_script").call());
        assertEquals("user_script:2: attempt to index field 'x' (a nil value)", error.getMessage());
    }
}
