package io.runnel.broker.script;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import static io.runnel.broker.script.LuaJPatch.TABLE;

/**
 * LuaJPatch's change to LuaTable. Its rehash is replaced ({@link Lua51Tables#rehash}): LuaJ's
 * loses count in some orders of sets and removals (an ArrayIndexOutOfBoundsException, seen by
 * a script as "vm error") and sizes the array part otherwise than Lua 5.1. An added field,
 * {@code lua51size}, keeps the size Lua 5.1 gives the array part, which decides the length of a
 * table with holes ({@link Lua51Tables#length}): LuaJ rounds a constructor's size up to a power
 * of two where Lua 5.1 keeps it exact, so presize records the exact one.
 */
final class LuaTablePatch extends ClassVisitor {

    /** The field added to LuaTable: the size Lua 5.1 would give the array part ({@link Lua51Tables}). */
    static final String SIZE = "lua51size";

    private int sizes;

    LuaTablePatch(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
        MethodVisitor method = super.visitMethod(access, name, desc, signature, exceptions);
        if (method != null && name.equals("presize") && desc.equals("(II)V")) {
            return new MethodVisitor(Opcodes.ASM9, method) {
                @Override
                public void visitCode() {
                    super.visitCode();
                    // a constructor's size, exact: lua51size = narray
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitVarInsn(Opcodes.ILOAD, 1);
                    super.visitFieldInsn(Opcodes.PUTFIELD, TABLE, SIZE, "I");
                    sizes++;
                }
            };
        }
        if (method != null && name.equals("presize") && desc.equals("(I)V")) {
            return new MethodVisitor(Opcodes.ASM9, method) {
                @Override
                public void visitCode() {
                    super.visitCode();
                    // an open constructor's values: if (n > lua51size) lua51size = n
                    Label smaller = new Label();
                    super.visitVarInsn(Opcodes.ILOAD, 1);
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitFieldInsn(Opcodes.GETFIELD, TABLE, SIZE, "I");
                    super.visitJumpInsn(Opcodes.IF_ICMPLE, smaller);
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitVarInsn(Opcodes.ILOAD, 1);
                    super.visitFieldInsn(Opcodes.PUTFIELD, TABLE, SIZE, "I");
                    super.visitLabel(smaller);
                    sizes++;
                }
            };
        }
        if (method != null && name.equals("rehash") && desc.equals("(I)V")) {
            // the whole body: Lua51Tables.rehash(this, newKey)
            method.visitCode();
            method.visitVarInsn(Opcodes.ALOAD, 0);
            method.visitVarInsn(Opcodes.ILOAD, 1);
            method.visitMethodInsn(Opcodes.INVOKESTATIC, LuaJPatch.TABLES, "rehash", "(L" + TABLE + ";I)V", false);
            method.visitInsn(Opcodes.RETURN);
            method.visitMaxs(2, 2);
            method.visitEnd();
            sizes++;
            return null;
        }
        return method;
    }

    @Override
    public void visitEnd() {
        super.visitField(Opcodes.ACC_PUBLIC, SIZE, "I", null, null).visitEnd();
        if (sizes != 3) {
            throw new IllegalStateException("LuaTable's sizing code is not the expected one: another LuaJ version?");
        }
        super.visitEnd();
    }
}
