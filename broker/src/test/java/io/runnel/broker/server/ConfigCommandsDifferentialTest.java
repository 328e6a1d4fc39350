package io.runnel.broker.server;

import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.Resp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CONFIG GET and SET against redis-server, for directives both servers have. Every test puts
 * back what it changed, as both servers are shared by the test run.
 */
class ConfigCommandsDifferentialTest extends DifferentialCase {

    /** Directives whose values legitimately differ (paths, ports, Runnel's own). */
    private static final Set<String> OWN_VALUES = Set.of("port", "dir", "bind", "keyspace-entities", "save",
            "appendonly", "io-threads", "daemonize", "logfile", "pidfile", "tcp-backlog",
            // Runnel's own directives
            "notify-keyspace-stream", "notify-keyspace-stream-events", "notify-keyspace-stream-maxlen",
            "journal-backend", "jdbc-url", "jdbc-user", "jdbc-password");

    /** Pairs of a CONFIG GET reply as name -> value, order ignored. */
    private static TreeMap<String, String> pairs(Resp.Node reply) {
        TreeMap<String, String> out = new TreeMap<>();
        for (int i = 0; i < reply.size(); i += 2) {
            out.put(reply.get(i).text(), reply.get(i + 1).text());
        }
        return out;
    }

    /** CONFIG GET on both: Runnel's pairs must be Redis's, restricted to the directives Runnel has. */
    private void sameGet(String... patterns) {
        String[] command = new String[patterns.length + 2];
        command[0] = "CONFIG";
        command[1] = "GET";
        System.arraycopy(patterns, 0, command, 2, patterns.length);
        Resp.Node[] replies = d.parsed(command);
        TreeMap<String, String> redis = pairs(replies[0]);
        TreeMap<String, String> runnel = pairs(replies[1]);
        Set<String> ours = runnelDirectives();
        redis.keySet().removeIf(name -> !ours.contains(name.toLowerCase()) || OWN_VALUES.contains(name.toLowerCase()));
        runnel.keySet().removeIf(name -> OWN_VALUES.contains(name.toLowerCase()));
        assertEquals(redis, runnel, () -> "CONFIG GET " + String.join(" ", patterns));
        assertEquals(replies[0].type(), replies[1].type());
    }

    private Set<String> runnelDirectives() {
        Resp.Node all = Resp.parse(d.both("CONFIG", "GET", "*")[1]);
        return new TreeSet<>(pairs(all).keySet());
    }

    @Test
    void getPatterns() {
        sameGet("maxclients");
        sameGet("MAXCLIENTS");
        sameGet("MaxClients", "maxclients");
        sameGet("maxclients", "MAXCLIENTS");
        sameGet("max*");
        sameGet("MAX*");
        sameGet("maxmemory*", "maxmemory");
        sameGet("hz", "timeout", "databases", "requirepass");
        sameGet("*keyspace*");
        sameGet("proto-max-bulk-le?");
        sameGet("[mt]*");
        sameGet("nosuch");
        sameGet("nosuch*", "hz");
        sameGet("*");
        d.same("CONFIG", "GET", "nosuch");
        d.same("CONFIG", "GET", "hz");
        d.same("CONFIG", "GET", "HZ");
    }

    @Test
    void olderNamesStandForTheirDirectives() {
        sameGet("*max-*-entries");
        sameGet("zset-max-*", "hash-max-*");
        d.same("CONFIG", "GET", "zset-max-ziplist-entries");
        d.same("CONFIG", "GET", "HASH-MAX-ZIPLIST-VALUE");
        try {
            d.same("CONFIG", "SET", "zset-max-ziplist-entries", "2");
            d.same("CONFIG", "GET", "zset-max-listpack-entries");
            d.same("ZADD", "z", "1", "a", "2", "b", "3", "c");
            d.same("OBJECT", "ENCODING", "z");
            d.same("CONFIG", "SET", "hash-max-ziplist-entries", "1", "hash-max-listpack-entries", "2");
            d.same("CONFIG", "SET", "hash-max-ziplist-value", "1");
            d.same("HSET", "h", "f", "long value");
            d.same("OBJECT", "ENCODING", "h");
        } finally {
            d.same("CONFIG", "SET", "zset-max-listpack-entries", "128", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "64");
        }
    }

    @Test
    void getInResp3IsAMap() {
        d.replies("HELLO", "3");
        d.same("CONFIG", "GET", "maxclients");
        d.same("CONFIG", "GET", "nosuch");
        d.same("CONFIG", "GET", "hz", "HZ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nosuch 1", "NOSUCH 1", "port", "databases 3", "DATABASES 3", "maxclients abc", "maxclients 0",
        "maxclients -1", "maxclients 4294967296", "maxclients +5", "maxclients 05", "maxclients _5", "maxclients 5 hz", "hz abc", "hz -1",
        "maxclients 100 maxclients 200", "maxclients 100 MAXCLIENTS 200", "hz 1 hz 2 nosuch 1", "hz 1 nosuch 1 hz 2",
        "hz 1 databases 1 hz 2", "maxclients x databases 2", "hz x hz 2", "appendonly maybe", "appendonly ",
        "maxmemory-policy foo", "maxmemory 1x", "maxmemory -1", "maxmemory +5", "maxmemory 1gb1", "maxmemory 1.5mb",
        "timeout -1", "timeout ", "loglevel foo", "loglevel nothing", "appendfsync foo", "save 1_2_3", "save a_b",
        "proto-max-bulk-len 10", "proto-max-bulk-len 9223372036854775808", "client-output-buffer-limit normal_1_2",
        "client-output-buffer-limit foo_1_2_3", "notify-keyspace-events xyz", "slowlog-log-slower-than -5",
        "slowlog-max-len -1", "tcp-keepalive -1", "dir /nonexistent", "dbfilename a/b", "maxclients 100 nosuch 1",
        "nosuch 1 maxclients 100", "maxclients 100 databases 2"})
    void setErrors(String line) {
        String[] words = line.split(" ", -1);
        String[] command = new String[words.length + 2];
        command[0] = "CONFIG";
        command[1] = "SET";
        for (int i = 0; i < words.length; i++) {
            command[i + 2] = words[i].replace('_', ' ');
        }
        d.same(command);
        sameGet("maxclients", "hz", "maxmemory", "slowlog-log-slower-than");
    }

    @Test
    void setValidValuesShowTheirNormalForm() {
        set("hz", "600", "10");
        set("hz", "0", "10");
        set("maxclients", "4294967295", "10000");
        set("maxmemory", "5KB", "0");
        set("maxmemory", "1mb", "0");
        set("maxmemory", "1g", "0");
        set("maxmemory", "05", "0");
        set("maxmemory", "", "0");
        set("maxmemory", "99999999999999999999", "0");
        set("proto-max-bulk-len", "1mb", "512mb");
        set("maxmemory-policy", "ALLKEYS-LRU", "noeviction");
        set("appendfsync", "ALWAYS", "everysec");
        set("slowlog-log-slower-than", "-1", "10000");
        set("save", "100 10 50 20", "");
        set("save", "", "");
        set("client-output-buffer-limit", "normal 1mb 2mb 3", "normal 0 0 0");
        set("client-output-buffer-limit", "pubsub 1 2 3 replica 4 5 6", "pubsub 32mb 8mb 60 replica 256mb 64mb 60");
        for (String events : new String[] {"KEA", "g$lshzxetdn", "gl$shzxetdnm", "Agm", "Adn", "AKEm", "mEK", "x", "z$",
            "Kg", "nd", "E", ""}) {
            set("notify-keyspace-events", events, "");
        }
        set("requirepass", "a b", "");
        d.same("CONFIG", "SET", "hz", "20", "maxclients", "500");
        sameGet("hz", "maxclients");
        d.same("CONFIG", "SET", "hz", "10", "maxclients", "10000");
        sameGet("hz", "maxclients");
    }

    private void set(String name, String value, String restore) {
        d.same("CONFIG", "SET", name, value);
        sameGet(name);
        d.same("CONFIG", "SET", name, restore);
        sameGet(name);
    }

    @Test
    void resetstatAndHelpShape() {
        d.same("CONFIG", "RESETSTAT");
        d.same("CONFIG", "RESETSTAT", "x");
        Resp.Node[] help = d.parsed("CONFIG", "HELP");
        assertEquals(help[0].type(), help[1].type());
        assertEquals(help[0].get(0).text(), help[1].get(0).text());
    }
}
