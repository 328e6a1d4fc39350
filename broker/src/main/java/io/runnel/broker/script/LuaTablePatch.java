package io.runnel.broker.script;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.Map;
import java.util.function.Consumer;

import static io.runnel.broker.script.LuaJPatch.TABLE;
import static io.runnel.broker.script.LuaJPatch.TABLES;
import static io.runnel.broker.script.LuaJPatch.forwardingTo;

/**
 * LuaJPatch's change to LuaTable: its storage becomes Lua 5.1's ({@link Lua51Tables}). LuaJ
 * chains the keys of a bucket and sizes its array part otherwise, so {@code next} (pairs,
 * cjson.encode's key order) and the length of a table with holes differed from Redis; its
 * rehash also lost count in some orders of sets and removals (an ArrayIndexOutOfBoundsException,
 * a script's "vm error"). The methods that reach the hash part or size the array part now go
 * to Lua51Tables, the hash part lives in an added field of Lua 5.1's nodes, and LuaJ's own
 * {@code hash} array stays empty (the methods still reading it are no longer called).
 */
final class LuaTablePatch extends ClassVisitor {

    /** The field added to LuaTable: its nodes ({@link Lua51Nodes}), null for none. */
    static final String NODES = "lua51nodes";
    /** The field added to LuaTable: true for a table scripts may not change (the libraries, as in Redis). */
    static final String READONLY = "lua51readonly";

    private static final String VALUE = "Lorg/luaj/vm2/LuaValue;";
    private static final String OF_TABLE = "(L" + TABLE + ";";

    /** LuaTable's methods, by name and descriptor, and the Lua51Tables method each body now calls. */
    static final Map<String, Consumer<MethodVisitor>> BODIES = Map.ofEntries(
            Map.entry("hashget(" + VALUE + ")" + VALUE, forwardingTo(TABLES, "get", OF_TABLE + VALUE + ")" + VALUE)),
            Map.entry("hashset(" + VALUE + VALUE + ")V", forwardingTo(TABLES, "set", OF_TABLE + VALUE + VALUE + ")V")),
            Map.entry("next(" + VALUE + ")Lorg/luaj/vm2/Varargs;", forwardingTo(TABLES, "next", OF_TABLE + VALUE + ")Lorg/luaj/vm2/Varargs;")),
            Map.entry("presize(II)V", forwardingTo(TABLES, "presize", OF_TABLE + "II)V")),
            Map.entry("presize(I)V", forwardingTo(TABLES, "presize", OF_TABLE + "I)V")),
            Map.entry("getHashLength()I", forwardingTo(TABLES, "hashLength", OF_TABLE + ")I")),
            Map.entry("rawlen()I", forwardingTo(TABLES, "length", OF_TABLE + ")I")),
            Map.entry("rehash(I)V", forwardingTo(TABLES, "rewrap", OF_TABLE + "I)V")),
            Map.entry("rawset(" + VALUE + VALUE + ")V", forwardingTo(TABLES, "rawset", OF_TABLE + VALUE + VALUE + ")V")),
            Map.entry("rawset(I" + VALUE + ")V", forwardingTo(TABLES, "rawset", OF_TABLE + "I" + VALUE + ")V")),
            Map.entry("set(" + VALUE + VALUE + ")V", body -> settingThroughMetatable(body, VALUE)),
            Map.entry("set(I" + VALUE + ")V", body -> settingThroughMetatable(body, "I")));

    /**
     * {@code set(key, value)}, the assignment {@code t[key] = value}, as Lua 5.1's
     * luaV_settable: an absent key gets its node (Lua51Tables.claim, which refuses a nil or NaN
     * key as "table index is nil/NaN") before __newindex is asked, as 5.1's luaH_set gives it
     * one; LuaJ refused such keys with "table index expected" unless __newindex was a function,
     * and gave no node. In Java: if (m_metatable != null && rawget(key).isnil()) {
     * Lua51Tables.claim(this, key); if (settable(this, key, value)) return; } rawset(key, value);
     */
    private static void settingThroughMetatable(MethodVisitor body, String keyType) {
        int load = keyType.equals("I") ? Opcodes.ILOAD : Opcodes.ALOAD;
        Label raw = new Label();
        Label done = new Label();
        body.visitVarInsn(Opcodes.ALOAD, 0);
        body.visitFieldInsn(Opcodes.GETFIELD, TABLE, "m_metatable", "Lorg/luaj/vm2/Metatable;");
        body.visitJumpInsn(Opcodes.IFNULL, raw);
        body.visitVarInsn(Opcodes.ALOAD, 0);
        body.visitVarInsn(load, 1);
        body.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TABLE, "rawget", "(" + keyType + ")" + VALUE, false);
        body.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/LuaValue", "isnil", "()Z", false);
        body.visitJumpInsn(Opcodes.IFEQ, raw);
        body.visitVarInsn(Opcodes.ALOAD, 0); // settable's table
        body.visitVarInsn(Opcodes.ALOAD, 0);
        body.visitVarInsn(load, 1);
        body.visitMethodInsn(Opcodes.INVOKESTATIC, TABLES, "claim", OF_TABLE + keyType + ")" + VALUE, false);
        body.visitVarInsn(Opcodes.ALOAD, 2); // settable(this, the key as a value, value)
        body.visitMethodInsn(Opcodes.INVOKESTATIC, "org/luaj/vm2/LuaValue", "settable", "(" + VALUE + VALUE + VALUE + ")Z", false);
        body.visitJumpInsn(Opcodes.IFNE, done);
        body.visitLabel(raw);
        body.visitVarInsn(Opcodes.ALOAD, 0);
        body.visitVarInsn(load, 1);
        body.visitVarInsn(Opcodes.ALOAD, 2);
        body.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TABLE, "rawset", "(" + keyType + VALUE + ")V", false);
        body.visitLabel(done);
        body.visitInsn(Opcodes.RETURN);
        body.visitMaxs(0, 0);
    }

    LuaTablePatch(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public void visitEnd() {
        super.visitField(Opcodes.ACC_PUBLIC, NODES, "Lio/runnel/broker/script/Lua51Nodes;", null, null).visitEnd();
        super.visitField(Opcodes.ACC_PUBLIC, READONLY, "Z", null, null).visitEnd();
        super.visitEnd();
    }
}
