package io.runnel.broker.script;

import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.Resp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * FUNCTION LOAD, DELETE, FLUSH, LIST, DUMP, RESTORE, STATS, KILL and FCALL, FCALL_RO against
 * redis-server: the metadata line, redis.register_function in both forms with its flags and
 * errors, the small world a library loads in and the full one its functions run in, the errors
 * of calls (with the function's name and line), and libraries carried between the two servers
 * by DUMP and RESTORE. Redis lists a library's functions in its hash table's order, so listings
 * of several functions are compared as sets.
 */
class FunctionDifferentialTest extends DifferentialCase {

    @BeforeEach
    void noLibraries() {
        d.same("FUNCTION", "FLUSH");
    }

    @AfterEach
    void removeLibraries() {
        d.same("FUNCTION", "FLUSH");
    }

    private static String library(String name, String... lines) {
        return "#!lua name=" + name + "\n" + String.join("\n", lines);
    }

    private void load(String... options) {
        String[] command = new String[2 + options.length];
        command[0] = "FUNCTION";
        command[1] = "LOAD";
        System.arraycopy(options, 0, command, 2, options.length);
        d.same(command);
    }

    /** FUNCTION LIST's libraries, each with its functions sorted by name. */
    private static List<String> listing(Resp.Node reply) {
        List<String> libraries = new ArrayList<>();
        for (Resp.Node library : reply.elements()) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < library.size(); i += 2) {
                text.append(library.get(i).text()).append('=');
                Resp.Node value = library.get(i + 1);
                if (value.isAggregate()) {
                    List<String> functions = new ArrayList<>();
                    value.elements().forEach(function -> functions.add(function.printable()));
                    functions.sort(null);
                    text.append(functions);
                } else {
                    text.append(value.printable());
                }
                text.append(';');
            }
            libraries.add(text.toString());
        }
        libraries.sort(null);
        return libraries;
    }

    private void sameListing(String... command) {
        Resp.Node[] replies = d.parsed(command);
        assertEquals(listing(replies[0]), listing(replies[1]), () -> "reply to " + String.join(" ", command));
    }

    @Test
    void loadRefusesWhatRedisRefuses() {
        load("x");
        load("#!lua name=x");
        load("#!lua name=x\n");
        load("#!lua\nreturn");
        load("#!lua name=a b=c\n");
        load("#!js name=a\n");
        load("#!lua name=a-b\n");
        load("#!lua name=a name=b\n");
        load("#!lua name=\n");
        load(library("x", "local a = "));
        load(library("x", "redis.call('get', 'a')"));
        load(library("x", "string.format('a')"));
        load(library("x", "foo = 1"));
        load(library("x", "error('boom')"));
        load(library("y", "redis.register_function()"));
        load(library("y", "redis.register_function('g', 'x')"));
        load(library("y", "redis.register_function('g-1', function() end)"));
        load(library("y", "redis.register_function{function_name='h', callback=function() end, flags={'bad'}}"));
        load(library("y", "redis.register_function{function_name='h', callback=function() end, foo=1}"));
        load(library("y", "redis.register_function{callback=function() end}"));
        load(library("y", "redis.register_function{function_name='h'}"));
        load(library("y", "redis.register_function{function_name='h', callback=function() end, flags='no-writes'}"));
        load(library("y", "redis.register_function{function_name='h', callback=5}"));
        load(library("y", "redis.register_function{function_name={}, callback=function() end}"));
        load(library("y", "redis.register_function('h', function() end)", "redis.register_function('h', function() end)"));
        load(library("y", "redis.register_function('h', function() end)", "redis.x = 1"));
        load("BAD", library("y", "redis.register_function('h', function() end)"));
        load(library("slow", "while true do end")); // stopped after 500 ms
        d.same("FUNCTION", "LOAD");
        d.same("FUNCTION", "LIST");
    }

    @Test
    void libraryNamesAreCaseSensitiveAndFunctionNamesAreNot() {
        load(library("Alpha", "redis.register_function('Fx', function() return 1 end)"));
        load(library("alpha", "redis.register_function('gx', function() return 2 end)"));
        load(library("other", "redis.register_function('fX', function() return 3 end)"));
        d.same("FUNCTION", "DELETE", "ALPHA");
        d.same("FCALL", "FX", "0");
        d.same("FCALL", "GX", "0");
        sameListing("FUNCTION", "LIST", "LIBRARYNAME", "Alpha");
        load(library("dup", "redis.register_function('same', function() end)", "redis.register_function('SAME', function() end)"));
    }

    @Test
    void librariesAndFunctionNamesAreTakenOnce() {
        load(library("mylib", "redis.register_function('f1', function() return 1 end)"));
        load(library("mylib", "redis.register_function('f2', function() return 2 end)"));
        load(library("other", "redis.register_function('f1', function() return 3 end)"));
        load(library("mylib", "return 1"));
        load("REPLACE", library("mylib", "redis.register_function('f2', function() return 2 end)"));
        d.same("FCALL", "f1", "0");
        d.same("FCALL", "f2", "0");
        load("REPLACE", "REPLACE", library("other", "redis.register_function('f1', function() return 3 end)"));
        load("replace", library("other", "redis.register_function('f2', function() return 4 end)"));
        d.same("FCALL", "f1", "0");
        d.same("FUNCTION", "DELETE", "mylib");
        d.same("FUNCTION", "DELETE", "mylib");
        d.same("FCALL", "f2", "0");
        d.same("FUNCTION", "LIST");
    }

    @Test
    void functionsRunWithTheirKeysArgumentsAndState() {
        load(library("mylib",
                "local calls = 0",
                "redis.register_function('count', function(keys, args) calls = calls + 1 return {calls, keys[1], args[1]} end)",
                "redis.register_function{function_name='reader', callback=function(keys, args) return redis.call('GET', keys[1]) end,",
                "  flags={'no-writes'}, description='reads a key'}",
                "redis.register_function('writer', function(keys, args) return redis.call('SET', keys[1], args[1]) end)",
                "redis.register_function('sizes', function(keys, args) return #keys + #args * 10 end)",
                "redis.register_function('world', function() return {redis.call('PING'), type(cjson), string.rep('a', 2), "
                        + "tostring(redis.register_function)} end)",
                "redis.register_function('globals', function() return KEYS end)",
                "redis.register_function('fails', function() error('x') end)",
                "redis.register_function('unknown', function() return redis.call('nosuch') end)",
                "redis.register_function('nested', function() return redis.call('FCALL', 'sizes', 0) end)",
                "redis.register_function('protected', function() return redis.pcall('FUNCTION', 'LIST') end)",
                "redis.register_function('typed', function() redis.setresp(3) return {double=1.5, map={a=1}} end)",
                "redis.register_function('hash', function(keys) redis.call('HSET', keys[1], 'f', 'v') "
                        + "return redis.call('HGETALL', keys[1]) end)",
                "redis.register_function('fraction', function(keys) redis.call('ZADD', keys[1], '0.1', 'm') "
                        + "return redis.call('ZSCORE', keys[1], 'm') end)"));
        d.same("FCALL", "count", "1", "k", "a");
        d.same("FCALL", "count", "1", "k", "a");
        d.same("FCALL", "reader", "1", "k");
        d.same("FCALL", "writer", "1", "k", "v");
        d.same("FCALL_RO", "reader", "1", "k");
        d.same("FCALL_RO", "writer", "1", "k", "v");
        d.same("FCALL", "sizes", "2", "a", "{a}b", "c");
        d.same("FCALL", "sizes", "0");
        d.same("FCALL", "sizes", "-1");
        d.same("FCALL", "sizes", "3", "a");
        d.same("FCALL", "sizes", "x");
        d.same("FCALL", "nosuch", "x");
        d.same("FCALL", "nosuch", "0");
        d.same("FCALL", "SIZES", "0");
        for (String function : new String[] {"world", "globals", "fails", "unknown", "nested", "protected", "typed"}) {
            d.same("FCALL", function, "0");
        }
        d.same("FCALL", "hash", "1", "h");
        d.same("FCALL", "fraction", "1", "z");
        d.same("FCALL");
        d.same("FCALL", "count");
        d.resp3();
        d.same("FCALL", "typed", "0");
        d.same("FCALL", "fraction", "1", "z");
    }

    @Test
    void flagsDecideWhatAFunctionMayDo() {
        load(library("flags",
                "redis.register_function{function_name='all', callback=function(k, a) return redis.call('SET', k[1], a[1]) end,",
                "  flags={'no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}}",
                "redis.register_function{function_name='upper', callback=function(k) return redis.call('GET', k[1]) end,",
                "  flags={'NO-WRITES'}, description=5}"));
        d.same("FCALL", "all", "1", "a", "b");
        d.same("FCALL_RO", "all", "1", "a", "b");
        d.same("FCALL_RO", "upper", "1", "a");
        sameListing("FUNCTION", "LIST");
    }

    @Test
    void listShowsLibrariesAsRedisDoes() {
        load(library("alpha", "redis.register_function{function_name='one', callback=function() return 1 end, description='the first'}"));
        load(library("Beta", "redis.register_function{function_name='two', callback=function() return 2 end, flags={'no-writes'}}"));
        d.same("FUNCTION", "LIST", "LIBRARYNAME", "alpha");
        d.same("FUNCTION", "LIST", "LIBRARYNAME", "b*", "WITHCODE");
        d.same("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "BETA");
        d.same("FUNCTION", "LIST", "LIBRARYNAME", "nomatch");
        d.same("FUNCTION", "LIST", "LIBRARYNAME");
        d.same("FUNCTION", "LIST", "FOO");
        d.same("FUNCTION", "LIST", "WITHCODE", "WITHCODE");
        sameListing("FUNCTION", "LIST", "WITHCODE");
        d.same("FUNCTION", "STATS");
        d.same("FUNCTION", "STATS", "x");
        d.same("FUNCTION", "KILL");
        d.same("FUNCTION", "NOPE");
        d.same("FUNCTION", "FLUSH", "foo");
        d.same("FUNCTION", "FLUSH", "SYNC", "ASYNC");
        d.resp3();
        d.same("FUNCTION", "LIST", "LIBRARYNAME", "alpha", "WITHCODE");
        d.same("FUNCTION", "LIST", "LIBRARYNAME", "beta");
        d.same("FUNCTION", "STATS");
        d.same("FUNCTION", "FLUSH", "ASYNC");
        d.same("FUNCTION", "LIST");
    }

    @Test
    void dumpAndRestoreCarryLibrariesBetweenTheServers() {
        load(library("a", "redis.register_function('fa', function() return 'a' end)"));
        load(library("b", "redis.register_function('fb', function() return 'b' end)"));
        byte[][] dumps = d.both("FUNCTION", "DUMP");
        d.same("FUNCTION", "FLUSH");
        // each server restores the other's payload (both get each payload; the other server's reply is the one checked)
        byte[] intoRedis = d.both("FUNCTION".getBytes(), "RESTORE".getBytes(), bulk(dumps[1]), "FLUSH".getBytes())[0];
        assertEquals("+OK\r\n", new String(intoRedis));
        sameListing("FUNCTION", "LIST", "WITHCODE");
        byte[] intoRunnel = d.both("FUNCTION".getBytes(), "RESTORE".getBytes(), bulk(dumps[0]), "FLUSH".getBytes())[1];
        assertEquals("+OK\r\n", new String(intoRunnel));
        sameListing("FUNCTION", "LIST", "WITHCODE");
        d.same("FCALL", "fb", "0");
        byte[] payload = bulk(dumps[0]);
        d.same("FUNCTION", "DELETE", "b"); // one library in the way: which of several Redis names depends on its hash order
        d.same(new byte[][] {"FUNCTION".getBytes(), "RESTORE".getBytes(), payload});
        d.same(new byte[][] {"FUNCTION".getBytes(), "RESTORE".getBytes(), payload, "APPEND".getBytes()});
        d.same(new byte[][] {"FUNCTION".getBytes(), "RESTORE".getBytes(), payload, "BAD".getBytes()});
        d.same(new byte[][] {"FUNCTION".getBytes(), "RESTORE".getBytes(), payload, "FLUSH".getBytes(), "x".getBytes()});
        byte[] damaged = payload.clone();
        damaged[damaged.length - 1] ^= 1;
        d.same(new byte[][] {"FUNCTION".getBytes(), "RESTORE".getBytes(), damaged});
        d.same("FUNCTION", "RESTORE", "xx");
        load("REPLACE", library("a", "redis.register_function('fa', function() return 'changed' end)"));
        load(library("c", "redis.register_function('fc', function() return 'c' end)"));
        d.same(new byte[][] {"FUNCTION".getBytes(), "RESTORE".getBytes(), payload, "REPLACE".getBytes()});
        d.same("FCALL", "fa", "0");
        d.same("FCALL", "fc", "0");
        d.same(new byte[][] {"FUNCTION".getBytes(), "RESTORE".getBytes(), payload, "flush".getBytes()});
        d.same("FCALL", "fc", "0");
        sameListing("FUNCTION", "LIST");
        // a payload whose library takes a function name another library has
        load("REPLACE", library("other", "redis.register_function('fother', function() return 1 end)"));
        d.same("FUNCTION", "DELETE", "a");
        load(library("clash", "redis.register_function('fa', function() return 1 end)"));
        d.same(new byte[][] {"FUNCTION".getBytes(), "RESTORE".getBytes(), payload, "REPLACE".getBytes()});
        d.same("FUNCTION", "FLUSH");
        d.same("FUNCTION", "DUMP");
    }

    @Test
    void functionsInsideTransactions() {
        load(library("tx", "redis.register_function('incr2', function(keys) redis.call('INCR', keys[1]) "
                + "return redis.call('INCR', keys[1]) end)"));
        d.same("MULTI");
        d.same("FCALL", "incr2", "1", "counter");
        d.same("FUNCTION", "LOAD", library("tx2", "redis.register_function('two', function() return 2 end)"));
        d.same("FCALL", "two", "0");
        d.same("EXEC");
        d.same("GET", "counter");
        d.same("FCALL", "two", "0");
    }

    /** The payload of a bulk string reply. */
    private static byte[] bulk(byte[] reply) {
        int start = 0;
        while (reply[start] != '\n') {
            start++;
        }
        return java.util.Arrays.copyOfRange(reply, start + 1, reply.length - 2);
    }
}
