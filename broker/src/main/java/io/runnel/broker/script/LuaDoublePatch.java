package io.runnel.broker.script;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build step (run by Maven after compiling): writes a copy of LuaJ's {@code LuaDouble} whose
 * {@code tojstring()} returns {@link LuaNumberText#of(double)} — Lua 5.1's "%.14g" — instead of
 * LuaJ's {@code Float.toString}, which loses precision ("0.33333334" for 1/3) and turns large
 * numbers into "Infinity". Every number-to-string conversion in LuaJ goes through that method
 * (tostring, "..", string coercion), so this is the one place to change it. The copy lands in
 * the broker's classes, which come before LuaJ's jar on every class path Runnel runs with.
 *
 * <p>Usage: {@code LuaDoublePatch <classes directory>}.
 */
public final class LuaDoublePatch {

    private static final String LUA_DOUBLE = "org/luaj/vm2/LuaDouble";

    private LuaDoublePatch() {
    }

    public static void main(String[] args) throws IOException {
        Path output = Path.of(args[0]).resolve(LUA_DOUBLE + ".class");
        byte[] original;
        try (InputStream in = LuaDoublePatch.class.getClassLoader().getResourceAsStream(LUA_DOUBLE + ".class")) {
            if (in == null) {
                throw new IOException("LuaJ's " + LUA_DOUBLE + " is not on the class path");
            }
            original = in.readAllBytes();
        }
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] patched = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor target = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("tojstring") || !descriptor.equals("()Ljava/lang/String;")) {
                    return target;
                }
                patched[0] = true;
                // the new body; the original's instructions are dropped (null visitor)
                target.visitCode();
                target.visitVarInsn(Opcodes.ALOAD, 0);
                target.visitFieldInsn(Opcodes.GETFIELD, LUA_DOUBLE, "v", "D");
                target.visitMethodInsn(Opcodes.INVOKESTATIC, "io/runnel/broker/script/LuaNumberText", "of", "(D)Ljava/lang/String;",
                        false);
                target.visitInsn(Opcodes.ARETURN);
                target.visitMaxs(2, 1);
                target.visitEnd();
                return null;
            }
        }, 0);
        if (!patched[0]) {
            throw new IOException(LUA_DOUBLE + " has no tojstring() to replace: another LuaJ version?");
        }
        Files.createDirectories(output.getParent());
        Files.write(output, writer.toByteArray());
    }
}
