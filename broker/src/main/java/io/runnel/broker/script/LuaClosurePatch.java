package io.runnel.broker.script;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import static io.runnel.broker.script.LuaJPatch.CLOSURE;
import static io.runnel.broker.script.LuaJPatch.ERROR;
import static io.runnel.broker.script.LuaJPatch.TABLE;
import static io.runnel.broker.script.LuaJPatch.TABLES;

/**
 * LuaJPatch's changes to LuaClosure's interpreter loop ({@code execute}). LuaClosure positions
 * an error raised in it through {@code processErrorHooks(error, prototype, pc)}, which cannot
 * see the registers: both calls now go to an added overload that also gets the registers (the
 * loop's first parameter) and words the message through {@link LuaRuntimeErrors}. OP_NEWTABLE's
 * sizes are decoded, and an open constructor ({@code {f()}}) sizes its table for all its
 * values, as Lua 5.1 sizes them ({@link Lua51Tables}). A tail call ({@code return f(x)}) goes
 * through {@link LuaTailCalls}: a Lua function's is a tail call, any other function is called at
 * once, in this frame. A StackOverflowError (a script recursing
 * without end) becomes Lua's "stack overflow" error where the deepest call was made, as in
 * Redis ("user_script:1: stack overflow"), which pcall can catch.
 */
final class LuaClosurePatch extends ClassVisitor {

    private static final String HOOKS = "processErrorHooks";
    private static final String HOOKS_DESCRIPTOR = "(L" + ERROR + ";Lorg/luaj/vm2/Prototype;I)V";
    private static final String HOOKS_WITH_REGISTERS = "(L" + ERROR + ";Lorg/luaj/vm2/Prototype;I[Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;I)V";
    private static final String EXECUTE_DESCRIPTOR = "([Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;";
    private static final String RUNTIME_ERRORS = "io/runnel/broker/script/LuaRuntimeErrors";
    private static final String TAIL_CALL = "org/luaj/vm2/TailcallVarargs";

    private int redirected;
    private int newTables;
    private int overflows;
    private int openLists;
    private int tailCalls;

    LuaClosurePatch(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
        MethodVisitor method = super.visitMethod(access, name, desc, signature, exceptions);
        if (!name.equals("execute") || !desc.equals(EXECUTE_DESCRIPTOR)) {
            return method;
        }
        return new MethodVisitor(Opcodes.ASM9, method) {
            /** The last instructions seen, to recognise OP_SETLIST's "b = top - a - 1" when B is 0. */
            private final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();
            private final Label body = new Label();
            private final Label bodyEnd = new Label();
            private final Label overflow = new Label();

            @Override
            public void visitCode() {
                super.visitCode();
                // first in the exception table: a StackOverflowError anywhere in the loop
                super.visitTryCatchBlock(body, bodyEnd, overflow, "java/lang/StackOverflowError");
            }

            private boolean bodyStarted;

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                // Lua's "stack overflow" error: throw new LuaError("stack overflow"). It leaves this
                // frame (the handler is outside every protected range), and the caller's frame,
                // which has a little more stack, positions it as any other error.
                super.visitLabel(bodyEnd);
                super.visitLabel(overflow);
                super.visitInsn(Opcodes.POP);
                super.visitTypeInsn(Opcodes.NEW, ERROR);
                super.visitInsn(Opcodes.DUP);
                super.visitLdcInsn("stack overflow");
                super.visitMethodInsn(Opcodes.INVOKESPECIAL, ERROR, "<init>", "(Ljava/lang/String;)V", false);
                super.visitInsn(Opcodes.ATHROW);
                overflows++;
                super.visitMaxs(maxStack, maxLocals);
            }

            private void saw(String instruction) {
                recent.addLast(instruction);
                if (recent.size() > 5) {
                    recent.removeFirst();
                }
            }

            /** Just dropped a "new TailcallVarargs": its DUP goes too. */
            private boolean droppedNew;

            @Override
            public void visitTypeInsn(int opcode, String type) {
                if (opcode == Opcodes.NEW && type.equals(TAIL_CALL)) {
                    droppedNew = true; // the call's result comes from LuaTailCalls.tailCall instead
                    return;
                }
                super.visitTypeInsn(opcode, type);
            }

            @Override
            public void visitInsn(int opcode) {
                if (droppedNew && opcode == Opcodes.DUP) {
                    droppedNew = false;
                    return;
                }
                saw(String.valueOf(opcode));
                super.visitInsn(opcode);
            }

            @Override
            public void visitVarInsn(int opcode, int var) {
                boolean countOfOpenList = opcode == Opcodes.ISTORE && var == 5
                        && String.join(",", recent).equals(Opcodes.ILOAD + ":8," + Opcodes.ILOAD + ":4," + Opcodes.ISUB + ","
                        + Opcodes.ICONST_1 + "," + Opcodes.ISUB);
                saw(opcode + ":" + var);
                super.visitVarInsn(opcode, var);
                if (!bodyStarted && opcode == Opcodes.ISTORE && var == 7) {
                    super.visitLabel(body); // the region starts once pc holds a value, for the verifier
                    bodyStarted = true;
                }
                if (countOfOpenList) {
                    // Lua 5.1 sizes the array part for all the values an open constructor ({f()}) gets,
                    // nils included: table.presize(offset + count), before they are set
                    super.visitVarInsn(Opcodes.ALOAD, 9);
                    super.visitVarInsn(Opcodes.ILOAD, 14);
                    super.visitVarInsn(Opcodes.ILOAD, 5);
                    super.visitInsn(Opcodes.IADD);
                    super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/LuaValue", "presize", "(I)V", false);
                    openLists++;
                }
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String called, String calledDesc, boolean itf) {
                saw(called);
                if (opcode == Opcodes.INVOKESPECIAL && owner.equals(TABLE) && called.equals("<init>") && calledDesc.equals("(II)V")) {
                    // OP_NEWTABLE passes the sizes as encoded: decode both (the array size is under the hash size)
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, TABLES, "fb2int", "(I)I", false);
                    super.visitInsn(Opcodes.SWAP);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, TABLES, "fb2int", "(I)I", false);
                    super.visitInsn(Opcodes.SWAP);
                    newTables++;
                }
                if (opcode == Opcodes.INVOKESPECIAL && owner.equals(TAIL_CALL) && called.equals("<init>")) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, "io/runnel/broker/script/LuaTailCalls", "tailCall",
                            "(Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;", false);
                    tailCalls++;
                } else if (opcode == Opcodes.INVOKESPECIAL && owner.equals(CLOSURE) && called.equals(HOOKS) && calledDesc.equals(HOOKS_DESCRIPTOR)) {
                    super.visitVarInsn(Opcodes.ALOAD, 1); // execute's registers
                    super.visitVarInsn(Opcodes.ALOAD, 10); // its v: the values an open call passes beyond them
                    super.visitVarInsn(Opcodes.ILOAD, 8); // its top: where they end
                    super.visitMethodInsn(opcode, owner, HOOKS, HOOKS_WITH_REGISTERS, itf);
                    redirected++;
                } else {
                    super.visitMethodInsn(opcode, owner, called, calledDesc, itf);
                }
            }
        };
    }

    @Override
    public void visitEnd() {
        if (redirected != 2 || newTables != 1 || openLists != 1 || overflows != 1 || tailCalls != 5) {
            throw new IllegalStateException("LuaClosure.execute is not the expected one (" + redirected + " calls of " + HOOKS
                    + ", " + newTables + " new tables, " + openLists + " open lists, " + tailCalls + " tail calls): another LuaJ version?");
        }
        // if (error.fileline == null) error.fileline = LuaRuntimeErrors.fileline(p, pc);  (where it was raised)
        // if (error.level > 1) { error.level--; return; }  (a caller positions it, as Lua's error(message, level))
        // error.traceback = LuaRuntimeErrors.message(error, error.level, this, p, pc, registers, v, top);
        MethodVisitor body = super.visitMethod(Opcodes.ACC_PRIVATE, HOOKS, HOOKS_WITH_REGISTERS, null, null);
        body.visitCode();
        Label located = new Label();
        body.visitVarInsn(Opcodes.ALOAD, 1);
        body.visitFieldInsn(Opcodes.GETFIELD, ERROR, "fileline", "Ljava/lang/String;");
        body.visitJumpInsn(Opcodes.IFNONNULL, located);
        body.visitVarInsn(Opcodes.ALOAD, 1);
        body.visitVarInsn(Opcodes.ALOAD, 2);
        body.visitVarInsn(Opcodes.ILOAD, 3);
        body.visitMethodInsn(Opcodes.INVOKESTATIC, RUNTIME_ERRORS, "fileline", "(Lorg/luaj/vm2/Prototype;I)Ljava/lang/String;", false);
        body.visitFieldInsn(Opcodes.PUTFIELD, ERROR, "fileline", "Ljava/lang/String;");
        body.visitLabel(located);
        Label here = new Label();
        body.visitVarInsn(Opcodes.ALOAD, 1);
        body.visitFieldInsn(Opcodes.GETFIELD, ERROR, "level", "I");
        body.visitInsn(Opcodes.ICONST_1);
        body.visitJumpInsn(Opcodes.IF_ICMPLE, here);
        body.visitVarInsn(Opcodes.ALOAD, 1);
        body.visitInsn(Opcodes.DUP);
        body.visitFieldInsn(Opcodes.GETFIELD, ERROR, "level", "I");
        body.visitInsn(Opcodes.ICONST_1);
        body.visitInsn(Opcodes.ISUB);
        body.visitFieldInsn(Opcodes.PUTFIELD, ERROR, "level", "I");
        body.visitInsn(Opcodes.RETURN);
        body.visitLabel(here);
        body.visitVarInsn(Opcodes.ALOAD, 1);
        body.visitVarInsn(Opcodes.ALOAD, 1);
        body.visitVarInsn(Opcodes.ALOAD, 1);
        body.visitFieldInsn(Opcodes.GETFIELD, ERROR, "level", "I");
        body.visitVarInsn(Opcodes.ALOAD, 0);
        body.visitVarInsn(Opcodes.ALOAD, 2);
        body.visitVarInsn(Opcodes.ILOAD, 3);
        body.visitVarInsn(Opcodes.ALOAD, 4);
        body.visitVarInsn(Opcodes.ALOAD, 5);
        body.visitVarInsn(Opcodes.ILOAD, 6);
        body.visitMethodInsn(Opcodes.INVOKESTATIC, RUNTIME_ERRORS, "message",
                "(L" + ERROR + ";IL" + CLOSURE + ";Lorg/luaj/vm2/Prototype;I[Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;I)Ljava/lang/String;", false);
        body.visitFieldInsn(Opcodes.PUTFIELD, ERROR, "traceback", "Ljava/lang/String;");
        body.visitInsn(Opcodes.RETURN);
        body.visitMaxs(10, 7);
        body.visitEnd();
        super.visitEnd();
    }
}
