package io.runnel.broker.server;

import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.Resp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** COMMAND and its subcommands against redis-server; Runnel serves fewer commands. */
class IntrospectionDifferentialTest extends DifferentialCase {

    private void inBothProtocols(Runnable checks) {
        checks.run();
        d.replies("HELLO", "3");
        checks.run();
        d.replies("HELLO", "2");
    }

    /** Key spec notes are prose, which Runnel does not carry: compare SET's reply without them. */
    private static String withoutNotes(byte[] reply) {
        return Differential.printable(reply)
                .replaceFirst("([*%])8(\\\\r\\\\n)\\$5\\\\r\\\\nnotes\\\\r\\\\n\\$\\d+\\\\r\\\\n[^\\\\]*\\\\r\\\\n", "$1" + "6$2")
                .replaceFirst("%4(\\\\r\\\\n)\\$5\\\\r\\\\nnotes\\\\r\\\\n\\$\\d+\\\\r\\\\n[^\\\\]*\\\\r\\\\n", "%3$1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"get", "GET", "mset", "del", "scan", "object|encoding", "ping", "echo", "getdel", "copy",
        "rename", "exists", "incrbyfloat", "client|setname", "config|get", "command|getkeys", "hello", "auth", "info",
        "get mset nosuch", "client|nosuch", "nosuch|x"})
    void commandInfoOfCommandsRunnelHas(String names) {
        inBothProtocols(() -> {
            List<String> command = new ArrayList<>(List.of("COMMAND", "INFO"));
            command.addAll(List.of(names.split(" ")));
            d.same(command.toArray(String[]::new));
        });
    }

    @Test
    void commandInfoOfSetDiffersOnlyInKeySpecNotes() {
        inBothProtocols(() -> {
            byte[][] replies = d.both("COMMAND", "INFO", "set");
            assertEquals(withoutNotes(replies[0]), Differential.printable(replies[1]));
        });
    }

    /** Containers list their subcommands in table order: compare them as a set, Redis's restricted to ours. */
    @ParameterizedTest
    @ValueSource(strings = {"client", "config", "command", "object"})
    void commandInfoOfContainers(String container) {
        inBothProtocols(() -> {
            Resp.Node[] replies = d.parsed("COMMAND", "INFO", container);
            Resp.Node redis = replies[0].get(0);
            Resp.Node runnel = replies[1].get(0);
            for (int i = 0; i < 9; i++) {
                assertEquals(redis.get(i).printable(), runnel.get(i).printable(), container + " field " + i);
            }
            Map<String, String> redisSubs = new TreeMap<>();
            redis.get(9).elements().forEach(sub -> redisSubs.put(sub.get(0).text(), sub.printable()));
            assertTrue(runnel.get(9).size() > 0);
            for (Resp.Node sub : runnel.get(9).elements()) {
                assertEquals(redisSubs.get(sub.get(0).text()), sub.printable(), "subcommand " + sub.get(0).text());
            }
        });
    }

    @Test
    void commandCountMatchesTheListAndTheTable() {
        Resp.Node[] count = d.parsed("COMMAND", "COUNT");
        Resp.Node[] all = d.parsed("COMMAND");
        assertEquals(Long.parseLong(count[1].text()), all[1].size());
        assertEquals(Long.parseLong(count[0].text()), all[0].size());
        Set<String> redisNames = new TreeSet<>();
        all[0].elements().forEach(c -> redisNames.add(c.get(0).text()));
        for (Resp.Node command : all[1].elements()) {
            String name = command.get(0).text();
            assertTrue(redisNames.contains(name) || NEWER_THAN_REFERENCE.contains(name), name);
        }
        d.same("COMMAND", "COUNT", "x");
    }

    @Test
    void commandListIsRedisListRestrictedToRunnelCommands() {
        Set<String> ours = names(d.parsed("COMMAND", "LIST")[1]);
        for (String[] filter : new String[][] {{}, {"FILTERBY", "PATTERN", "cl*"}, {"FILTERBY", "pattern", "*|*"},
            {"FILTERBY", "ACLCAT", "connection"}, {"FILTERBY", "aclcat", "keyspace"}, {"FILTERBY", "ACLCAT", "@string"},
            {"FILTERBY", "ACLCAT", "nosuch"}, {"FILTERBY", "PATTERN", "nosuch*"}, {"FILTERBY", "MODULE", "foo"},
            {"FILTERBY", "PATTERN", "GET"}}) {
            List<String> command = new ArrayList<>(List.of("COMMAND", "LIST"));
            command.addAll(List.of(filter));
            Resp.Node[] replies = d.parsed(command.toArray(String[]::new));
            Set<String> redis = names(replies[0]);
            redis.retainAll(ours);
            Set<String> runnel = names(replies[1]);
            runnel.removeAll(NEWER_THAN_REFERENCE);
            assertEquals(redis, runnel, String.join(" ", command));
        }
        d.same("COMMAND", "LIST", "FILTERBY");
        d.same("COMMAND", "LIST", "FILTERBY", "foo", "bar");
        d.same("COMMAND", "LIST", "foo");
        d.same("COMMAND", "LIST", "FILTERBY", "PATTERN");
        d.same("COMMAND", "LIST", "FILTERBY", "PATTERN", "a", "b");
    }

    /**
     * Commands the reference server lacks (newer Redis commands, Runnel's extensions): those whose
     * metadata is hand-written in commands-extra.json.
     */
    private static final Set<String> NEWER_THAN_REFERENCE = extraCommands();

    private static Set<String> extraCommands() {
        Set<String> names = commandNames("/io/runnel/broker/commands-extra.json");
        names.removeAll(commandNames("/io/runnel/broker/commands.json")); // newer forms of older commands (ZRANK WITHSCORE)
        return names;
    }

    private static Set<String> commandNames(String resource) {
        try (java.io.InputStream in = IntrospectionDifferentialTest.class.getResourceAsStream(resource)) {
            Set<String> names = new TreeSet<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("commands").forEach(c -> names.add(c.get("name").asText()));
            return names;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> names(Resp.Node list) {
        Set<String> out = new TreeSet<>();
        list.elements().forEach(n -> out.add(n.text()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"get a", "mset a 1 b 2", "mset a 1 b", "set a b", "set a b GET", "set a b ex 10 get",
        "set a b nx", "getdel a", "copy a b", "rename a b", "del a b c", "exists a", "object encoding k",
        "OBJECT nosuch", "nosuch a", "get a b", "ping", "ping a b c", "client", "client list", "info", "echo a",
        "scan 0", "dbsize"})
    void getkeysAndFlags(String line) {
        inBothProtocols(() -> {
            List<String> command = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
            command.addAll(List.of(line.split(" ")));
            d.same(command.toArray(String[]::new));
            command.set(1, "GETKEYSANDFLAGS");
            d.same(command.toArray(String[]::new));
        });
    }

    @Test
    void docsHaveRedisShapeWithOurOwnSummaries() {
        inBothProtocols(() -> {
            for (String name : new String[] {"get", "set", "mset", "client|kill", "ping", "config"}) {
                Resp.Node[] replies = d.parsed("COMMAND", "DOCS", name);
                assertEquals(replies[0].type(), replies[1].type(), name);
                assertEquals(2, replies[1].size(), name);
                assertEquals(replies[0].get(0).printable(), replies[1].get(0).printable());
                Map<String, Resp.Node> redis = fields(replies[0].get(1));
                Map<String, Resp.Node> runnel = fields(replies[1].get(1));
                // complexity and history are Redis's prose, which Runnel does not carry
                redis.remove("complexity");
                redis.remove("history");
                assertEquals(new TreeSet<>(redis.keySet()), new TreeSet<>(runnel.keySet()), name);
                assertNotNull(runnel.get("summary").text(), name);
                for (String field : List.of("since", "group", "arguments", "doc_flags", "deprecated_since")) {
                    if (redis.containsKey(field) && !field.equals("arguments")) {
                        assertEquals(redis.get(field).printable(), runnel.get(field).printable(), name + " " + field);
                    }
                }
                if (redis.containsKey("arguments")) {
                    assertEquals(withoutProse(redis.get("arguments")), withoutProse(runnel.get("arguments")), name);
                }
            }
        });
        d.same("COMMAND", "DOCS", "nosuch");
    }

    private static Map<String, Resp.Node> fields(Resp.Node map) {
        Map<String, Resp.Node> out = new TreeMap<>();
        for (int i = 0; i < map.size(); i += 2) {
            out.put(map.get(i).text(), map.get(i + 1));
        }
        return out;
    }

    /** Argument docs without their prose fields (summary, display_text). */
    private static String withoutProse(Resp.Node arguments) {
        StringBuilder out = new StringBuilder();
        for (Resp.Node argument : arguments.elements()) {
            Map<String, Resp.Node> f = fields(argument);
            f.remove("summary");
            f.remove("display_text");
            f.forEach((k, v) -> out.append(k).append('=').append(k.equals("arguments") ? withoutProse(v) : v.printable()).append(';'));
            out.append('|');
        }
        return out.toString();
    }
}
