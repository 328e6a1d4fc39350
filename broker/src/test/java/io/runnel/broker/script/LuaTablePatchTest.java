package io.runnel.broker.script;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * LuaJ's tables after LuaJPatch changed how they size their array part: random scripts build
 * tables (constructors, integer and string keys set and cleared, table.insert) and every key
 * must hold what a plain map says it holds. A change to the sizing that breaks LuaJ's own
 * bookkeeping shows here as a lost key or an exception.
 */
class LuaTablePatchTest {

    @Test
    void tablesKeepEveryKeyWhateverTheOrderOfWrites() {
        long seed = System.nanoTime();
        System.out.println("LuaTablePatchTest seed=" + seed);
        Random random = new Random(seed);
        Globals globals = JsePlatform.standardGlobals();
        for (int round = 0; round < 2000; round++) {
            StringBuilder script = new StringBuilder("local t = {");
            Map<Object, Integer> expected = new HashMap<>();
            boolean appended = false;
            int initial = random.nextInt(12);
            for (int i = 1; i <= initial; i++) {
                script.append(i).append(',');
                expected.put(i, i);
            }
            script.append("} ");
            for (int op = random.nextInt(60); op > 0; op--) {
                int key = random.nextInt(40) - 3;
                switch (random.nextInt(10)) {
                    case 0, 1, 2, 3, 4 -> {
                        script.append("t[").append(key).append("] = ").append(key).append(' ');
                        expected.put(key, key);
                    }
                    case 5, 6 -> {
                        script.append("t[").append(key).append("] = nil ");
                        expected.remove(key);
                    }
                    case 7 -> {
                        script.append("t['s").append(key).append("'] = ").append(key).append(' ');
                        expected.put("s" + key, key);
                    }
                    default -> {
                        // an append at the border, as scripts do; which index that is depends on the layout
                        script.append("do local n = #t + 1 t[n] = n end ");
                        appended = true;
                    }
                }
            }
            script.append("return t");
            LuaTable table;
            try {
                table = (LuaTable) globals.load(script.toString(), "@test").call();
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + script, e);
            }
            int count = 0;
            for (LuaValue key = table.next(LuaValue.NIL).arg1(); !key.isnil(); key = table.next(key).arg1()) {
                Object javaKey = key.isinttype() ? (Object) key.toint() : key.tojstring();
                int value = key.isinttype() ? key.toint() : Integer.parseInt(key.tojstring().substring(1));
                assertEquals(value, table.get(key).toint(), "seed " + seed + ": " + script);
                if (!appended) {
                    assertEquals(expected.get(javaKey), Integer.valueOf(value), "seed " + seed + ": " + script);
                }
                count++;
            }
            if (!appended) {
                assertEquals(expected.size(), count, "seed " + seed + ": " + script);
            }
            for (Map.Entry<Object, Integer> entry : expected.entrySet()) { // appends only add keys: none written may be missing
                LuaValue key = entry.getKey() instanceof Integer i ? LuaValue.valueOf(i) : LuaValue.valueOf((String) entry.getKey());
                assertEquals(entry.getValue().intValue(), table.get(key).toint(), "seed " + seed + ": " + script);
            }
        }
    }
}
