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
import java.util.function.Consumer;

/**
 * A build step (run by Maven after compiling): writes copies of two LuaJ classes with one method
 * each replaced by a call into Runnel, where LuaJ departs from Lua 5.1 in a way no script-level
 * adaptation reaches. The copies land in the broker's classes, which come before LuaJ's jar on
 * every class path Runnel runs with.
 * <ul>
 *   <li>{@code LuaDouble.tojstring()}: LuaJ writes {@code Float.toString((float) v)} ("0.33333334"
 *   for 1/3, "Infinity" for 1e100); every number-to-string conversion (tostring, "..", coercion)
 *   goes through it. Now {@link LuaNumberText#of(double)}: Lua 5.1's "%.14g".</li>
 *   <li>{@code LexState.lexerror(String, int)}: LuaJ computes the "near '&lt;token&gt;'" part of a
 *   compile error and then throws the message without it. Now {@link LuaSyntaxErrors#raise}.</li>
 * </ul>
 *
 * <p>Usage: {@code LuaJPatch <classes directory>}.
 */
public final class LuaJPatch {

    private LuaJPatch() {
    }

    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        patch(classes, "org/luaj/vm2/LuaDouble", "tojstring", "()Ljava/lang/String;", body -> {
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, "org/luaj/vm2/LuaDouble", "v", "D");
            body.visitMethodInsn(Opcodes.INVOKESTATIC, "io/runnel/broker/script/LuaNumberText", "of", "(D)Ljava/lang/String;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitMaxs(2, 1);
        });
        patch(classes, "org/luaj/vm2/compiler/LexState", "lexerror", "(Ljava/lang/String;I)V", body -> {
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitVarInsn(Opcodes.ALOAD, 1);
            body.visitVarInsn(Opcodes.ILOAD, 2);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, "io/runnel/broker/script/LuaSyntaxErrors", "raise",
                    "(Ljava/lang/Object;Ljava/lang/String;I)Lorg/luaj/vm2/LuaError;", false);
            body.visitInsn(Opcodes.ATHROW);
            body.visitMaxs(3, 3);
        });
    }

    /** Copies LuaJ's {@code className} with the body of one method replaced by {@code body} (straight-line code). */
    private static void patch(Path classes, String className, String method, String descriptor, Consumer<MethodVisitor> body)
            throws IOException {
        byte[] original;
        try (InputStream in = LuaJPatch.class.getClassLoader().getResourceAsStream(className + ".class")) {
            if (in == null) {
                throw new IOException("LuaJ's " + className + " is not on the class path");
            }
            original = in.readAllBytes();
        }
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] patched = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor target = super.visitMethod(access, name, desc, signature, exceptions);
                if (!name.equals(method) || !desc.equals(descriptor)) {
                    return target;
                }
                patched[0] = true;
                target.visitCode();
                body.accept(target);
                target.visitEnd();
                return null; // the original instructions are dropped
            }
        }, 0);
        if (!patched[0]) {
            throw new IOException(className + " has no " + method + descriptor + " to replace: another LuaJ version?");
        }
        Path output = classes.resolve(className + ".class");
        Files.createDirectories(output.getParent());
        Files.write(output, writer.toByteArray());
    }
}
