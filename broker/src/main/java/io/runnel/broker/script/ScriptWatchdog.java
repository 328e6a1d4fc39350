package io.runnel.broker.script;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Looks in on the running script every 1024 Lua instructions (LuaJ calls a debug library's
 * hooks on each), so that SCRIPT KILL can stop a script that runs too long, as Redis's
 * instruction-count hook does; and counts nested calls, to stop a recursion where Lua 5.1
 * stops it.
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

    /**
     * Lua 5.1's limits on nested calls, counted as here (Lua functions and pcall): its array of
     * call records doubles up to 16,384, and a call needing more is "stack overflow", raised
     * where the call was made; a state that has overflowed keeps 20,000 (LUAI_MAXCALLS) records
     * (see {@link ScriptCache#callDepth}).
     */
    static final int FIRST_DEPTH = 16383;
    static final int MAX_DEPTH = 19999;

    /** The limit for the run in progress. */
    int depthLimit = MAX_DEPTH;

    /** Calls in progress: Lua functions, and pcall's (LuaJ reports no others). */
    int depth;

    @Override
    public void onCall(LuaFunction f) {
        enter();
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        enter();
    }

    /**
     * Calls a run inline in an entity's batch may nest: threads of entities have ordinary Java
     * stacks, script threads {@link ScriptCache#SCRIPT_STACK_BYTES}.
     */
    static final int INLINE_DEPTH = 200;

    private void enter() {
        if (depth >= depthLimit) {
            if (running != null) {
                running.callsOverflowed();
            }
            throw new LuaError("stack overflow"); // before the callee's frame: it will not return
        }
        if (depth >= INLINE_DEPTH && running != null) {
            running.nestsDeeply();
        }
        depth++;
    }

    @Override
    public void onReturn() {
        depth--;
    }

    /** LuaJ appends this to error messages when a debug library is present: nothing, here. */
    @Override
    public String traceback(int level) {
        return "";
    }
}
