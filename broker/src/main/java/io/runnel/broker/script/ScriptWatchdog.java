package io.runnel.broker.script;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Looks in on the running script every 1024 Lua instructions (LuaJ calls a debug library's
 * hooks on each), so that SCRIPT KILL can stop a script that runs too long, as Redis's
 * instruction-count hook does. Only the instruction hook does any work.
 */
class ScriptWatchdog extends DebugLib {

    /** The script running on this thread; null between scripts. */
    ScriptRun running;
    private int instructions;

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if ((++instructions & 0x3FF) == 0) {
            look();
        }
    }

    /** Called every 1024 instructions: stops the running script if SCRIPT KILL asked. */
    void look() {
        if (running != null) {
            running.checkKilled();
        }
    }

    @Override
    public void onCall(LuaFunction f) {
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
    }

    @Override
    public void onReturn() {
    }

    /** LuaJ appends this to error messages when a debug library is present: nothing, here. */
    @Override
    public String traceback(int level) {
        return "";
    }
}
