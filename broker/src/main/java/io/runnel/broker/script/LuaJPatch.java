package io.runnel.broker.script;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.luaj.vm2.LuaValue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A build step (run by Maven after compiling): writes copies of a few LuaJ classes with some
 * methods replaced by calls into Runnel, where LuaJ departs from Lua 5.1 in a way no
 * script-level adaptation reaches. The copies land in the broker's classes, which come before
 * LuaJ's jar on every class path Runnel runs with.
 * <ul>
 *   <li>{@code LuaDouble.tojstring()}: LuaJ writes {@code Float.toString((float) v)} ("0.33333334"
 *   for 1/3, "Infinity" for 1e100); every number-to-string conversion (tostring, "..", coercion)
 *   goes through it. Now {@link LuaNumberText#of(double)}: Lua 5.1's "%.14g".</li>
 *   <li>{@code LexState.lexerror(String, int)}: LuaJ computes the "near '&lt;token&gt;'" part of a
 *   compile error and then throws the message without it. Now {@link LuaSyntaxErrors#raise}.</li>
 *   <li>{@code LexState.read_numeral(SemInfo)}: reads numerals as Lua 5.2 does. Now
 *   {@link LuaLexer#readNumeral}, Lua 5.1's.</li>
 *   <li>{@code LuaClosure}'s positioning of an error: LuaJ names no variable ("attempt to
 *   index ?"), writes the position as "@chunk:line message", ignores the level of
 *   {@code error(message, level)} and never calls an xpcall handler (scripts run in a world
 *   apart from the one xpcall records its handler in). Now {@link LuaRuntimeErrors#message},
 *   as Lua 5.1; {@code LuaError.getMessage()} no longer prefixes the raw position.</li>
 * </ul>
 *
 * <p>Usage: {@code LuaJPatch <classes directory>}.
 */
public final class LuaJPatch {

    private LuaJPatch() {
    }

    private static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    private static final String ERROR = "org/luaj/vm2/LuaError";

    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        patch(classes, "org/luaj/vm2/LuaDouble", Map.of("tojstring()Ljava/lang/String;", body -> {
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, "org/luaj/vm2/LuaDouble", "v", "D");
            body.visitMethodInsn(Opcodes.INVOKESTATIC, "io/runnel/broker/script/LuaNumberText", "of", "(D)Ljava/lang/String;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitMaxs(2, 1);
        }));
        patch(classes, "org/luaj/vm2/compiler/LexState", Map.of("lexerror(Ljava/lang/String;I)V", body -> {
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitVarInsn(Opcodes.ALOAD, 1);
            body.visitVarInsn(Opcodes.ILOAD, 2);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, "io/runnel/broker/script/LuaSyntaxErrors", "raise",
                    "(Ljava/lang/Object;Ljava/lang/String;I)Lorg/luaj/vm2/LuaError;", false);
            body.visitInsn(Opcodes.ATHROW);
            body.visitMaxs(3, 3);
        }, "read_numeral(Lorg/luaj/vm2/compiler/LexState$SemInfo;)V", body -> {
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitVarInsn(Opcodes.ALOAD, 1);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, "io/runnel/broker/script/LuaLexer", "readNumeral",
                    "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
            body.visitInsn(Opcodes.RETURN);
            body.visitMaxs(2, 2);
        }));
        patch(classes, ERROR, Map.of("getMessage()Ljava/lang/String;", body -> {
            // return traceback != null ? traceback : super.getMessage();  (LuaJ prefixed the fileline)
            Label raw = new Label();
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, ERROR, "traceback", "Ljava/lang/String;");
            body.visitJumpInsn(Opcodes.IFNULL, raw);
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, ERROR, "traceback", "Ljava/lang/String;");
            body.visitInsn(Opcodes.ARETURN);
            body.visitLabel(raw);
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/RuntimeException", "getMessage", "()Ljava/lang/String;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitMaxs(1, 1);
        }));
        rewrite(classes, CLOSURE, NamedRuntimeErrors::new);
    }

    private static final String HOOKS = "processErrorHooks";
    private static final String HOOKS_DESCRIPTOR = "(L" + ERROR + ";Lorg/luaj/vm2/Prototype;I)V";
    private static final String HOOKS_WITH_REGISTERS = "(L" + ERROR + ";Lorg/luaj/vm2/Prototype;I[Lorg/luaj/vm2/LuaValue;)V";
    private static final String EXECUTE_DESCRIPTOR = "([Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;";

    /**
     * LuaClosure positions an error raised in its interpreter loop through
     * {@code processErrorHooks(error, prototype, pc)}, which cannot see the registers. Both
     * calls in {@code execute} now go to an added overload that also gets the registers (the
     * loop's first parameter) and words the message through {@link LuaRuntimeErrors}.
     */
    private static final class NamedRuntimeErrors extends ClassVisitor {
        private int redirected;

        NamedRuntimeErrors(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, desc, signature, exceptions);
            if (!name.equals("execute") || !desc.equals(EXECUTE_DESCRIPTOR)) {
                return method;
            }
            return new MethodVisitor(Opcodes.ASM9, method) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String called, String calledDesc, boolean itf) {
                    if (opcode == Opcodes.INVOKESPECIAL && owner.equals(CLOSURE) && called.equals(HOOKS) && calledDesc.equals(HOOKS_DESCRIPTOR)) {
                        super.visitVarInsn(Opcodes.ALOAD, 1); // execute's registers
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
            if (redirected != 2) {
                throw new IllegalStateException("LuaClosure.execute calls " + HOOKS + " " + redirected + " times, not 2: another LuaJ version?");
            }
            // if (error.fileline == null) error.fileline = LuaRuntimeErrors.fileline(p, pc);  (where it was raised)
            // if (error.level > 1) { error.level--; return; }  (a caller positions it, as Lua's error(message, level))
            // error.traceback = LuaRuntimeErrors.message(error, error.level, this, p, pc, registers);
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
            body.visitMethodInsn(Opcodes.INVOKESTATIC, RUNTIME_ERRORS, "message",
                    "(L" + ERROR + ";IL" + CLOSURE + ";Lorg/luaj/vm2/Prototype;I[Lorg/luaj/vm2/LuaValue;)Ljava/lang/String;", false);
            body.visitFieldInsn(Opcodes.PUTFIELD, ERROR, "traceback", "Ljava/lang/String;");
            body.visitInsn(Opcodes.RETURN);
            body.visitMaxs(8, 5);
            body.visitEnd();
            super.visitEnd();
        }
    }

    private static final String RUNTIME_ERRORS = "io/runnel/broker/script/LuaRuntimeErrors";

    /**
     * Copies LuaJ's {@code className} with the bodies of some methods replaced (straight-line
     * code), each keyed by its name and descriptor.
     */
    private static void patch(Path classes, String className, Map<String, Consumer<MethodVisitor>> bodies) throws IOException {
        Set<String> replaced = new HashSet<>();
        rewrite(classes, className, writer -> new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor target = super.visitMethod(access, name, desc, signature, exceptions);
                Consumer<MethodVisitor> body = bodies.get(name + desc);
                if (body == null) {
                    return target;
                }
                replaced.add(name + desc);
                target.visitCode();
                body.accept(target);
                target.visitEnd();
                return null; // the original instructions are dropped
            }

            @Override
            public void visitEnd() {
                if (!replaced.equals(bodies.keySet())) {
                    throw new IllegalStateException(className + " lacks some of " + bodies.keySet() + ": another LuaJ version?");
                }
                super.visitEnd();
            }
        });
    }

    /**
     * Writes a copy of LuaJ's {@code className} passed through the visitor {@code change} makes.
     * LuaJ's classes are Java 1.3 class files (no stack map frames), so only the maximum stack
     * depths need recomputing after a change.
     */
    private static void rewrite(Path classes, String className, UnaryOperator<ClassVisitor> change) throws IOException {
        ClassReader reader = new ClassReader(original(className));
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(change.apply(writer), 0);
        Path output = classes.resolve(className + ".class");
        Files.createDirectories(output.getParent());
        Files.write(output, writer.toByteArray());
    }

    /** The class as LuaJ's jar has it (never an earlier build's patched copy, which may come first on the class path). */
    private static byte[] original(String className) throws IOException {
        try (ZipFile jar = new ZipFile(new File(LuaValue.class.getProtectionDomain().getCodeSource().getLocation().toURI()))) {
            ZipEntry entry = jar.getEntry(className + ".class");
            if (entry == null) {
                throw new IOException("LuaJ's jar has no " + className);
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
