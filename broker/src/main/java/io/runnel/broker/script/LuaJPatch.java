package io.runnel.broker.script;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
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
 *   <li>{@code StringLib$MatchState.match}'s frontier pattern %f: never matched (FrontierPatch).</li>
 *   <li>{@code StringLib$MatchState.match_class} and {@code LuaString.strcmp}: LuaJ classifies
 *   bytes from 0x80 as Latin-1 letters and compares bytes signed. Now C's, in the C locale
 *   ({@link Lua51CType}).</li>
 *   <li>{@code MathLib.dpow}: the ^ operator on Java's Math.pow, which answers NaN for 1^inf
 *   and 1^nan where C's pow answers 1 ({@link Lua51Numbers#pow}).</li>
 *   <li>{@code LuaString.scannumber} and {@code tonumber}: a string read as a number ("10" + 1,
 *   tonumber) by C's strtod, as Lua 5.1 reads it ({@link Lua51Numbers}); "nan" is one
 *   (NoNumberPatch).</li>
 *   <li>-0: LuaJ keeps integral numbers as integers, which have no -0 ({@code LuaDouble.valueOf},
 *   {@code LuaInteger.neg} and {@code mul}, the compiler's {@code FuncState.numberK} made it 0, and {@code ddiv} took 1/-0 for +inf).
 *   Now -0.0 stays a double, hashed as 0 ({@link Lua51Numbers}).</li>
 *   <li>{@code LexState.lexerror(String, int)}: LuaJ computes the "near '&lt;token&gt;'" part of a
 *   compile error and then throws the message without it. Now {@link LuaSyntaxErrors#raise}.</li>
 *   <li>{@code LexState.read_numeral(SemInfo)} and {@code read_string(int, SemInfo)}: read
 *   numerals and strings as Lua 5.2 does. Now {@link LuaLexer}'s, Lua 5.1's.</li>
 *   <li>{@code LuaTable}'s storage: LuaJ chains a bucket's keys and sizes its array part
 *   otherwise, so pairs visited keys in another order and the length of a table with holes was
 *   another border. Now Lua 5.1's array part and nodes ({@link Lua51Tables}, {@link Lua51Nodes}),
 *   with {@code LuaString}'s hash made Lua 5.1's (LuaJ's shifted signed).</li>
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

    static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    static final String TABLE = "org/luaj/vm2/LuaTable";
    static final String TABLES = "io/runnel/broker/script/Lua51Tables";
    static final String ERROR = "org/luaj/vm2/LuaError";
    static final String DOUBLE = "org/luaj/vm2/LuaDouble";
    static final String INTEGER = "org/luaj/vm2/LuaInteger";
    static final String CTYPE = "io/runnel/broker/script/Lua51CType";
    static final String NUMBERS = "io/runnel/broker/script/Lua51Numbers";

    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        patch(classes, DOUBLE, Map.of("tojstring()Ljava/lang/String;", body -> {
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, DOUBLE, "v", "D");
            body.visitMethodInsn(Opcodes.INVOKESTATIC, "io/runnel/broker/script/LuaNumberText", "of", "(D)Ljava/lang/String;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitMaxs(2, 1);
        }, "valueOf(D)Lorg/luaj/vm2/LuaNumber;", body -> {
            // -0.0 stays a double (LuaJ made it the integer 0); any other integral value is a LuaInteger
            Label notNegativeZero = new Label();
            Label fraction = new Label();
            body.visitVarInsn(Opcodes.DLOAD, 0);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
            body.visitLdcInsn(Long.MIN_VALUE);
            body.visitInsn(Opcodes.LCMP);
            body.visitJumpInsn(Opcodes.IFNE, notNegativeZero);
            newDouble(body);
            body.visitLabel(notNegativeZero);
            body.visitVarInsn(Opcodes.DLOAD, 0);
            body.visitInsn(Opcodes.D2I);
            body.visitVarInsn(Opcodes.ISTORE, 2);
            body.visitVarInsn(Opcodes.DLOAD, 0);
            body.visitVarInsn(Opcodes.ILOAD, 2);
            body.visitInsn(Opcodes.I2D);
            body.visitInsn(Opcodes.DCMPL);
            body.visitJumpInsn(Opcodes.IFNE, fraction);
            body.visitVarInsn(Opcodes.ILOAD, 2);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGER, "valueOf", "(I)L" + INTEGER + ";", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitLabel(fraction);
            newDouble(body);
            body.visitMaxs(4, 3);
        }, "ddiv(DD)Lorg/luaj/vm2/LuaValue;", body -> {
            // IEEE division, as C's: LuaJ gave +inf for 1/-0 and for -1/-0
            body.visitVarInsn(Opcodes.DLOAD, 0);
            body.visitVarInsn(Opcodes.DLOAD, 2);
            body.visitInsn(Opcodes.DDIV);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitMaxs(4, 4);
        }, "ddiv_d(DD)D", body -> {
            body.visitVarInsn(Opcodes.DLOAD, 0);
            body.visitVarInsn(Opcodes.DLOAD, 2);
            body.visitInsn(Opcodes.DDIV);
            body.visitInsn(Opcodes.DRETURN);
            body.visitMaxs(4, 4);
        }, "dmod(DD)Lorg/luaj/vm2/LuaValue;", body -> {
            // Lua 5.1's a - floor(a/b)*b, also for b == 0 (LuaJ answered its own NaN, of another sign than C's)
            body.visitVarInsn(Opcodes.DLOAD, 0);
            body.visitVarInsn(Opcodes.DLOAD, 0);
            body.visitVarInsn(Opcodes.DLOAD, 2);
            body.visitInsn(Opcodes.DDIV);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "floor", "(D)D", false);
            body.visitVarInsn(Opcodes.DLOAD, 2);
            body.visitInsn(Opcodes.DMUL);
            body.visitInsn(Opcodes.DSUB);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitMaxs(6, 4);
        }, "hashCode()I", body -> {
            // the hash of a number is that of its value: -0.0 hashes as the integer 0, which it equals
            Label nonZero = new Label();
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, DOUBLE, "v", "D");
            body.visitInsn(Opcodes.DCONST_0);
            body.visitInsn(Opcodes.DCMPL);
            body.visitJumpInsn(Opcodes.IFNE, nonZero);
            body.visitInsn(Opcodes.ICONST_0);
            body.visitInsn(Opcodes.IRETURN);
            body.visitLabel(nonZero);
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, DOUBLE, "v", "D");
            body.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "hashCode", "(D)I", false);
            body.visitInsn(Opcodes.IRETURN);
            body.visitMaxs(4, 1);
        }));
        String matchState = "org/luaj/vm2/lib/StringLib$MatchState";
        rewrite(classes, matchState, writer -> new FrontierPatch(replacing(matchState, Map.of("match_class(II)Z", body -> {
            body.visitVarInsn(Opcodes.ILOAD, 0);
            body.visitVarInsn(Opcodes.ILOAD, 1);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, CTYPE, "matchClass", "(II)Z", false);
            body.visitInsn(Opcodes.IRETURN);
            body.visitMaxs(2, 2);
        }, "match_capture(II)I", LuaJPatch::matchCapture), writer)));
        rewrite(classes, "org/luaj/vm2/LuaString", writer -> new NoNumberPatch(replacing("org/luaj/vm2/LuaString", Map.of("strcmp(Lorg/luaj/vm2/LuaString;)I", body -> {
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitVarInsn(Opcodes.ALOAD, 1);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, CTYPE, "compare", "(Lorg/luaj/vm2/LuaString;Lorg/luaj/vm2/LuaString;)I", false);
            body.visitInsn(Opcodes.IRETURN);
            body.visitMaxs(2, 2);
        }, "scannumber()D", body -> {
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, NUMBERS, "scan", "(Lorg/luaj/vm2/LuaString;)D", false);
            body.visitInsn(Opcodes.DRETURN);
            body.visitMaxs(2, 1);
        }, "tonumber()Lorg/luaj/vm2/LuaValue;", body -> {
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, NUMBERS, "tonumber", "(Lorg/luaj/vm2/LuaString;)Lorg/luaj/vm2/LuaValue;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitMaxs(1, 1);
        }, "hashCode([BII)I", forwardingTo(TABLES, "stringHash", "([BII)I")), writer)));
        patch(classes, "org/luaj/vm2/lib/MathLib", Map.of("dpow(DD)Lorg/luaj/vm2/LuaValue;", body -> {
            body.visitVarInsn(Opcodes.DLOAD, 0);
            body.visitVarInsn(Opcodes.DLOAD, 2);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, NUMBERS, "pow", "(DD)D", false);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitMaxs(4, 4);
        }, "dpow_d(DD)D", body -> {
            body.visitVarInsn(Opcodes.DLOAD, 0);
            body.visitVarInsn(Opcodes.DLOAD, 2);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, NUMBERS, "pow", "(DD)D", false);
            body.visitInsn(Opcodes.DRETURN);
            body.visitMaxs(4, 4);
        }));
        patch(classes, "org/luaj/vm2/compiler/FuncState", Map.of("numberK(Lorg/luaj/vm2/LuaValue;)I", body -> {
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, "org/luaj/vm2/compiler/FuncState", "h", "Ljava/util/Hashtable;");
            body.visitVarInsn(Opcodes.ALOAD, 1);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, NUMBERS, "constant",
                    "(Ljava/util/Hashtable;Lorg/luaj/vm2/LuaValue;)Lorg/luaj/vm2/LuaValue;", false);
            body.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/compiler/FuncState", "addk", "(Lorg/luaj/vm2/LuaValue;)I", false);
            body.visitInsn(Opcodes.IRETURN);
            body.visitMaxs(3, 2);
        }));
        patch(classes, INTEGER, Map.of("neg()Lorg/luaj/vm2/LuaValue;", body -> {
            // -0 is -0.0, as in Lua 5.1, where every number is a double
            Label nonZero = new Label();
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
            body.visitJumpInsn(Opcodes.IFNE, nonZero);
            body.visitLdcInsn(-0.0d);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitLabel(nonZero);
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
            body.visitInsn(Opcodes.I2L);
            body.visitInsn(Opcodes.LNEG);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGER, "valueOf", "(J)Lorg/luaj/vm2/LuaNumber;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitMaxs(2, 1);
        }, "mul(I)Lorg/luaj/vm2/LuaValue;", body -> {
            // a zero product of operands of opposite signs is -0.0
            Label regular = new Label();
            body.visitVarInsn(Opcodes.ILOAD, 1);
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
            body.visitInsn(Opcodes.IMUL);
            body.visitJumpInsn(Opcodes.IFNE, regular);
            body.visitVarInsn(Opcodes.ILOAD, 1);
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
            body.visitInsn(Opcodes.IXOR);
            body.visitJumpInsn(Opcodes.IFGE, regular);
            body.visitLdcInsn(-0.0d);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitLabel(regular);
            body.visitVarInsn(Opcodes.ILOAD, 1);
            body.visitInsn(Opcodes.I2L);
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
            body.visitInsn(Opcodes.I2L);
            body.visitInsn(Opcodes.LMUL);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGER, "valueOf", "(J)Lorg/luaj/vm2/LuaNumber;", false);
            body.visitInsn(Opcodes.ARETURN);
            body.visitMaxs(4, 2);
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
        }, "read_string(ILorg/luaj/vm2/compiler/LexState$SemInfo;)V", body -> {
            body.visitVarInsn(Opcodes.ALOAD, 0);
            body.visitVarInsn(Opcodes.ILOAD, 1);
            body.visitVarInsn(Opcodes.ALOAD, 2);
            body.visitMethodInsn(Opcodes.INVOKESTATIC, "io/runnel/broker/script/LuaLexer", "readString",
                    "(Ljava/lang/Object;ILjava/lang/Object;)V", false);
            body.visitInsn(Opcodes.RETURN);
            body.visitMaxs(3, 3);
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
        rewrite(classes, TABLE, writer -> new LuaTablePatch(replacing(TABLE, LuaTablePatch.BODIES, writer)));
        rewrite(classes, CLOSURE, LuaClosurePatch::new);
    }



    /**
     * LuaString's readings of itself as a number ({@code add}, {@code todouble},
     * {@code isnumber}, ...) each call scannumber and take a NaN for "not a number", so the
     * strings "nan" and "-nan", numbers to Lua 5.1, were none. Each Double.isNaN right after
     * scannumber becomes {@link Lua51Numbers#isNoNumber}, which knows scannumber's own mark.
     */
    private static final class NoNumberPatch extends ClassVisitor {
        private int changed;

        NoNumberPatch(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, desc, signature, exceptions);
            if (method == null) {
                return null; // a body replaced whole
            }
            return new MethodVisitor(Opcodes.ASM9, method) {
                private boolean scanned;

                @Override
                public void visitMethodInsn(int opcode, String owner, String called, String calledDesc, boolean itf) {
                    if (scanned && called.equals("isNaN") && owner.equals("java/lang/Double")) {
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, NUMBERS, "isNoNumber", "(D)Z", false);
                        changed++;
                    } else {
                        super.visitMethodInsn(opcode, owner, called, calledDesc, itf);
                    }
                    scanned = called.equals("scannumber") && calledDesc.equals("()D");
                }
            };
        }

        @Override
        public void visitEnd() {
            if (changed != 14) {
                throw new IllegalStateException("LuaString's number readings are not the expected ones (" + changed + "): another LuaJ version?");
            }
            super.visitEnd();
        }
    }

    /**
     * The frontier pattern %f[set] in LuaJ's matcher ({@code MatchState.match}): it failed when
     * the character at the frontier is in the set (Lua 5.1 fails when it is not: a missing
     * negation, so %f never matched where it should), read past the subject's end where C
     * reads its terminating NUL, and took the character before the start for -1 where Lua 5.1
     * takes '\0' (so %f[%z] matched at the start). The jump after the second set test is
     * inverted, both reads of the subject there go to {@link Lua51CType#byteAt}, and the -1 is 0.
     */
    private static final class FrontierPatch extends ClassVisitor {
        private int fixes;

        FrontierPatch(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, desc, signature, exceptions);
            if (method == null || !name.equals("match") || !desc.equals("(II)I")) {
                return method;
            }
            return new MethodVisitor(Opcodes.ASM9, method) {
                private boolean inFrontier;
                private int reads;
                private boolean jumpFixed;

                @Override
                public void visitLdcInsn(Object value) {
                    if ("Missing [ after %f in pattern".equals(value)) {
                        inFrontier = true;
                    }
                    super.visitLdcInsn(value);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String called, String calledDesc, boolean itf) {
                    if (inFrontier && reads < 2 && called.equals("luaByte") && owner.equals("org/luaj/vm2/LuaString")) {
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, CTYPE, "byteAt", "(Lorg/luaj/vm2/LuaString;I)I", false);
                        reads++;
                        fixes++;
                        return;
                    }
                    super.visitMethodInsn(opcode, owner, called, calledDesc, itf);
                }

                private boolean startFixed;

                @Override
                public void visitInsn(int opcode) {
                    if (inFrontier && !startFixed && opcode == Opcodes.ICONST_M1) {
                        opcode = Opcodes.ICONST_0; // before the subject's start C reads '\0' (%z), LuaJ took -1
                        startFixed = true;
                        fixes++;
                    }
                    super.visitInsn(opcode);
                }

                @Override
                public void visitJumpInsn(int opcode, Label label) {
                    if (inFrontier && !jumpFixed && opcode == Opcodes.IFEQ) {
                        opcode = Opcodes.IFNE; // fail unless the frontier's character is in the set
                        jumpFixed = true;
                        fixes++;
                    }
                    super.visitJumpInsn(opcode, label);
                }
            };
        }

        @Override
        public void visitEnd() {
            if (fixes != 4) {
                throw new IllegalStateException("LuaJ's frontier pattern code is not the expected one: another LuaJ version?");
            }
            super.visitEnd();
        }
    }

    /** {@code return new LuaDouble(d)}, inside LuaDouble (its constructor is private), d the first local. */
    private static void newDouble(MethodVisitor body) {
        body.visitTypeInsn(Opcodes.NEW, DOUBLE);
        body.visitInsn(Opcodes.DUP);
        body.visitVarInsn(Opcodes.DLOAD, 0);
        body.visitMethodInsn(Opcodes.INVOKESPECIAL, DOUBLE, "<init>", "(D)V", false);
        body.visitInsn(Opcodes.ARETURN);
    }

    /**
     * {@code MatchState.match_capture(soff, l)}, the back reference %1-%9, as Lua 5.1's: a
     * position capture ("()") has no text, and a reference to one matches nothing (LuaJ compared
     * a length of -2 and matched, running on to an "unfinished capture" where Redis finds none).
     * In Java: l = check_capture(l); len = clen[l]; if (len >= 0 && s.length() - soff >= len
     * && LuaString.equals(s, cinit[l], s, soff, len)) return soff + len; return -1;
     */
    private static void matchCapture(MethodVisitor body) {
        String state = "org/luaj/vm2/lib/StringLib$MatchState";
        String string = "Lorg/luaj/vm2/LuaString;";
        Label fail = new Label();
        body.visitVarInsn(Opcodes.ALOAD, 0);
        body.visitVarInsn(Opcodes.ILOAD, 2);
        body.visitMethodInsn(Opcodes.INVOKESPECIAL, state, "check_capture", "(I)I", false);
        body.visitVarInsn(Opcodes.ISTORE, 2);
        body.visitVarInsn(Opcodes.ALOAD, 0);
        body.visitFieldInsn(Opcodes.GETFIELD, state, "clen", "[I");
        body.visitVarInsn(Opcodes.ILOAD, 2);
        body.visitInsn(Opcodes.IALOAD);
        body.visitVarInsn(Opcodes.ISTORE, 3);
        body.visitVarInsn(Opcodes.ILOAD, 3);
        body.visitJumpInsn(Opcodes.IFLT, fail);
        body.visitVarInsn(Opcodes.ALOAD, 0);
        body.visitFieldInsn(Opcodes.GETFIELD, state, "s", string);
        body.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/LuaString", "length", "()I", false);
        body.visitVarInsn(Opcodes.ILOAD, 1);
        body.visitInsn(Opcodes.ISUB);
        body.visitVarInsn(Opcodes.ILOAD, 3);
        body.visitJumpInsn(Opcodes.IF_ICMPLT, fail);
        body.visitVarInsn(Opcodes.ALOAD, 0);
        body.visitFieldInsn(Opcodes.GETFIELD, state, "s", string);
        body.visitVarInsn(Opcodes.ALOAD, 0);
        body.visitFieldInsn(Opcodes.GETFIELD, state, "cinit", "[I");
        body.visitVarInsn(Opcodes.ILOAD, 2);
        body.visitInsn(Opcodes.IALOAD);
        body.visitVarInsn(Opcodes.ALOAD, 0);
        body.visitFieldInsn(Opcodes.GETFIELD, state, "s", string);
        body.visitVarInsn(Opcodes.ILOAD, 1);
        body.visitVarInsn(Opcodes.ILOAD, 3);
        body.visitMethodInsn(Opcodes.INVOKESTATIC, "org/luaj/vm2/LuaString", "equals", "(" + string + "I" + string + "II)Z", false);
        body.visitJumpInsn(Opcodes.IFEQ, fail);
        body.visitVarInsn(Opcodes.ILOAD, 1);
        body.visitVarInsn(Opcodes.ILOAD, 3);
        body.visitInsn(Opcodes.IADD);
        body.visitInsn(Opcodes.IRETURN);
        body.visitLabel(fail);
        body.visitInsn(Opcodes.ICONST_M1);
        body.visitInsn(Opcodes.IRETURN);
        body.visitMaxs(0, 0);
    }

    /**
     * A method body that passes its receiver (an instance method's) and its arguments on to the
     * static method {@code owner.name(desc)}, whose parameters are those, and returns its result.
     */
    static Consumer<MethodVisitor> forwardingTo(String owner, String name, String desc) {
        return body -> {
            int slot = 0;
            for (Type parameter : Type.getArgumentTypes(desc)) {
                body.visitVarInsn(parameter.getOpcode(Opcodes.ILOAD), slot);
                slot += parameter.getSize();
            }
            body.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, desc, false);
            body.visitInsn(Type.getReturnType(desc).getOpcode(Opcodes.IRETURN));
            body.visitMaxs(0, 0); // computed by the writer
        };
    }

    /**
     * Copies LuaJ's {@code className} with the bodies of some methods replaced (straight-line
     * code), each keyed by its name and descriptor.
     */
    private static void patch(Path classes, String className, Map<String, Consumer<MethodVisitor>> bodies) throws IOException {
        rewrite(classes, className, writer -> replacing(className, bodies, writer));
    }

    /** A visitor that replaces the bodies of the methods {@code bodies} names and fails if one is missing. */
    private static ClassVisitor replacing(String className, Map<String, Consumer<MethodVisitor>> bodies, ClassVisitor next) {
        Set<String> replaced = new HashSet<>();
        return new ClassVisitor(Opcodes.ASM9, next) {
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
        };
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
