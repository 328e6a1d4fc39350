package io.runnel.broker.script;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

import java.util.Random;

/**
 * The order pairs visits a table's keys, and so the bytes of cjson.encode and cmsgpack.pack of
 * maps, depends on how the table lays its keys out: random scripts build tables (constructors,
 * string keys short and long, integer, fractional, negative and boolean keys, keys set to nil,
 * appends, table.insert and table.remove, keys cleared while pairs walks the table) on
 * redis-server and on Runnel, and both must list the same keys in the same order, with the
 * same length (#t). The seed is printed.
 */
class ScriptTableOrderDifferentialTest extends DifferentialCase {

    private Random random;

    @Test
    void randomTablesIterateInRedisOrder() {
        long seed = System.nanoTime();
        System.out.println("ScriptTableOrderDifferentialTest seed=" + seed);
        random = new Random(seed);
        for (int round = 0; round < 150; round++) {
            StringBuilder script = new StringBuilder("local t = ").append(constructor()).append(' ');
            for (int op = random.nextInt(40); op > 0; op--) {
                script.append(operation()).append(' ');
            }
            script.append("local r = {} for k, v in pairs(t) do r[#r + 1] = tostring(k) .. '=' .. tostring(v) end ")
                    .append("return table.concat(r, ' ') .. ' #' .. #t");
            d.same("EVAL", script.toString(), "0");
        }
    }

    @Test
    void encodedMapsListTheirKeysInRedisOrder() {
        long seed = System.nanoTime();
        System.out.println("ScriptTableOrderDifferentialTest encoded seed=" + seed);
        random = new Random(seed);
        for (int round = 0; round < 60; round++) {
            StringBuilder script = new StringBuilder("local t = {} ");
            for (int op = 1 + random.nextInt(25); op > 0; op--) {
                script.append("t[").append(stringKey()).append("] = ").append(random.nextInt(100)).append(' ');
            }
            script.append("t.nested = {").append(stringKey()).append(" = 1, ").append(stringKey()).append(" = {1, 2}} ");
            d.same("EVAL", script + "return cjson.encode(t)", "0");
            d.same("EVAL", script + "return cmsgpack.pack(t)", "0");
        }
        d.same("EVAL", "return cjson.encode(cjson.decode(ARGV[1]))", "0", "{\"b\":1,\"a\":{\"y\":[1,2],\"x\":null},\"c\":\"s\",\"d\":true}");
        d.same("EVAL", "local r = {} for k in pairs(KEYS) do r[#r + 1] = k end ARGV[9] = 'x' return {r, #ARGV}", "3", "a", "b", "c", "1", "2", "3", "4", "5");
    }

    private String constructor() {
        StringBuilder table = new StringBuilder("{");
        for (int i = random.nextInt(8); i > 0; i--) {
            table.append(switch (random.nextInt(4)) {
                case 0 -> stringKey().replaceAll("^'(.*)'$", "[$0]") + " = " + random.nextInt(9);
                case 1 -> "[" + numberKey() + "] = " + random.nextInt(9);
                case 2 -> "nil";
                default -> String.valueOf(random.nextInt(9));
            }).append(", ");
        }
        return table.append('}').toString();
    }

    private String operation() {
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> "t[" + stringKey() + "] = " + random.nextInt(100);
            case 3, 4 -> "t[" + numberKey() + "] = " + random.nextInt(100);
            case 5 -> "t[" + (random.nextBoolean() ? stringKey() : numberKey()) + "] = nil";
            case 6 -> "t[#t + 1] = " + random.nextInt(100);
            case 7 -> "table.insert(t, " + (1 + random.nextInt(3)) + ", 'i')";
            case 8 -> "table.remove(t, 1)";
            case 9 -> "t[" + random.nextBoolean() + "] = 'b'";
            case 10 -> "for k, v in pairs(t) do if type(v) == 'number' and v % 3 == 0 then t[k] = nil end end";
            default -> "for i = 1, " + random.nextInt(20) + " do t['n' .. i] = i end";
        };
    }

    private String stringKey() {
        return switch (random.nextInt(6)) {
            case 0 -> "'" + "long".repeat(8 + random.nextInt(10)) + random.nextInt(20) + "'";
            case 1 -> "'" + (char) ('a' + random.nextInt(26)) + "'";
            case 2 -> "''";
            default -> "'key" + random.nextInt(40) + "'";
        };
    }

    private String numberKey() {
        return switch (random.nextInt(5)) {
            case 0 -> String.valueOf(random.nextInt(70) - 5);
            case 1 -> random.nextInt(40) + ".5";
            case 2 -> "2^" + (31 + random.nextInt(30));
            default -> String.valueOf(1 + random.nextInt(20));
        };
    }
}
