package io.runnel.broker.script;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;

/**
 * The message of an error raised by a Lua instruction itself (indexing nil, calling a number,
 * adding a table, ...), worded as Lua 5.1 words it: "attempt to index local 't' (a nil value)".
 * LuaJ says "attempt to index ? (a nil value)" or "attempt to call nil" and never names the
 * variable; Lua finds the name from the failing instruction and the function's debug
 * information, which is what {@link #message} does, at the one place LuaJ positions an error
 * (see {@link LuaJPatch}). Only the error path pays for it.
 *
 * <p>The name search follows Lua's: a register that is an active local is named "local"; else
 * the last instruction before the failing one that set the register tells what it holds (a
 * global, a table's field, an upvalue, a method). Messages LuaJ did not raise for the
 * instruction's own operation (an error from a called function, {@code error()}) are kept.
 */
public final class LuaRuntimeErrors {

    private static final LuaString ENV = LuaValue.valueOf("_ENV");

    private LuaRuntimeErrors() {
    }

    /** Where an error raised at {@code pc} of {@code p} happened, "chunk:line" as Lua names it. */
    public static String fileline(Prototype p, int pc) {
        String source = p.source != null ? Lua.chunkid(p.source.tojstring()) : "?";
        String line = p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length ? String.valueOf(p.lineinfo[pc]) : "?";
        return source + ":" + line;
    }

    /**
     * The message of {@code error} (raised with {@code level}, as Lua's error(message, level))
     * once positioned at {@code pc} of {@code closure}, whose registers are {@code stack}:
     * "chunk:line: message" (no position at level 0, none for a message that is not text), then
     * passed through the running xpcall's handler, if any. Null leaves the error as raised.
     */
    public static String message(LuaError error, int level, LuaClosure closure, Prototype p, int pc, LuaValue[] stack,
                                 Varargs pending, int top) {
        LuaValue raised = error.getMessageObject();
        if (raised == null) {
            return null; // error() with no message: nothing to position, and Lua calls no handler with nil either
        }
        LuaValue message = raised;
        if (raised.isstring()) { // a string or a number, the messages Lua positions
            String text = raised.tojstring();
            String worded = isOperationError(text) ? reworded(new Frame(closure, p, pc, stack, pending, top), text) : null;
            boolean positioned = level > 0 && !raisedByLibraryOperation(p, pc, stack, text);
            text = worded != null ? worded : text;
            message = LuaValue.valueOf(positioned ? fileline(p, pc) + ": " + text : text);
        }
        LuaValue handled = LuaSandbox.handled(message);
        if (handled == message && !message.isstring()) {
            return null; // a table or a boolean, outside xpcall: kept as raised
        }
        if (handled != message) {
            LuaErrors.replaceRaised(error, handled); // what xpcall returns, in place of the value raised
        }
        return handled.tojstring();
    }

    /**
     * Whether a library function the instruction at {@code pc} called failed in an operation of
     * its own (table.sort comparing, next given a key it does not have, rawset given a nil or
     * NaN key): Lua 5.1 raises those from inside the C function, where no position is added.
     */
    private static boolean raisedByLibraryOperation(Prototype p, int pc, LuaValue[] stack, String text) {
        if (pc < 0 || pc >= p.code.length || !(text.startsWith("attempt to ") || text.equals("invalid key to 'next'")
                || text.startsWith("table index is ") || text.equals("Attempt to modify a readonly table"))) {
            return false;
        }
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        if (op != Lua.OP_CALL && op != Lua.OP_TAILCALL) {
            return false;
        }
        LuaValue callee = stack[Lua.GETARG_A(i)];
        return callee.isfunction() && !(callee instanceof LuaClosure);
    }

    /** The texts LuaJ raises for a failed operation (LuaValue's indexerror, aritherror, ..., typerror) or a refused argument. */
    private static boolean isOperationError(String message) {
        return message.startsWith("attempt to ") || message.startsWith("index expected, got ") || message.startsWith("bad argument");
    }

    /** Lua 5.1's wording of a refused argument, as Runnel's own library functions raise it. */
    private static final java.util.regex.Pattern NAMED_ARGUMENT = java.util.regex.Pattern.compile(
            "(?:bad argument #(\\d+) to '[^']*'|calling '[^']*' on bad self) \\((.*)\\)", java.util.regex.Pattern.DOTALL);

    /**
     * The message of a library function called directly by pcall that refused an argument, as
     * Lua 5.1 words it there: called from C, the function has no name ("bad argument #1 to '?'
     * (string expected, got no value)"), and no argument is a method's self.
     */
    static LuaValue refusedUnderPcall(LuaValue function, Varargs arguments, LuaValue message) {
        if (function instanceof LuaClosure || !message.isstring()) {
            return message;
        }
        String raised = message.tojstring();
        if (!raised.startsWith("bad argument") && !raised.startsWith("calling '")) {
            return message;
        }
        LuaValue[] given = new LuaValue[arguments.narg()];
        for (int i = 0; i < given.length; i++) {
            given[i] = arguments.arg(i + 1);
        }
        String refusal = LuaSandbox.current().signatures.refusal(function, given, "?", false);
        if (refusal != null) {
            return LuaValue.valueOf(refusal);
        }
        java.util.regex.Matcher numbered = NUMBERED_ARGUMENT.matcher(raised);
        if (numbered.matches()) {
            String problem = numbered.group(2).equals("value") ? "value expected" : numbered.group(2);
            return LuaValue.valueOf(LuaSignatures.worded(Integer.parseInt(numbered.group(1)), "?", problem, false));
        }
        java.util.regex.Matcher named = NAMED_ARGUMENT.matcher(raised);
        if (named.matches()) {
            int position = named.group(1) == null ? 1 : Integer.parseInt(named.group(1)); // a bad self is argument 1
            return LuaValue.valueOf(LuaSignatures.worded(position, "?", named.group(2), false));
        }
        return message;
    }

    /** LuaJ's wording of an argument refused by position: "bad argument #2: base out of range". */
    private static final java.util.regex.Pattern NUMBERED_ARGUMENT = java.util.regex.Pattern.compile("bad argument #(\\d+): (.*)",
            java.util.regex.Pattern.DOTALL);

    /** Lua 5.1's text for the failed operation at {@code pc}, or null when the instruction did not fail by itself. */
    private static String reworded(Frame frame, String raised) {
        Prototype p = frame.p();
        int pc = frame.pc();
        LuaValue[] stack = frame.stack();
        if (pc < 0 || pc >= p.code.length) {
            return null;
        }
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        if (op == Lua.OP_GETTABLE || op == Lua.OP_SELF) {
            return frame.typeError(Operand.register(b), "index", LuaRuntimeErrors::indexable);
        }
        if (op == Lua.OP_SETTABLE) {
            return frame.typeError(Operand.register(a), "index", LuaRuntimeErrors::indexable);
        }
        if (op == Lua.OP_GETTABUP) {
            return frame.typeError(Operand.upvalue(b), "index", LuaRuntimeErrors::indexable);
        }
        if (op == Lua.OP_SETTABUP) {
            return frame.typeError(Operand.upvalue(a), "index", LuaRuntimeErrors::indexable);
        }
        if (op == Lua.OP_CALL || op == Lua.OP_TAILCALL) {
            if (raised.startsWith("bad argument")) {
                return stack[a] instanceof LuaClosure ? null : frame.argumentError(a, b, raised);
            }
            return frame.typeError(Operand.register(a), "call", LuaRuntimeErrors::callable);
        }
        if (raised.startsWith("bad argument")) {
            return null; // raised by a function some other instruction called (a metamethod): kept
        }
        if (op == Lua.OP_TFORCALL) {
            // Lua 5.1 calls a copy of the iterator in a scratch register, which has no name
            return frame.typeError(Operand.anonymous(stack[a]), "call", LuaRuntimeErrors::callable);
        }
        if (op >= Lua.OP_ADD && op <= Lua.OP_POW) {
            Operand left = frame.rk(b);
            Operand right = frame.rk(c);
            // Lua blames the left operand when it is not a number, else the right one
            return frame.typeError(left.value().tonumber().isnil() ? left : right, "perform arithmetic on", LuaRuntimeErrors::numeric);
        }
        if (op == Lua.OP_UNM) {
            return frame.typeError(Operand.register(b), "perform arithmetic on", LuaRuntimeErrors::numeric);
        }
        if (op == Lua.OP_LEN) {
            return frame.typeError(Operand.register(b), "get length of", v -> v.istable() || v.type() == LuaValue.TSTRING);
        }
        if (op == Lua.OP_CONCAT) {
            return frame.concatError(b, c);
        }
        if (op == Lua.OP_LT || op == Lua.OP_LE) {
            return orderError(frame.rk(b).value(), frame.rk(c).value());
        }
        return null;
    }

    private static boolean indexable(LuaValue value) {
        return value.istable() || value.getmetatable() != null;
    }

    private static boolean callable(LuaValue value) {
        return value.isfunction() || value.getmetatable() != null;
    }

    private static boolean numeric(LuaValue value) {
        return !value.tonumber().isnil() || value.getmetatable() != null && !value.isstring();
    }

    private static boolean concatenable(LuaValue value) {
        return value.isstring(); // strings and numbers
    }

    /** Lua 5.1's comparison error; it tells "two" from "with" by the type names' third letter. */
    static String orderError(LuaValue left, LuaValue right) {
        if (left.type() == right.type() && (left.type() == LuaValue.TNUMBER || left.type() == LuaValue.TSTRING)) {
            return null; // comparable: the error came from elsewhere
        }
        String t1 = left.typename();
        String t2 = right.typename();
        return t1.charAt(2) == t2.charAt(2) ? "attempt to compare two " + t1 + " values" : "attempt to compare " + t1 + " with " + t2;
    }

    /** A value an instruction operates on, and the register holding it (-1: a constant or an upvalue's value). */
    private record Operand(LuaValue value, int register, int upvalue) {
        static Operand register(int register) {
            return new Operand(null, register, -1);
        }

        static Operand upvalue(int index) {
            return new Operand(null, -1, index);
        }

        static Operand anonymous(LuaValue value) {
            return new Operand(value, -1, -1);
        }
    }

    /** The failing function's state: its code, debug information, registers and upvalues. */
    /**
     * The failing instruction's frame: its registers, and the values an open call ("f(g())")
     * passes beyond them ({@code pending}, LuaJ's {@code v}, which ends at register {@code top}).
     */
    private record Frame(LuaClosure closure, Prototype p, int pc, LuaValue[] stack, Varargs pending, int top) {

        Operand rk(int operand) {
            return Lua.ISK(operand) ? Operand.anonymous(p.k[Lua.INDEXK(operand)]) : new Operand(stack[operand], operand, -1);
        }

        LuaValue valueOf(Operand operand) {
            if (operand.value() != null) {
                return operand.value();
            }
            if (operand.register() >= 0) {
                return stack[operand.register()];
            }
            return closure.upValues[operand.upvalue()].getValue();
        }

        /** "attempt to {op} {kind} '{name}' (a {type} value)", or without the name when Lua finds none. */
        String typeError(Operand operand, String op, java.util.function.Predicate<LuaValue> allowed) {
            LuaValue value = valueOf(operand);
            if (allowed.test(value)) {
                return null;
            }
            String[] named = operand.register() >= 0 ? nameOf(pc, operand.register())
                    : operand.upvalue() >= 0 ? new String[] {"upvalue", upvalueName(operand.upvalue())} : null;
            return named == null
                    ? "attempt to " + op + " a " + value.typename() + " value"
                    : "attempt to " + op + " " + named[0] + " '" + named[1] + "' (a " + value.typename() + " value)";
        }

        /**
         * A library function called at register {@code a} with {@code b - 1} arguments (0: as
         * many as a call before left) refused one: Lua 5.1 names the function as it was called
         * and the argument by position, not counting a method's self.
         */
        String argumentError(int a, int b, String raised) {
            String[] named = nameOf(pc, a);
            String name = named == null ? "?" : named[1];
            boolean method = named != null && named[0].equals("method");
            LuaValue[] arguments = b != 0 ? java.util.Arrays.copyOfRange(stack, a + 1, a + b) : openArguments(a);
            if (arguments != null) {
                // Lua 5.1 checks from the first argument; LuaJ's own order may differ
                String refusal = LuaSandbox.current().signatures.refusal(stack[a], arguments, name, method);
                if (refusal != null) {
                    return refusal;
                }
            }
            java.util.regex.Matcher numbered = NUMBERED_ARGUMENT.matcher(raised);
            if (numbered.matches()) {
                int position = Integer.parseInt(numbered.group(1)) - (method ? 1 : 0);
                String problem = numbered.group(2).equals("value") ? "value expected" : numbered.group(2);
                return LuaSignatures.worded(position, name, problem, method);
            }
            // the arguments are not all in the registers (b == 0): only a one-argument function can be worded
            return method ? null : LuaSandbox.current().signatures.refusalOfOnlyArgument(stack[a], raised, name);
        }

        /** An open call's arguments: the registers after the function up to the pending values, then those; null if unknown. */
        private LuaValue[] openArguments(int a) {
            if (pending == null) {
                return null;
            }
            int fixed = top - pending.narg() - (a + 1);
            if (fixed < 0 || a + 1 + fixed > stack.length) {
                return null;
            }
            LuaValue[] arguments = java.util.Arrays.copyOf(java.util.Arrays.copyOfRange(stack, a + 1, a + 1 + fixed), fixed + pending.narg());
            for (int i = 0; i < pending.narg(); i++) {
                arguments[fixed + i] = pending.arg(i + 1);
            }
            return arguments;
        }

        /**
         * Lua 5.1 concatenates from the right, merging the longest run of strings each pass, and
         * blames the first operand of the failing pair unless that one is a string.
         */
        String concatError(int first, int last) {
            boolean[] text = new boolean[last + 1];
            for (int r = first; r <= last; r++) {
                text[r] = concatenable(stack[r]);
            }
            int top = last;
            while (top > first) {
                if (!text[top - 1] || !text[top]) {
                    int blamed = text[top - 1] ? top : top - 1;
                    if (stack[blamed].getmetatable() != null && !stack[blamed].isstring()) {
                        return null; // a __concat may have raised it
                    }
                    return typeError(new Operand(stack[blamed], blamed, -1), "concatenate", v -> false);
                }
                int start = top - 1;
                while (start > first && text[start - 1]) {
                    start--;
                }
                text[start] = true;
                top = start;
            }
            return null;
        }

        private String upvalueName(int index) {
            return p.upvalues != null && index < p.upvalues.length && p.upvalues[index].name != null
                    ? p.upvalues[index].name.tojstring() : "?";
        }

        /** {kind, name} of what register {@code reg} holds at {@code at}, or null when Lua finds no name. */
        private String[] nameOf(int at, int reg) {
            LuaString local = p.getlocalname(reg + 1, at);
            if (local != null) {
                return new String[] {"local", local.tojstring()};
            }
            int setter = lastSetter(at, reg);
            if (setter < 0) {
                return null;
            }
            int i = p.code[setter];
            int op = Lua.GET_OPCODE(i);
            if (op == Lua.OP_MOVE) {
                int from = Lua.GETARG_B(i);
                return from < Lua.GETARG_A(i) ? nameOf(setter, from) : null;
            }
            if (op == Lua.OP_GETTABUP) {
                boolean global = p.upvalues != null && Lua.GETARG_B(i) < p.upvalues.length
                        && ENV.equals(p.upvalues[Lua.GETARG_B(i)].name);
                return new String[] {global ? "global" : "field", constantName(Lua.GETARG_C(i))};
            }
            if (op == Lua.OP_GETTABLE) {
                return new String[] {"field", constantName(Lua.GETARG_C(i))};
            }
            if (op == Lua.OP_GETUPVAL) {
                return new String[] {"upvalue", upvalueName(Lua.GETARG_B(i))};
            }
            if (op == Lua.OP_SELF) {
                return new String[] {"method", constantName(Lua.GETARG_C(i))};
            }
            return null;
        }

        /** A key's name: the text of a string constant, else "?" (Lua 5.1 names no other key). */
        private String constantName(int operand) {
            if (Lua.ISK(operand)) {
                LuaValue key = p.k[Lua.INDEXK(operand)];
                if (key.type() == LuaValue.TSTRING) {
                    return key.tojstring();
                }
            }
            return "?";
        }

        /**
         * The last instruction before {@code before} that sets register {@code reg}, following
         * forward jumps that stay before it (so a branch not taken is skipped); -1 when none.
         */
        private int lastSetter(int before, int reg) {
            int setter = -1;
            for (int at = 0; at < before; at++) {
                int i = p.code[at];
                int op = Lua.GET_OPCODE(i);
                int a = Lua.GETARG_A(i);
                if (op == Lua.OP_LOADNIL) {
                    if (a <= reg && reg <= a + Lua.GETARG_B(i)) {
                        setter = at;
                    }
                } else if (op == Lua.OP_TFORCALL) {
                    if (reg >= a + 2) {
                        setter = at;
                    }
                } else if (op == Lua.OP_CALL || op == Lua.OP_TAILCALL) {
                    if (reg >= a) {
                        setter = at;
                    }
                } else if (op == Lua.OP_JMP) {
                    int target = at + 1 + Lua.GETARG_sBx(i);
                    if (at < target && target <= before) {
                        at = target - 1;
                    }
                } else if (op == Lua.OP_TEST) {
                    if (reg == a) {
                        setter = at;
                    }
                } else if (Lua.testAMode(op) && reg == a) {
                    setter = at;
                }
            }
            return setter;
        }
    }
}
