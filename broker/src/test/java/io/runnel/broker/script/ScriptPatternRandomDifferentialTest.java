package io.runnel.broker.script;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

import java.util.Random;

/**
 * Random Lua patterns (classes, sets, repetitions, anchors, captures, back references, %b and
 * %f, malformed ones too) given to string.find, match, gsub and gmatch over random subjects,
 * on redis-server and on Runnel: the results, or the errors pcall catches, must be the same.
 * The seed is printed.
 */
class ScriptPatternRandomDifferentialTest extends DifferentialCase {

    private static final String[] PIECES = {"a", "b", "c", ".", "%a", "%d", "%s", "%w", "%p", "%u", "%x", "%%", "%.", "[ab]", "[^a]", "[%d_]", "[a-c]",
        "[]", "[^]", "*", "+", "-", "?", "(", ")", "()", "%b()", "%f[%a]", "%f[%z]", "^", "$", "%1", "%2", "%", "%z", " "};
    private static final String[] SUBJECTS = {"", "a", "aab(c)d 12_x..", "abcabc", "  b  ", "(a(b)c)", "ABC def 42", "x%y", "a.b.c", "\\0a\\0"};
    private static final String[] CALLS = {
        "string.find(s, p)", "string.find(s, p, 3)", "string.find(s, p, -2)", "string.match(s, p)", "string.gsub(s, p, '<%0>')",
        "string.gsub(s, p, '%1', 2)", "string.gsub(s, p, {a = 'A'})", "(function() local r = {} for a, b in string.gmatch(s, p) do "
            + "r[#r + 1] = tostring(a) .. ',' .. tostring(b) if #r > 8 then break end end return table.concat(r, ';') end)()"};

    @Test
    void randomPatternsMatchAsRedisMatchesThem() {
        long seed = System.nanoTime();
        System.out.println("ScriptPatternRandomDifferentialTest seed=" + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            StringBuilder pattern = new StringBuilder();
            for (int n = 1 + random.nextInt(5); n > 0; n--) {
                pattern.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String subject = SUBJECTS[random.nextInt(SUBJECTS.length)];
            String call = CALLS[random.nextInt(CALLS.length)];
            d.same("EVAL", "local s, p = ARGV[1], ARGV[2] local r = {pcall(function() return " + call + " end)} "
                    + "for i = 1, #r do r[i] = tostring(r[i]) end return table.concat(r, '|')", "0",
                    subject.replace("\\0", "\0"), pattern.toString());
        }
    }
}
