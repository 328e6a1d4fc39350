package io.runnel.broker.script;

import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.NotificationWatch;
import org.junit.jupiter.api.Test;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT against redis-server: conversions both ways in
 * RESP2 and RESP3, the redis library, the errors Redis words (with the script's SHA1 and line),
 * global protection, the script cache, keys in several entities, notifications raised by the
 * commands a script calls, and scripts inside transactions.
 */
class ScriptDifferentialTest extends DifferentialCase {

    private void eval(String script, String... keysThenArgs) {
        String[] command = new String[2 + keysThenArgs.length];
        command[0] = "EVAL";
        command[1] = script;
        System.arraycopy(keysThenArgs, 0, command, 2, keysThenArgs.length);
        d.same(command);
    }

    /** The bytes a Lua expression makes, in hex, compared. */
    private void hexOf(String expression) {
        eval("local packed = " + expression + " local hex = '' for i = 1, #packed do "
                + "hex = hex .. string.format('%02x', string.byte(packed, i)) end return hex", "0");
    }

    /**
     * Numbers become strings as Lua 5.1 makes them ("%.14g") in tostring, "..", string.format's
     * %s, table.concat and string functions, and as Redis 7.2 sends them to commands (integers, else the shortest round-trip text; the
     * reference's "%.17g" is translated by the harness for EVAL's reply).
     */
    @Test
    void numbersBecomeStringsAsInRedis() {
        for (String expression : new String[] {"1/3", "1e15", "2^53", "123456789012345678", "1e100", "0.1+0.2", "1e-5", "3.0",
                "1/0", "-1/0", "0/0", "1e14", "99999999999999", "-123456.789e3", "12", "2^31", "-2^31 - 1.5"}) {
            // in brackets: the harness would read a bare number as one of the reference's doubles
            eval("return '<' .. tostring(" + expression + ") .. '>'", "0");
            eval("return string.format('%s|%20s|%-8s|', " + expression + ", " + expression + ", " + expression + ")", "0");
            eval("return 'x' .. " + expression + " .. 'y' .. (" + expression + ")", "0");
            eval("return string.rep(" + expression + ", 2, '|')", "0");
        }
        for (String concat : new String[] {"{1/3, 'a', 2}, ','", "{1, {}, 3}", "{1, 2, 3}, '-', 2", "{1, 2, 3}, '-', 2, 5", "{}, 'x'",
                "5", "{1, 2}, 3", "{1, 2}, {}", "{'a', 'b'}, nil, 2", "{2^53, 1e100}, ' '"}) {
            eval("return '<' .. table.concat(" + concat + ") .. '>'", "0");
        }
        for (String number : new String[] {"1/3", "1700000000.5", "1e20", "2^62", "2^63", "-2.5e-300", "7", "100000000000000"}) {
            eval("redis.call('SET', KEYS[1], " + number + ") return redis.call('GET', KEYS[1])", "1", "numbers");
        }
    }

    /** Compile errors name the token they met, as Lua 5.1 words them ("near '<eof>'"). */
    @Test
    void compileErrorsAsLua51WordsThem() {
        for (String script : new String[] {"local = 1", "if x then", "return (1", "x = = 2", "for i=1 do end", "return 'abc",
                "function f( end", "return 1 2", "local t = {1,2", "return x.y.z.", "while true end", "return #", "return x +",
                "return 1 +* 2", "return [[abc", "return a..b..c +", "return 'ab\nc'", "x = }", "return 1 ~ 2"}) {
            eval(script, "0");
        }
        d.same("FUNCTION", "LOAD", "#!lua name=broken\nlocal t = {1,2");
    }

    /** Numerals read as Lua 5.1 reads them (strtod over the whole token), and goto is a plain name. */
    @Test
    void numeralsAndNamesAsLua51ReadsThem() {
        for (String numeral : new String[] {"1e", "0x", "3rd", "1..2", "1e5x", "0x1p", "1e+", ".5e1", "0x1p4", "0x10", "0XfF", "3.",
                "1E2", "0x.8p1", "0xA.8", "5e-1", "1_000", "0x7fffffffffffffffff", "2e308"}) {
            eval("return '<' .. tostring(" + numeral + ") .. '>'", "0");
        }
        eval("local goto = 5 return goto + 1", "0");
        // string escapes as Lua 5.1 reads them: \\x, \\z and unknown ones stand for the character
        for (String literal : new String[] {"'\\x41'", "'a\\zb'", "'\\q'", "'\\65\\066x\\0'", "'\\256'", "'\\v\\a'", "'ab", "'a\\\nb'"}) {
            eval("return " + literal, "0");
        }
        eval("local t = {goto = 1} return t.goto", "0");
    }

    /**
     * Errors a Lua instruction raises name the variable as Lua 5.1 does ("attempt to index
     * local 't' (a nil value)"): locals, globals, upvalues, fields, methods, and none for
     * temporaries; arithmetic, concatenation and comparison blame the operand Lua blames.
     */
    @Test
    void runtimeErrorsNameTheirVariables() {
        for (String script : new String[] {
                "local t = nil; return t.x", "local t = {} ; return t.x.y", "local t = {x = {}} return t.x.y.z",
                "local t = {} t.a.b.c = 1", "local t = {} local k = 'a' return t[k].b", "return ARGV[1].x", "local t = {} return t[1][2]",
                "local t local function g() return t.x end return g()", "local up = 3; local function f() up.x = 1 end f()",
                "local t = setmetatable({}, {__index = function(t, k) return nil end}) return t.a.b",
                "local f = 5 f()", "return KEYS()", "return redis.nope()", "return ('x'):nope()", "local t = {} t:foo()",
                "local f = 5 local function g() return f() end return g()", "return (nil)()", "local x = {} return x.y()",
                "for k in 5 do end",
                "local s = 'a' return s + 1", "return '10' + {}", "return {} + 1", "local n = nil return n + 1", "local t = {} return 1 + t",
                "local x return -x", "local s = true return -s", "local t = {} return t * 2 ^ 3", "return 5 % {}",
                "local t = {} return t .. 'x'", "return nil .. 'x'", "local a, b = 'x', nil return a .. b", "local a = 'x' return a .. {} .. 'y'",
                "return tostring(nil) .. nil", "return 1 .. {} .. 2", "local a = {} return 'p' .. 1 .. a .. 'q' .. 'r'",
                "local a = {} local b = {} return a < b", "return 1 < '2'", "return {} < 1", "return 'a' <= 1", "return true <= false",
                "local f = function() end return f < nil",
                "return #5", "return #nil", "local b = false return #b",
                "local x = 1 x = nil return x.y", "local t = {} if t then t = nil end return t.y",
                "local t = nil\nlocal x = 1\nreturn t.x"}) {
            eval(script, "0");
            eval("local ok, e = pcall(function() " + script.replace("\\n", "\n").replace("return ", "local _ = ") + " end) return '<' .. tostring(e) .. '>'", "0");
        }
    }

    /**
     * error(message, level) positions the message where Lua 5.1 does (the caller at level 2, nowhere at
     * level 0 or for a message that is not text) and xpcall's handler turns the message,
     * whatever raised it (redis.call's error tables included).
     */
    @Test
    void errorLevelsAndHandlers() {
        for (String script : new String[] {
                "error('x', 0)", "error('x', 2)", "local function f() error('x', 2) end\nf()",
                "local function f() error('x', 3) end local function g() f() end\ng()",
                "local function f() error('x', 3) end local function g() f() end\nreturn {pcall(g)}",
                "return {pcall(error, 'x')}", "return {pcall(error, 'x', 0)}", "return {pcall(function() error('x') end)}",
                "return {pcall(function() error(42) end)}", "error(42)", "error(true)", "error()", "return {pcall(error)}",
                "return {xpcall(function() local a; return a.b end, function(m) return 'H:' .. m end)}",
                "return {xpcall(function() error('z', 0) end, function(m) return 'H:' .. m end)}",
                "return {xpcall(function() error('z') end, function(m) error('again') end)}",
                "return {xpcall(function() local r = redis.call('nosuch') return r end, function(m) return type(m) end)}",
                "return {xpcall(function() return redis.call('nosuch') end, function(m) return m end)}",
                "return {xpcall(function() local x; x() end, function(m) return {m} end)}",
                "return {xpcall(function() return 1, 2 end, function(m) return m end)}",
                "local ok, e = pcall(function() return redis.call('nosuch') end) return e"}) {
            eval(script, "0");
        }
    }

    /** Every global and every library function scripts see is the one Redis gives them (Lua 5.1's, not LuaJ's 5.2 set). */
    @Test
    void theGlobalsAreRedisLua51s() {
        eval("local names = {} for k, v in pairs(_G) do if type(v) == 'table' and k ~= '_G' and k ~= 'KEYS' and k ~= 'ARGV' then "
                + "for k2 in pairs(v) do table.insert(names, k .. '.' .. tostring(k2)) end "
                + "elseif string.sub(k, 1, 2) ~= '__' then table.insert(names, tostring(k) .. ':' .. type(v)) end end "
                + "table.sort(names) return names", "0");
    }

    /** The functions Lua 5.1 has and 5.2 dropped, LuaBitOp's rotations, lua-cmsgpack's partial unpacking, redis.acl_check_cmd. */
    @Test
    void lua51AndRedisLibraryFunctions() {
        for (String script : new String[] {
                "return {math.mod(7, 3), math.mod(-7, 3), math.log10(1000), table.getn({1, 2, 3}), table.maxn({1, 2, [10] = 5, [2.5] = 1})}",
                "return table.setn({}, 1)", "return table.getn()", "return table.foreach({})", "return table.maxn(5)",
                "local r = {} table.foreach({10, 20}, function(k, v) r[#r + 1] = k .. '=' .. v end) return r",
                "return table.foreach({10, 20}, function(k, v) return v end)",
                "local r = {} table.foreachi({10, 20, nil, 40}, function(i, v) r[#r + 1] = i end) return r",
                "local f = string.gfind('a b', '%a') return {f(), f()}", "return type(gcinfo())",
                "local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end) "
                        + "local _, x = coroutine.resume(co, 1) local _, y = coroutine.resume(co, 10) return {x, y, coroutine.status(co)}",
                "return coroutine.wrap(function() return redis.call('set', 'co', 'v') end)()",
                "return {bit.bswap(0x12345678), bit.rol(1, 33), bit.ror(1, 1), bit.rol(0x80000000, 1), bit.ror(-1, 4)}",
                "return {redis.acl_check_cmd('get', 'x'), redis.acl_check_cmd('set'), redis.acl_check_cmd('config', 'get'), redis.acl_check_cmd('config')}",
                "return redis.acl_check_cmd('nosuch')", "return redis.acl_check_cmd('config', 'nosuch')", "return redis.acl_check_cmd()",
                "return {pcall(redis.acl_check_cmd, {})}",
                "return {cjson._NAME, cjson._VERSION, cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, cmsgpack._DESCRIPTION}"}) {
            eval(script, "0");
        }
        for (String call : new String[] {"unpack_one(p)", "unpack_limit(p, 2)", "unpack_one(p, 1)", "unpack_one(p, 2)", "unpack_one(p, 3)",
                "unpack_one(p, 4)", "unpack_limit(p, 0)", "unpack_limit(p, -1)", "unpack_limit(p, 1, 2)", "unpack_limit(p)"}) {
            eval("local p = cmsgpack.pack(1, {a = 'x'}, 3) return {cmsgpack." + call + "}", "0");
        }
    }

    /**
     * Strings are bytes, classified and compared as C does in the C locale: bytes from 0x80 are
     * no letters, sort after ASCII, keep their case and pass through %s untouched (UTF-8 text
     * included).
     */
    @Test
    void bytesAsCSeesThem() {
        for (String script : new String[] {"return string.upper('a\u00e9\\255z')", "return string.lower('A\u00c9\\200Z')",
                "return string.gsub('h\u00e9llo', '%a', '*')", "return string.match('\u00e91', '%w+')", "return tostring('\\255' < 'a')",
                "return string.format('%s|%5s|%-4s|%.1s|', '\\255', '\u00e9', '\u00e9', '\u00e9')", "return {string.find('a\\200b', '[%a]+')}",
                "return string.gsub('A1 b2_C', '%W', '.')", "return string.gsub('x\\0y', '%z', 'Z')",
                "return {tostring('b' < 'a'), tostring('a' < 'ab'), tostring('' < 'a'), tostring('Z' < 'a')}",
                "local t = {'\u00e9', 'e', 'z', '\\255'} table.sort(t) return t", "return string.upper(5)", "return string.upper()",
                "return cmsgpack.pack()", "return struct.unpack('z')", "return struct.pack()"}) {
            eval(script, "0");
        }
    }

    /** Malformed patterns raise Lua 5.1's errors, when matching reaches them (LuaJ read past the pattern's end). */
    @Test
    void patternErrorsAsLua51() {
        for (String script : new String[] {"return string.find('abc', '[a')", "return string.find('abc', 'a%')", "return string.find('', 'x[')",
                "return string.match('abc', '[^')", "return string.gsub('abc', 'b[', 'x')",
                "local r = {} for m in string.gmatch('abc', 'c[') do r[#r + 1] = m end return r", "return {string.find('a]b', '[]]')}",
                "return {string.find('a%b', '[%%]')}", "return string.find('abc', '%b')", "return string.find('abc', '(a')",
                "return string.find('abc', 'a)')", "return string.find('abc', '%1')", "return string.find('abc', '%f')",
                "return string.find('abc', '%fa')", "return string.gsub('abc', '(b)', '%2')", "return {string.gsub('abc', 'b', '%')}",
                "return {string.gsub('abc', 'b', 'x%%%')}", "return _VERSION",
                // gmatch moves on after an empty match (LuaJ's iterator did not: the loop never ended), '^' is no anchor there
                "local r = {} for m in string.gmatch('aaa', '%d?') do r[#r + 1] = '<' .. m .. '>' end return r",
                // a pattern without special characters is still a pattern to gmatch (find searches it as text)
                "for m in string.gmatch('', ')') do end", "for m in string.gmatch('ab)', 'b)') do end", "for m in string.gmatch('a.b.c', ')bc') do end",
                "local n = 0 for m in string.gmatch('abc', 'x)') do n = n + 1 end return n",
                "local r = {} for m in string.gmatch('a]b]', 'b]') do r[#r + 1] = m end return r", "return {string.find('', ')')}",
                "local r = {} for m in string.gmatch('key=value;k2=v2', '^-.-') do r[#r + 1] = '<' .. m .. '>' end return #r",
                "local r = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do r[#r + 1] = k .. v end return r",
                "local r = {} for m in string.gmatch('^a^b', '^%a') do r[#r + 1] = m end return r",
                "local r = {} for p in string.gmatch('abc', '()') do r[#r + 1] = p end return r",
                "local r = {} for m in string.gmatch('', 'x*') do r[#r + 1] = '<' .. m .. '>' end return r",
                "local r = {} for m in ('x,y,,z'):gmatch('([^,]*)') do r[#r + 1] = '<' .. m .. '>' end return r",
                "local f = string.gmatch('a b', '%a') return {f(), f(), f()}", "return string.gmatch()", "return string.gmatch('x')",
                "local r = {} for m in string.gfind('a b', '%a') do r[#r + 1] = m end return r",
                // the frontier pattern (LuaJ's never matched)
                "return {string.find('THE (quick) fox', '%f[%a]%a+')}", "return {string.find('hello world', '%f[%w]%w+', 2)}",
                "return {string.gsub('hello world', '%f[%w]%w', 'X')}", "return {string.find('aaa', '%f[%l]')}",
                "return {string.find(' a', '%f[%S]')}", "return {string.gsub('THE (quick) fox', '%f[%a]%a+%f[%A]', 'W')}",
                "return {string.find('abc', 'c%f[%z]')}"}) {
            eval(script, "0");
        }
    }

    /** Library functions at their limits fail as Lua 5.1's do (LuaJ threw Java exceptions or allocated without bound). */
    @Test
    void libraryLimitsAsLua51() {
        for (String script : new String[] {"return unpack({}, 1, 1e8)", "return #{unpack({}, 1, 7990)}", "return {unpack({1, 2}, -1, 1)}",
                "return string.char(-1)", "return string.char()", "return string.format('%5')", "return string.format('%')",
                "return string.format('%123d', 1)", "return string.format('%.100f', 1)", "return string.format('%------d', 1)",
                "return string.format('%-----d|', 1)",
                "return string.format('%-05d|%+ d|%#d|%0s|%#x|%+x|% 5.2f|%-+8.3e|%#o|%05s', 3, 4, 5, 'ab', 255, 255, 3.14159, 12345.6789, 8, 'z')",
                "return string.format('%-d|%0d|%-x|%-s|%0f', 1, 2, 3, 's', 1.5)", "return coroutine.yield()", "return {pcall(coroutine.yield)}",
                "return {coroutine.resume(coroutine.create(function() coroutine.yield(1) end))}", "return math.max(1, 2, 'x')",
                "local function f(n) return f(n + 1) + 1 end return f(1)", "local function f(n) return f(n + 1) + 1 end return {pcall(f, 1)}",
                "local function f(n)\n  return f(n + 1) + 1\nend\nreturn f(1)",
                // found by ScriptRandomDifferentialTest: NaN's sign, max/min and NaN, 64-bit positions, C's pow and %
                "return {tostring(0/0), tostring(-(0/0)), string.format('%f|%g|%e', 0/0, -(0/0), 0/0), tostring(math.huge - math.huge)}",
                "return {tostring(math.max(1, 0/0)), tostring(math.min(0/0, 1)), math.max(3, 7, 2), math.min(3, 7, 2)}",
                "return {string.sub('a,b', 2^53, 1/0), string.sub('abc', -2^40), string.sub('abc', 2, 2^40), string.sub('1000', 3.5, 1/0)}",
                "return {string.byte('abc', -2^40, 2^40)}", "return {string.find('abc', 'c', -2^40)}", "return {string.find('abc', 'c', 2^40)}",
                "return {tostring(1 ^ (1/0)), tostring((-1) ^ (1/0)), tostring(math.pow(1, 0/0)), tostring(-('-3.5' % 0)), tostring(5.5 % -2)}",
                "return {tonumber('INF'), tonumber(' 0x1p4 '), tonumber('1e'), tonumber('0x'), tonumber(' 10\\t'), tonumber('10 x'), tonumber('.5')}",
                "return {math.floor('INF'), '10' + '0x10', ' 3 ' * 2, '1e2' + 0}", "return math.abs(string.upper(''))",
                "return string.byte(tonumber('a,b'))"}) {
            eval(script, "0");
        }
    }

    /** cjson's settings (shared by scripts until SCRIPT FLUSH, on both servers) and decode's errors, word for word. */
    @Test
    void cjsonSettingsAndDecodeErrors() {
        try {
            for (String script : new String[] {
                    "return {cjson.encode_max_depth(), cjson.decode_max_depth(), cjson.encode_number_precision(), cjson.encode_keep_buffer(), "
                            + "tostring(cjson.encode_invalid_numbers()), tostring(cjson.decode_invalid_numbers())}",
                    "return {cjson.encode_sparse_array()}", "return {cjson.encode_max_depth(0)}", "return cjson.encode_number_precision(20)",
                    "return cjson.encode_invalid_numbers('x')", "return cjson.encode_max_depth(1, 2)", "return cjson.encode_sparse_array('maybe')",
                    "return cjson.encode(1, 2)", "return cjson.encode()", "return cjson.decode()",
                    "local c = cjson.new() c.encode_sparse_array(true) return {c.encode({[1] = 1, [20] = 2}), cjson.encode_sparse_array()}",
                    "local c = cjson.new() c.encode_number_precision(3) c.encode_invalid_numbers('null') return c.encode({1/3, 0/0})",
                    "local c = cjson.new() c.encode_invalid_numbers(true) return c.encode({1/0, -1/0})",
                    "local c = cjson.new() c.encode_max_depth(2) return c.encode({{{}}})",
                    "local c = cjson.new() c.decode_max_depth(2) return c.decode('[[[1]]]')",
                    "local c = cjson.new() c.decode_invalid_numbers(false) return c.decode('[NaN]')",
                    "return cjson.encode_sparse_array('on', 3, 5)", "return cjson.encode({[1] = 1, [9] = 2})",
                    "return cjson.encode_max_depth(3)", "return cjson.encode({{{{1}}}})",
                    "return tostring(cjson.decode('[Infinity, -Infinity, 0x10, 1e2, +3]')[3])",
                    "return #cjson.decode(string.rep('[', 1001) .. string.rep(']', 1001))",
                    "return cjson.decode('[1,]')", "return cjson.decode('{\"a\":}')", "return cjson.decode('')", "return cjson.decode('[1 2]')",
                    "return cjson.decode('[\"\\\\u00e9\\\\ud83d\\\\ude00\"]')[1]", "return cjson.decode('[\"\\\\x\"]')",
                    "return cjson.decode('[\"\\\\ud800\"]')", "return cjson.decode('\"abc')", "return cjson.decode('{1:2}')",
                    "return cjson.decode('{\"a\" 2}')", "return cjson.decode('[tru]')", "return cjson.decode('[01]')", "return cjson.decode('[-]')",
                    "return cjson.decode('[1.5e]')", "return cjson.decode('  [1] x')", "return cjson.decode('\\0')",
                    "return cjson.encode({[true] = 1})", "return cjson.encode('\\255\\1/')", "return cjson.encode(function() end)",
                    "return cjson.encode(cjson.decode('[1e300, -0.5, 123456789012345678, \"\\/\"]'))",
                    "return cjson.encode({a = cjson.null, b = {}})"}) {
                eval(script, "0");
            }
        } finally {
            d.same("SCRIPT", "FLUSH"); // the settings are back to their defaults
        }
    }

    /** -0 is a number of its own, as in Lua 5.1 where every number is a double (LuaJ's integers had none). */
    @Test
    void negativeZero() {
        for (String expression : new String[] {"-0.0", "0/-1", "-0", "0 * -1", "-5 * 0", "(function() local z = 0 return -z end)()",
                "1/(-0)", "-1/-0", "-0 + 0", "0 - 0", "-(-0)", "math.ceil(-0.5)", "0 * 5", "-0.0 * -1", "math.abs(-0)"}) {
            eval("return '<' .. tostring(" + expression + ") .. '>'", "0");
        }
        eval("return {-0, -0.0, tostring(-0 == 0), tostring(-0 < 0), string.format('%g %d %s', -0, -0, -0), cjson.encode({-0})}", "0");
        eval("local t = {} t[0] = 'a' t[-0] = 'b' local n = 0 for k in pairs(t) do n = n + 1 end return {t[0], n}", "0");
        // one constant for 0 and -0 in a function, whichever comes first
        for (String script : new String[] {"return -0 .. (1/0)", "return 0 .. -0", "return {tostring(-0), tostring(1/0), tostring(1/-0)}",
                "local function f() return 1/0 end return tostring(-0) .. tostring(f())", "local a, b = 0.0, -0.0 return tostring(a) .. tostring(b)"}) {
            eval(script, "0");
        }
    }

    /**
     * Calls nest as deep as in Lua 5.1 (16,382 levels of recursion in a script, 19,998 once its
     * Lua state has overflowed, then "stack overflow"), and a Lua function's tail call takes no stack at all; a
     * library function tail called is called in the caller's frame (its errors have its line).
     */
    @Test
    void recursionDepthAndTailCalls() {
        // a new Lua state lets 16,384 call records be used, one that has overflowed 20,000
        String recursion = "local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(tonumber(ARGV[1]))";
        d.same("SCRIPT", "FLUSH");
        for (String depth : new String[] {"10000", "16382", "16383", "19998", "19999", "16383"}) {
            d.same("EVAL", recursion, "0", depth);
        }
        d.same("SCRIPT", "FLUSH");
        d.same("EVAL", recursion, "0", "16383");
        for (String script : new String[] {
                "local function loop(n) if n == 0 then return 'done' end return loop(n - 1) end return loop(300000)",
                "local function even(n) if n == 0 then return true end return odd(n - 1) end function odd(n) end return 1",
                "local odd local function even(n) if n == 0 then return 'even' end return odd(n - 1) end "
                        + "odd = function(n) if n == 0 then return 'odd' end return even(n - 1) end return even(100001)",
                "return string.rep()", "local function f()\n  return string.rep()\nend\nreturn f()",
                "local function f()\n  return error('boom')\nend\nreturn f()",
                "local function f()\n  local x = nil\n  return x.y\nend\nlocal function g() return f() end\nreturn g()",
                "local function f(...) return select('#', ...) end return f(1, nil, 3)",
                "local t = setmetatable({}, {__call = function(self, n) return n * 2 end}) local function g() return t(21) end return g()",
                "return {pcall(string.find, '(a(b)c)', '%f[%a]()%1(%x', -2)}", "return {string.find('abab', '()%1')}",
                // before the subject's start the frontier sees '\0', as C does
                "return {string.find('', '%f[%z]')}", "return {string.find('', '[%d_]*%f[%z]', 3)}", "return {string.find('ab', '%f[%z]', 10)}",
                "return {string.find('ab', '%f[%Z]')}", "return {string.gsub('the cat', '%f[%w]%w+', '<%0>')}"}) {
            eval(script, "0");
        }
    }

    /** A refused argument of an open call (its last argument is a call) is found among all the values the call passed. */
    @Test
    void refusedArgumentsOfOpenCalls() {
        for (String script : new String[] {"return string.upper(string.byte(''))", "local function g() return {} end return string.sub('abc', g())",
                "local function g() return 1, {} end return string.sub('abc', g())", "local function g() end return string.rep('x', g())",
                "local function g() return 1, 2 end return string.format('%s %s %d', 'a', g())", "return math.floor(unpack({}))",
                "return string.rep('x', 2, string.byte(''))", "return tonumber(string.byte(''))", "local s = 'x' return s:rep(string.byte(''))",
                "return math.max(1, unpack({2, 'x', {}}))", "return string.char(65, unpack({66, {}}))"}) {
            eval(script, "0");
        }
    }

    /** The libraries, their metatables and _G are read-only to scripts, as Redis makes them; one string table serves methods too. */
    @Test
    void librariesAreReadOnly() {
        for (String script : new String[] {"_G.x = 1 return 1", "return tostring(_G == _G._G)", "local t = getmetatable(_G) return type(t)",
                "rawset(_G, 'y', 1) return 1", "table.insert = nil return 1", "cjson.encode = nil return 1", "redis.call = nil return 1",
                "math.pi = 3 return 1", "bit.band = nil return 1", "setmetatable(string, nil) return 1", "string.x = 1 return 1",
                "local s = string s.rep = nil return 1", "rawset(string, 'x', 1) return 1", "getmetatable('').__index = nil return 1",
                "return tostring(getmetatable('').__index == string)", "return tostring(('x').rep == string.rep)", "local s = 'x' return s:rep({})",
                "KEYS[1] = 'y' return KEYS[1]", "local t = {} t.x = 1 setmetatable(t, {}) return t.x", "return redis.call('PING')", "x = 1",
                "return _G.nosuch", "cmsgpack.pack = 1", "struct.pack = 1", "return pcall(rawset, table, 'x', 1)"}) {
            eval(script, "0");
        }
    }

    /** A library function pcall calls directly has no name in Lua 5.1: "bad argument #1 to '?' (...)". */
    @Test
    void refusedArgumentsUnderPcall() {
        for (String call : new String[] {"string.rep", "string.sub", "math.floor, 'x'", "string.rep, 'x', 'y'", "string.format, '%d', 'x'",
                "table.concat, 1", "setmetatable, 1, 2", "tostring", "ipairs", "cjson.encode", "redis.sha1hex", "string.char, 256", "select, 0",
                "unpack, 1", "next, {}, 1", "string.byte, 'a', {}", "table.insert, 1", "math.max", "rawget, 1", "string.find, 'a', 'b', {}",
                "type", "assert", "loadstring", "table.sort, 1", "tonumber, 'a', 99", "bit.band, 'x'", "struct.pack", "cmsgpack.unpack, 1",
                "rawset, {}, nil, 1", "redis.call", "redis.call, 'nosuch'", "table.remove, 1", "math.random, 0", "string.format, '%y', 1",
                "setmetatable, {}, 1", "string.gsub, 'a', 'a', 1"}) {
            eval("local ok, e = pcall(" + call + ") return {tostring(ok), tostring(e)}", "0");
        }
    }

    /** Keys no table holds (nil, NaN) are refused with 5.1's words; "nan" reads as a number; __newindex leaves the key its node. */
    @Test
    void invalidKeysAndNanStrings() {
        for (String script : new String[] {"local t = {} t[0/0] = 1", "local t = {} t[nil] = 1", "local t = {} rawset(t, nil, 1)", "local t = {} rawset(t, 0/0, 1)",
                "local t = setmetatable({}, {__newindex = function() end}) t[nil] = 1 return 1", "return {[0/0] = 1}", "return {[nil] = 1}",
                "rawset({}, 1)", "rawset({})", "rawset(1, 1, 1)", "return pcall(rawset, {}, nil, 1)", "local t = {} t['nan' + 0] = 1",
                "return {tostring('nan' + 1), tostring('-nan' * 2), tostring(-'nan'), tostring(' nan ' + 0), tostring(math.floor('nan')), tostring('inf' + 0)}",
                "return {tostring(tonumber('nan')), tostring(tonumber('-nan')), tostring(tonumber('nanx')), tostring(tonumber('-0'))}",
                "return 'abc' + 1", "return string.rep('x', 'nan')", "return tostring(0/0) + 1",
                "local log = {} local t = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v) end}) "
                        + "for i = 1, 20 do t['k' .. i] = i end t.x = nil local r = {} for k in pairs(t) do r[#r + 1] = k end return {r, log}",
                "local t = setmetatable({}, {__newindex = {}}) for i = 1, 10 do t['k' .. i] = i end t.a = 1 local n = 0 for k in pairs(t) do n = n + 1 end return n"}) {
            eval(script, "0");
        }
    }

    /** table.insert and table.remove move elements as Lua 5.1 does, through holes, with its errors. */
    @Test
    void tableInsertAndRemoveAsLua51() {
        for (String script : new String[] {"table.insert({})", "table.insert({}, 1, 2, 3)", "table.insert(nil, 1)", "table.insert({}, 'x', 1)",
                "local t = {} table.insert(t, '2', 'a') return {#t, t[2]}", "local t = {1, 2, 3} table.insert(t, 10, 'x') return {#t, t[10]}",
                "return {table.remove({})}", "local t = {1, 2, 3} return {table.remove(t), #t}", "local t = {1, 2, 3} return {table.remove(t, 5), #t}",
                "local t = {1, 2, 3} return {table.remove(t, 'x'), #t}", "local t = {nil, 2} return {table.remove(t, 1), #t, t[1]}",
                "local t = {1, 2} table.insert(t, 1, nil) return {#t, t[2], t[3]}", "table.remove()", "local t = {1, 2, 3} table.insert(t, 2.7, 'x') return t",
                "local t = {1, 2, 3} table.insert(t, 0, 'x') return {t[0], t[1], #t}", "local t = {1, 2, 3} table.insert(t, -1, 'x') return {t[-1], #t}",
                // the array part grows as Redis grows it: KEYS, ARGV and replies are built one element at a time
                "ARGV[8] = 'x' return #ARGV", "local t = redis.call('ECHO', 'x') return type(t)"}) {
            eval(script, "0", "a", "b", "c", "d", "e");
        }
        eval("redis.call('RPUSH', KEYS[1], 'a', 'b', 'c', 'd', 'e') local t = redis.call('LRANGE', KEYS[1], 0, -1) "
                + "redis.call('DEL', KEYS[1]) t[8] = 'x' return #t", "1", "insert:list");
    }

    /** table.sort makes Lua 5.1's comparisons and swaps: ties end where Redis puts them, and its errors are Lua 5.1's. */
    @Test
    void tableSortAsLua51() {
        for (String script : new String[] {
                "local t = {} for i = 1, 200 do t[i] = {k = (i * 37) % 11, id = i} end table.sort(t, function(a, b) return a.k > b.k end) "
                        + "local r = {} for i, v in ipairs(t) do r[i] = v.id end return r",
                "local t = {} for i = 1, 20 do t[i] = {k = i % 3, id = i} end table.sort(t, function(a, b) return a.k < b.k end) "
                        + "local r = {} for i, v in ipairs(t) do r[i] = v.id end return r",
                "local t = {} for i = 1, 50 do t[i] = (i * 7) % 13 end table.sort(t, function(a, b) return a > b end) return t",
                "local t = {'b', 'a', 'B', '10', '9', '\\255', ''} table.sort(t) return t",
                "local t = {3, 1, 2} table.sort(t, function(a, b) return true end) return t",
                "local t = {} for i = 1, 30 do t[i] = 5 end table.sort(t, function(a, b) return a <= b end) return t",
                "local t = {5, 3, 'x'} table.sort(t) return t", "return {pcall(table.sort, {1, nil, 3})}", "return {pcall(table.sort, {1, nil, 3, 4})}", "local t = {{}, {}} table.sort(t) return 1",
                "table.sort({1, 2}, 5)", "table.sort(5)", "table.sort()"}) {
            eval(script, "0");
        }
    }

    /** The length of tables with holes is the border Lua 5.1 finds, over array parts sized as Lua 5.1 sizes them. */
    @Test
    void tableLengthsAsLua51() {
        for (String table : new String[] {"{10, 20, nil, 40}", "{nil, nil, nil, 4}", "{nil, nil, 3}", "{1, nil, 3, nil, nil}", "{1, nil}", "{n = 1, 1, 2}",
                "(function() local t = {} t[1] = 1 t[2] = 2 t[4] = 4 return t end)()",
                "(function() local t = {1, 2, 3, 4} t[2] = nil return t end)()",
                "(function() local t = {1, 2, 3} t[2] = nil return t end)()",
                "(function() local t = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10} for i = 1, 9 do t[i] = nil end return t end)()",
                "(function() local t = {1, 2, 3} t[4] = 4 t[2] = nil return t end)()",
                "(function() local t = {unpack({1, nil, 3})} return t end)()",
                "(function() local t = {ARGV[1], ARGV[2], ARGV[3]} return t end)()",
                "(function() local t = {} for i = 1, 10 do t[i] = i end t[5] = nil return t end)()",
                "(function() local t = {} for i = 1, 10 do t[i] = i end t[10] = nil t[9] = nil return t end)()",
                "(function() local t = {} t[2] = 2 return t end)()", "(function() local t = {} t[1] = 1 t[3] = 3 return t end)()",
                "(function() local t = {1, 2, 3, 4, 5, 6, 7, 8} for i = 1, 7 do t[i] = nil end return t end)()",
                "(function() local t = {} for i = 1, 100 do t[i * 2] = i end return t end)()",
                "(function() local t = {} for i = 100, 1, -1 do t[i] = i end t[50] = nil return t end)()",
                "(function() local t = {} for i = 1, 40 do t[i] = i end t[33] = nil return t end)()",
                "(function() local t = {} t[3] = 3 t[2] = 2 t[1] = 1 t[5] = 5 return t end)()",
                "(function() local t = {} for i = 1, 1000 do t[i] = i end for i = 1, 1000, 3 do t[i] = nil end return t end)()"}) {
            eval("local t = " + table + " return {#t, #{unpack(t)}, select('#', unpack(t))}", "0");
        }
        eval("local t = {1, nil, 3} table.insert(t, 9) return {t[4], #t}", "0");
        // tables built as scripts build them: a constructor of any size, then appends and inserts
        for (int size = 0; size <= 9; size++) {
            StringBuilder constructor = new StringBuilder("{");
            for (int i = 1; i <= size; i++) {
                constructor.append(i * 10).append(',');
            }
            eval("local t = " + constructor + "} for i = 1, 20 do t[#t + 1] = i end table.insert(t, 1, 0) table.insert(t, 5, 'x') "
                    + "table.remove(t, 2) t.name = 'n' return {#t, unpack(t)}", "0");
        }
    }

    @Test
    void resultsConvertAsRedisConvertsThem() {
        eval("return 1", "0");
        eval("return 3.99", "0");
        eval("return -3.99", "0");
        eval("return 'text'", "0");
        // out of a 64-bit integer's range (and NaN): -2^63, as the C cast Redis converts with
        eval("return {2^63, 2^64, -2^63, -(2^70), 1/0, -1/0, 0/0}", "0");
        eval("return string.format('%d|%d|%x', 2^63, 0/0, -1)", "0");
        eval("return true", "0");
        eval("return false", "0");
        eval("return nil", "0");
        eval("return {1, 'a', {2, 3}, false, true}", "0");
        eval("return {1, 2, nil, 4}", "0");
        eval("return {ok='fine'}", "0");
        eval("return {err='boom'}", "0");
        eval("return {err='ERR boom'}", "0");
        eval("return redis.error_reply('MY err')", "0");
        eval("return redis.status_reply('X')", "0");
        eval("return {double=3.5}", "0");
        eval("return {map={a=1}}", "0");
        eval("return {set={a=true}}", "0");
        eval("return redis.sha1hex('')", "0");
        eval("return redis.sha1hex('hello')", "0");
        eval("return KEYS[1] .. ARGV[1] .. #KEYS .. #ARGV", "1", "k", "a", "b");
        eval("return tostring(3.5) .. tostring(10/2) .. tostring(-0.25)", "0");
        eval("return string.format('%d-%s-%5.2f', 3, 'x', 1.5)", "0");
        eval("return string.format('%g %g %g %g %G %.3g %#g', 0.0001, 123456, 1234567, 1e-5, 1e20, 3.14159, 2)", "0");
        eval("return string.format('%x %X %o %05.1f|%-5d|%+d|% d|%c|%q|%%', 255, 255, 8, 2.25, 42, 7, 7, 65, 'a\"b')", "0");
        eval("return string.format('%e %.2E %10.3f %s %s', 12345.678, 0.5, -1.5, 12, true)", "0");
        eval("return {math.floor(2.5), math.max(1, 7), #string.rep('x', 3)}", "0");
        eval("return table.concat({1, 2, 'x'}, ',')", "0");
        eval("return {unpack({1, 2, 3})}", "0");
        eval("return {bit.band(5, 3), bit.bor(5, 3), bit.bxor(5, 3), bit.lshift(1, 4), bit.tohex(255)}", "0");
        eval("return type(loadstring)", "0");
        eval("return loadstring('return 7')()", "0");
        eval("return redis.REDIS_VERSION ~= nil and redis.LOG_WARNING", "0");
        eval("return redis.log(redis.LOG_WARNING, 'hi')", "0");
    }

    @Test
    void cjsonEncodesAndDecodesAsRedisDoes() {
        eval("return cjson.encode({1, 2, 'three', true, false})", "0");
        eval("return cjson.encode({a = 1})", "0");
        eval("return cjson.encode({a = {b = {1.5, 'x/y', 'quote\"', 'tab\t'}}})", "0");
        eval("return cjson.encode({})", "0");
        eval("return cjson.encode({[1] = 'a', [3] = 'c'})", "0");
        eval("return cjson.encode(3.14159265358979)", "0");
        eval("return cjson.encode(100000000000000)", "0");
        eval("return cjson.encode(1e20)", "0");
        eval("return cjson.encode('text')", "0");
        eval("return cjson.encode(cjson.null)", "0");
        eval("return cjson.encode({[1] = 1, [100] = 2})", "0");
        eval("return cjson.encode(1/0)", "0");
        eval("local t = cjson.decode('{\"a\":[1,2,{\"b\":\"c\"}],\"n\":null,\"t\":true}') "
                + "return {t.a[1], t.a[3].b, tostring(t.t), t.n == cjson.null and 'null' or 'other', #t.a}", "0");
        eval("return cjson.decode('[1.5, \"x\"]')[2]", "0");
        eval("return cjson.encode(cjson.decode('{\"k\":[1,2,3]}'))", "0");
    }

    @Test
    void cmsgpackPacksAndUnpacksAsRedisDoes() {
        for (String value : new String[] {"0", "127", "128", "255", "256", "65535", "65536", "4294967296", "-1", "-32", "-33",
            "-128", "-129", "-32769", "-2147483649", "1.5", "0.1", "-2.25", "'x'", "string.rep('y', 40)", "string.rep('z', 300)",
            "true", "false", "nil", "{1, 2, 3}", "{a = 1}", "{{1}, {b = 'c'}}", "{}"}) {
            hexOf("cmsgpack.pack(" + value + ")");
        }
        eval("return cmsgpack.pack(1, 'two', {3})", "0");
        eval("local a, b, c = cmsgpack.unpack(cmsgpack.pack(1, 'two', {3, 4})) return {a, b, c[2]}", "0");
        eval("local t = cmsgpack.unpack(cmsgpack.pack({a = {1, 2}, n = 2.5})) return {t.a[2], tostring(t.n)}", "0");
        eval("return {cmsgpack.unpack(cmsgpack.pack(-100000, 4294967296, 1.5))}", "0");
    }

    @Test
    void structPacksAndUnpacksAsRedisDoes() {
        for (String call : new String[] {"struct.pack('>I2', 258)", "struct.pack('<i4', -2)", "struct.pack('bBhH', -1, 255, -2, 65535)",
            "struct.pack('s', 'hi')", "struct.pack('c3', 'abcdef')", "struct.pack('d', 1.5)", "struct.pack('f', 0.5)",
            "struct.pack('!4 b i4', 1, 2)", "struct.pack('>l', 1)", "struct.pack('<i8', -3)", "struct.pack('x I3', 70000)"}) {
            hexOf(call);
        }
        eval("return {struct.unpack('>I2', 'ab')}", "0");
        eval("return {struct.unpack('<i4i4', struct.pack('<i4i4', 7, -9))}", "0");
        eval("return {struct.unpack('b B h', struct.pack('b B h', -5, 200, -300))}", "0");
        eval("return {struct.unpack('s c2', 'abc\\0xyz')}", "0");
        eval("return {struct.unpack('b c0', struct.pack('b c3', 3, 'abc'))}", "0");
        eval("return {struct.unpack('I2', 'abcd', 3)}", "0");
        eval("return struct.size('i4d')", "0");
        eval("return struct.size('!8 b d')", "0");
        eval("return {struct.unpack('c0', 'x')}", "0");
        eval("return {struct.unpack('I4', 'ab')}", "0");
    }

    @Test
    void commandsCalledFromScripts() {
        eval("return redis.call('set', KEYS[1], 'v')", "1", "k");
        eval("return redis.call('get', KEYS[1])", "1", "k");
        eval("return redis.call('get', KEYS[1])", "1", "missing");
        eval("redis.call('hset', KEYS[1], 'a', '1', 'b', '2') return redis.call('hgetall', KEYS[1])", "1", "h");
        eval("return redis.call('hgetall', KEYS[1])", "1", "nohash");
        eval("return redis.call('incr', KEYS[1])", "1", "counter");
        eval("return redis.call('incrbyfloat', KEYS[1], '1.5')", "1", "float");
        eval("return redis.call('lpush', KEYS[1], 1, 2.5, 'x')", "1", "list");
        eval("return redis.call('lrange', KEYS[1], 0, -1)", "1", "list");
        eval("return redis.call('ping')", "0");
        eval("return redis.call('ping', 'x')", "0");
        eval("return redis.call('echo', 'x')", "0");
        eval("return redis.call('blpop', 'x', 0)", "0");
        eval("return redis.pcall('incr', KEYS[1])", "1", "k");
        eval("local r = redis.pcall('nosuch') return r.err", "0");
        eval("return redis.call('zadd', KEYS[1], 1.5, 'a') + redis.call('zcard', KEYS[1])", "1", "z");
        eval("return redis.call('zscore', KEYS[1], 'a')", "1", "z");
        eval("redis.setresp(3) return redis.call('hgetall', KEYS[1])", "1", "h");
        eval("redis.setresp(3) local r = redis.call('hgetall', KEYS[1]) return r.map.a", "1", "h");
        eval("redis.setresp(3) return redis.call('zscore', KEYS[1], 'a')", "1", "z");
        eval("redis.setresp(3) return redis.call('get', KEYS[1])", "1", "missing");
        // keys in several entities, all held for the script
        eval("redis.call('set', KEYS[1], ARGV[1]) redis.call('set', KEYS[2], ARGV[1]) return redis.call('mget', KEYS[1], KEYS[2], KEYS[3])",
                "3", "a:1", "b:2", "c:3", "value");
        d.same("MGET", "a:1", "b:2");
    }

    @Test
    void errorsAreWordedAsRedisWordsThem() {
        eval("return redis.call('nosuch')", "0");
        eval("return redis.call('get')", "0");
        eval("\n\nreturn redis.call('incr', KEYS[1])", "1", "h");
        eval("redis.call('set', KEYS[1], 'x')\nlocal n = redis.call('incr', KEYS[1])\nreturn n", "1", "k");
        eval("return redis.call()", "0");
        eval("return redis.call({})", "0");
        eval("foo = 1", "0");
        eval("return foo", "0");
        eval("error('x')", "0");
        eval("local t = {}\nerror('deep')", "0");
        eval("return redis.pcall('nosuch')", "0");
        eval("return x +", "0");
        eval("x = ", "0");
        eval("return )", "0");
        eval("local x = 1 +* 2", "0");
        eval("return redis.setresp(4)", "0");
        eval("return redis.log()", "0");
        eval("return 1", "-1");
        eval("return 1", "2", "a");
        eval("return 1", "abc");
        d.same("EVAL");
        d.same("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0");
        d.same("EVAL_RO", "return redis.call('set', 'x', '1')", "0");
        d.same("EVAL_RO", "return redis.call('get', 'x')", "0");
    }

    @Test
    void shebangLines() {
        eval("#!lua\nerror('x')", "0");
        eval("#!lua\nreturn 1", "0");
        eval("#!lua flags=no-writes\nreturn redis.call('set', 'a', '1')", "0");
        eval("#!lua flags=no-writes,allow-oom\nreturn redis.call('get', 'a')", "0");
        eval("#!lua flags=\nreturn 2", "0");
        eval("#!lua flags=bogus\nreturn 1", "0");
        eval("#!py\nreturn 1", "0");
        eval("#!lua name=x\nreturn 1", "0");
        d.same("SCRIPT", "LOAD", "#!lua flags=bogus\nreturn 1");
    }

    @Test
    void theScriptCache() {
        d.same("SCRIPT", "LOAD", "return 'cached'");
        d.same("SCRIPT", "EXISTS", "ab8d9ff2ba0d3fc0ed7a6e43bd2e5c0ab3b5b0b1", "nope");
        String sha = ScriptCache.sha1hex("return 'cached'".getBytes());
        d.same("SCRIPT", "EXISTS", sha, sha.toUpperCase(), "nope");
        d.same("EVALSHA", sha, "0");
        d.same("EVALSHA", sha.toUpperCase(), "0");
        d.same("EVALSHA_RO", sha, "0");
        eval("return 'by eval'", "0");
        d.same("EVALSHA", ScriptCache.sha1hex("return 'by eval'".getBytes()), "0");
        d.same("SCRIPT", "FLUSH");
        d.same("EVALSHA", sha, "0");
        d.same("SCRIPT", "FLUSH", "ASYNC");
        d.same("SCRIPT", "FLUSH", "SYNC");
        d.same("SCRIPT", "FLUSH", "BOGUS");
        d.same("SCRIPT", "KILL");
        d.same("SCRIPT", "NOSUCH");
    }

    @Test
    void resp3ClientsReceiveRresp3Values() {
        d.resp3();
        eval("return true", "0");
        eval("return false", "0");
        eval("return nil", "0");
        eval("return {double=3.5}", "0");
        eval("return {map={a=1}}", "0");
        eval("return {set={a=true}}", "0");
        eval("return {1, 'two'}", "0");
    }

    /** Pipelined scripts (run by Runnel in one hold of all their entities) answer in order, each whole. */
    @Test
    void pipelinedScripts() {
        java.io.ByteArrayOutputStream pipeline = new java.io.ByteArrayOutputStream();
        int commands = 0;
        for (int i = 0; i < 40; i++) {
            String[] command = i % 10 == 9 ? new String[] {"EVAL", "return redis.call('get', 'counter:3')", "0"}
                    : i % 10 == 8 ? new String[] {"EVAL", "return redis.call('nosuch')", "0"}
                    : new String[] {"EVAL", "return redis.call('incrby', KEYS[1], ARGV[1])", "1", "counter:" + (i % 7), Integer.toString(i)};
            pipeline.writeBytes(io.runnel.broker.testing.RawClient.encode(io.runnel.broker.testing.RawClient.bytes(command)));
            commands++;
        }
        pipeline.writeBytes(io.runnel.broker.testing.RawClient.encode(io.runnel.broker.testing.RawClient.bytes("GET", "counter:3")));
        d.sendRaw(pipeline.toByteArray());
        for (int i = 0; i <= commands; i++) {
            byte[][] replies = d.readBoth();
            org.junit.jupiter.api.Assertions.assertEquals(io.runnel.broker.testing.Differential.printable(replies[0]),
                    io.runnel.broker.testing.Differential.printable(replies[1]), "reply " + i);
        }
    }

    /** A client blocked on a key a script pushes to is served after the whole script, as Redis serves it. */
    @Test
    void blockedClientsAreServedAfterTheScript() throws Exception {
        String[] transcripts = io.runnel.broker.testing.BlockingScenarios.onBoth(d, (first, second, writer) -> {
            first.send(io.runnel.broker.testing.RawClient.encode(io.runnel.broker.testing.RawClient.bytes("BLPOP", "{s}list", "0")));
            io.runnel.broker.testing.BlockingScenarios.awaitBlocked(writer, 1);
            String script = "redis.call('lpush', KEYS[1], 'a') redis.call('lpush', KEYS[1], 'b') "
                    + "redis.call('rpush', KEYS[2], 'x') return redis.call('llen', KEYS[1])";
            return writer.callText("EVAL", script, "2", "{s}list", "elsewhere")
                    + io.runnel.broker.testing.BlockingScenarios.text(first.readReply())
                    + writer.callText("LRANGE", "{s}list", "0", "-1");
        });
        org.junit.jupiter.api.Assertions.assertEquals(transcripts[0], transcripts[1]);
    }

    @Test
    void notificationsAndTransactions() {
        try (NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            eval("redis.call('set', KEYS[1], '1') redis.call('incr', KEYS[1]) redis.call('del', KEYS[2]) return 1", "2", "n:a", "n:b");
            watch.assertSame();
        }
        d.same("MULTI");
        eval("return redis.call('incr', KEYS[1])", "1", "t:c");
        d.same("INCR", "t:c");
        eval("return redis.call('get', KEYS[1])", "1", "t:c");
        d.same("EXEC");
    }
}
