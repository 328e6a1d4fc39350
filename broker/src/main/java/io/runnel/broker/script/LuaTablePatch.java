package io.runnel.broker.script;

import org.objectweb.asm.ClassVisitor;
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

    private static final String VALUE = "Lorg/luaj/vm2/LuaValue;";
    private static final String OF_TABLE = "(L" + TABLE + ";";

    /** LuaTable's methods, by name and descriptor, and the Lua51Tables method each body now calls. */
    static final Map<String, Consumer<MethodVisitor>> BODIES = Map.of(
            "hashget(" + VALUE + ")" + VALUE, forwardingTo(TABLES, "get", OF_TABLE + VALUE + ")" + VALUE),
            "hashset(" + VALUE + VALUE + ")V", forwardingTo(TABLES, "set", OF_TABLE + VALUE + VALUE + ")V"),
            "next(" + VALUE + ")Lorg/luaj/vm2/Varargs;", forwardingTo(TABLES, "next", OF_TABLE + VALUE + ")Lorg/luaj/vm2/Varargs;"),
            "presize(II)V", forwardingTo(TABLES, "presize", OF_TABLE + "II)V"),
            "presize(I)V", forwardingTo(TABLES, "presize", OF_TABLE + "I)V"),
            "getHashLength()I", forwardingTo(TABLES, "hashLength", OF_TABLE + ")I"),
            "rawlen()I", forwardingTo(TABLES, "length", OF_TABLE + ")I"),
            "rehash(I)V", forwardingTo(TABLES, "rewrap", OF_TABLE + "I)V"));

    LuaTablePatch(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public void visitEnd() {
        super.visitField(Opcodes.ACC_PUBLIC, NODES, "Lio/runnel/broker/script/Lua51Nodes;", null, null).visitEnd();
        super.visitEnd();
    }
}
