package io.runnel.broker.script;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import static io.runnel.broker.script.LuaJPatch.TABLE;

/**
 * LuaJPatch's change to LuaTable: its array part sized as Lua 5.1 sizes it: {@code presize} allocates exactly what it
 * is asked for (LuaJ rounded up to a power of two), and {@code rehash} gives the array part
 * a size only when more than half of the indexes below it are keys (LuaJ: half), starting
 * from size 1 when key 1 is present.
 */
final class LuaTablePatch extends ClassVisitor {
    private int exactSizes;
    private int strictHalves;
    private int sizeOne;

    LuaTablePatch(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
        MethodVisitor method = super.visitMethod(access, name, desc, signature, exceptions);
        if (method != null && name.equals("presize") && (desc.equals("(II)V") || desc.equals("(I)V"))) {
            return new MethodVisitor(Opcodes.ASM9, method) {
                private boolean done;
                private boolean skipShift;

                @Override
                public void visitMethodInsn(int opcode, String owner, String called, String calledDesc, boolean itf) {
                    if (!done && opcode == Opcodes.INVOKESTATIC && owner.equals(TABLE) && called.equals("log2")) {
                        // 1 << log2(n) becomes n: drop the 1 under n, and the shift that follows
                        super.visitInsn(Opcodes.SWAP);
                        super.visitInsn(Opcodes.POP);
                        done = true;
                        skipShift = true;
                        exactSizes++;
                        return;
                    }
                    super.visitMethodInsn(opcode, owner, called, calledDesc, itf);
                }

                @Override
                public void visitInsn(int opcode) {
                    if (skipShift && opcode == Opcodes.ISHL) {
                        skipShift = false;
                        return;
                    }
                    super.visitInsn(opcode);
                }
            };
        }
        if (method != null && name.equals("rehash") && desc.equals("(I)V")) {
            return new MethodVisitor(Opcodes.ASM9, method) {
                private boolean initialized;

                @Override
                public void visitJumpInsn(int opcode, org.objectweb.asm.Label label) {
                    if (opcode == Opcodes.IF_ICMPLT) {
                        opcode = Opcodes.IF_ICMPLE; // "keys below 2^i >= 2^(i-1)" becomes ">"
                        strictHalves++;
                    }
                    super.visitJumpInsn(opcode, label);
                }

                @Override
                public void visitVarInsn(int opcode, int var) {
                    super.visitVarInsn(opcode, var);
                    if (!initialized && opcode == Opcodes.ISTORE && var == 5) {
                        // the array size starts at min(nums[0], 1): 1 when key 1 is there
                        super.visitVarInsn(Opcodes.ALOAD, 2);
                        super.visitInsn(Opcodes.ICONST_0);
                        super.visitInsn(Opcodes.IALOAD);
                        super.visitInsn(Opcodes.ICONST_1);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "min", "(II)I", false);
                        super.visitVarInsn(Opcodes.ISTORE, 5);
                        initialized = true;
                        sizeOne++;
                    }
                }
            };
        }
        return method;
    }

    @Override
    public void visitEnd() {
        if (exactSizes != 2 || strictHalves != 1 || sizeOne != 1) {
            throw new IllegalStateException("LuaTable's sizing code is not the expected one: another LuaJ version?");
        }
        super.visitEnd();
    }
}
