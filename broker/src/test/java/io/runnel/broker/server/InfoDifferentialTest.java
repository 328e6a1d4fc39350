package io.runnel.broker.server;

import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** INFO against redis-server: sections, field names and their order, and real values. */
class InfoDifferentialTest extends DifferentialCase {

    /** Fields only Runnel has. */
    private static final Set<String> OWN_FIELDS = Set.of("runnel_version", "java_version", "heap_max",
            // reported by Redis from 7.2 on, not by the 7.0 reference
            "pubsub_clients");

    /** "# Section" headings and field names, in order. */
    static List<String> layout(String info) {
        List<String> out = new ArrayList<>();
        for (String line : body(info).split("\r\n")) {
            if (line.startsWith("#")) {
                out.add(line);
            } else if (!line.isEmpty()) {
                out.add(line.substring(0, line.indexOf(':')));
            }
        }
        return out;
    }

    static Map<String, String> fields(String info) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : body(info).split("\r\n")) {
            if (!line.startsWith("#") && line.contains(":")) {
                out.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
            }
        }
        return out;
    }

    private static String body(String reply) {
        String body = reply.substring(reply.indexOf("\r\n") + 2);
        return body.startsWith("txt:") ? body.substring(4) : body;
    }

    /** Runnel's layout, less its own fields, must be Redis's layout with the fields Runnel lacks removed, in order. */
    private static void assertSubsequence(List<String> redis, List<String> runnel, String what) {
        List<String> ours = new ArrayList<>(runnel);
        ours.removeIf(OWN_FIELDS::contains);
        int at = 0;
        for (String item : ours) {
            while (at < redis.size() && !redis.get(at).equals(item)) {
                at++;
            }
            assertTrue(at < redis.size(), what + ": '" + item + "' is not a Redis field, or out of Redis's order\nredis: "
                    + redis + "\nrunnel: " + runnel);
            at++;
        }
    }

    @Test
    void sectionsAndFieldOrder() {
        for (String[] args : new String[][] {{}, {"default"}, {"all"}, {"everything"}, {"server"}, {"SERVER", "clients"},
            {"memory"}, {"persistence"}, {"stats"}, {"replication"}, {"cpu"}, {"CPU", "nosuch", "keyspace"}, {"modules"},
            {"errorstats"}, {"cluster"}, {"keyspace"}, {"commandstats"}}) {
            d.same("SET", "k", "v");
            d.same("NOSUCH");
            List<String> command = new ArrayList<>(List.of("INFO"));
            command.addAll(List.of(args));
            String[] replies = d.replies(command.toArray(String[]::new));
            List<String> redis = layout(replies[0]);
            redis.removeIf(line -> line.startsWith("latency_percentiles") || line.equals("# Latencystats")
                    || line.startsWith("cmdstat_"));
            List<String> runnel = layout(replies[1]);
            runnel.removeIf(line -> line.startsWith("cmdstat_"));
            List<String> redisHeadings = new ArrayList<>(redis);
            redisHeadings.removeIf(l -> !l.startsWith("#"));
            List<String> runnelHeadings = new ArrayList<>(runnel);
            runnelHeadings.removeIf(l -> !l.startsWith("#"));
            assertEquals(redisHeadings, runnelHeadings, String.join(" ", command));
            assertSubsequence(redis, runnel, String.join(" ", command));
        }
        d.same("INFO", "nosuch");
    }

    @Test
    void everySectionOfRedisIsThere() {
        String info = d.replies("INFO", "everything")[1];
        for (String heading : List.of("# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication",
            "# CPU", "# Modules", "# Commandstats", "# Errorstats", "# Cluster", "# Keyspace")) {
            assertTrue(layout(info).contains(heading), heading);
        }
        Map<String, String> f = fields(info);
        assertEquals("7.2.4", f.get("redis_version"));
        assertTrue(f.get("runnel_version").matches("\\d+\\.\\d+\\.\\d+.*"));
        for (String field : List.of("used_memory", "used_memory_rss", "used_memory_peak", "total_system_memory",
            "total_commands_processed", "total_connections_received", "total_net_input_bytes", "total_net_output_bytes")) {
            assertTrue(Long.parseLong(f.get(field)) > 0, field + " = " + f.get(field));
        }
        assertTrue(Long.parseLong(f.get("used_memory_peak")) >= Long.parseLong(f.get("used_memory")));
        assertTrue(Double.parseDouble(f.get("used_cpu_user")) + Double.parseDouble(f.get("used_cpu_sys")) > 0);
        assertEquals("0", f.get("blocked_clients"));
    }

    @Test
    void resp3InfoIsVerbatimText() {
        d.replies("HELLO", "3");
        String[] replies = d.replies("INFO", "server");
        assertTrue(replies[0].startsWith("=") && replies[1].startsWith("="), replies[1]);
        assertTrue(replies[1].substring(replies[1].indexOf("\r\n") + 2).startsWith("txt:# Server\r\n"));
        int announced = Integer.parseInt(replies[1].substring(1, replies[1].indexOf("\r\n")));
        assertEquals(announced + replies[1].indexOf("\r\n") + 4, replies[1].getBytes().length);
    }

    @Test
    void keyspaceReportsKeysExpiresAndAverageTtl() throws IOException {
        try (RawClient client = new RawClient(RunnelTestServer.port())) {
            client.call("SELECT", "9");
            client.call("FLUSHDB");
            client.call("SET", "a", "1", "EX", "1000");
            client.call("SET", "b", "1", "EX", "3000");
            client.call("SET", "c", "1");
            String line = fields(client.callText("INFO", "keyspace")).get("db9");
            assertTrue(line.startsWith("keys=3,expires=2,avg_ttl="), line);
            long avgTtl = Long.parseLong(line.substring(line.lastIndexOf('=') + 1));
            assertTrue(avgTtl > 1_900_000 && avgTtl <= 2_000_000, line);
            client.call("PERSIST", "b");
            line = fields(client.callText("INFO", "keyspace")).get("db9");
            avgTtl = Long.parseLong(line.substring(line.lastIndexOf('=') + 1));
            assertTrue(line.startsWith("keys=3,expires=1,") && avgTtl > 900_000 && avgTtl <= 1_000_000, line);
            client.call("FLUSHDB");
            assertEquals(null, fields(client.callText("INFO", "keyspace")).get("db9"));
        }
    }

    @Test
    void errorstatsCountErrorsByCode() throws IOException {
        try (RawClient client = new RawClient(RunnelTestServer.port())) {
            client.call("CONFIG", "RESETSTAT");
            client.call("NOSUCH");
            client.call("GET");
            client.call("SET", "str", "v");
            client.call("INCR", "str");
            client.call("HELLO", "9");
            client.call("AUTH", "nobody", "x");
            client.call("SELECT", "x");
            Map<String, String> f = fields(client.callText("INFO", "everything"));
            assertEquals("count=4", f.get("errorstat_ERR"));
            assertEquals("count=1", f.get("errorstat_NOPROTO"));
            assertEquals("count=1", f.get("errorstat_WRONGPASS"));
            assertEquals("6", f.get("total_error_replies"));
            assertTrue(f.get("cmdstat_get").contains("rejected_calls=1,failed_calls=0"), f.get("cmdstat_get"));
            assertTrue(f.get("cmdstat_incr").startsWith("calls=1,") && f.get("cmdstat_incr").endsWith("failed_calls=1"),
                    f.get("cmdstat_incr"));
            client.call("CONFIG", "RESETSTAT");
            f = fields(client.callText("INFO", "everything"));
            assertEquals(null, f.get("errorstat_ERR"));
            assertEquals("0", f.get("total_error_replies"));
        }
    }

    @Test
    void instantaneousOpsFollowTheLoad() throws Exception {
        try (RawClient client = new RawClient(RunnelTestServer.port())) {
            // pipelined PINGs for about two seconds: the 1.6 s sampling window fills with them
            long until = System.nanoTime() + 2_000_000_000L;
            byte[] batch = Differential.concat(java.util.Collections.nCopies(100, RawClient.encode(RawClient.bytes("PING")))
                    .toArray(byte[][]::new));
            long sent = 0;
            while (System.nanoTime() < until && sent < 5_000_000) {
                client.send(batch);
                for (int i = 0; i < 100; i++) {
                    client.readReply();
                }
                sent += 100;
            }
            long ops = Long.parseLong(fields(client.callText("INFO", "stats")).get("instantaneous_ops_per_sec"));
            assertTrue(ops > 0, "instantaneous_ops_per_sec=" + ops + " after " + sent + " commands");
            assertTrue(ops <= sent, "instantaneous_ops_per_sec=" + ops + " after " + sent + " commands");
        }
    }
}
