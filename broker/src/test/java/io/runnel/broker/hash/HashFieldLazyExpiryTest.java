package io.runnel.broker.hash;

import io.runnel.broker.keyspace.KeyspaceEvent;
import io.runnel.broker.testing.Resp;
import io.runnel.broker.testing.ShardRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Expired hash fields reached by commands before the periodic cycle removes them, on one slot
 * range without the cycle (a running server's cycle may remove them first): which commands
 * remove them, which leave them in place, the notifications each raises and the events that
 * journal the removal.
 */
class HashFieldLazyExpiryTest {

    private ShardRunner runner;
    private final List<String> raised = new ArrayList<>();

    @BeforeEach
    void open() {
        runner = new ShardRunner();
        runner.shard().notifications((event, db, key) -> raised.add(event.name() + " " + new String(key, StandardCharsets.UTF_8)));
        runner.shard().recordEvents();
    }

    /** Runs a command; its reply in short: (nil), a text, or [elements]. */
    private String run(String... command) {
        return brief(Resp.parse(runner.reply(command)));
    }

    private static String brief(Resp.Node node) {
        if (node.isAggregate()) {
            List<String> parts = new ArrayList<>();
            for (Resp.Node element : node.elements()) {
                parts.add(brief(element));
            }
            return parts.toString();
        }
        return node.text() == null ? "(nil)" : node.text();
    }

    /** The notifications raised since the last call. */
    private List<String> raised() {
        List<String> taken = new ArrayList<>(raised);
        raised.clear();
        return taken;
    }

    private void expireSoon(String key, String... fields) throws InterruptedException {
        String[] command = new String[5 + fields.length];
        command[0] = "HPEXPIRE";
        command[1] = key;
        command[2] = "1";
        command[3] = "FIELDS";
        command[4] = Integer.toString(fields.length);
        System.arraycopy(fields, 0, command, 5, fields.length);
        run(command);
        Thread.sleep(5);
        raised();
        runner.shard().drainEvents();
    }

    @Test
    void readsOfWholeHashesLeaveExpiredFieldsWhereTheyAre() throws Exception {
        run("HSET", "h", "a", "1", "b", "2", "c", "3");
        expireSoon("h", "a", "c");
        assertEquals("[b, 2]", run("HGETALL", "h"));
        assertEquals("[b]", run("HKEYS", "h"));
        assertEquals("[2]", run("HVALS", "h"));
        assertEquals("[0, [b, 2]]", run("HSCAN", "h", "0"));
        assertEquals("3", run("HLEN", "h"));
        assertEquals("[-2, -2, -1]", run("HTTL", "h", "FIELDS", "3", "a", "c", "b"));
        assertEquals("[-2]", run("HPERSIST", "h", "FIELDS", "1", "a"));
        assertEquals(List.of(), raised());
        assertEquals(List.of(), runner.shard().drainEvents());
        // HSET overwrites an expired field as a present one (it answers 0 and the time goes)
        assertEquals("0", run("HSET", "h", "a", "again"));
        assertEquals("[-1]", run("HTTL", "h", "FIELDS", "1", "a"));
    }

    @Test
    void commandsReachingAnExpiredFieldRemoveIt() throws Exception {
        run("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4", "keep", "5");
        expireSoon("h", "a", "b", "c", "d");
        assertEquals("(nil)", run("HGET", "h", "a"));
        assertEquals(List.of("hexpired h"), raised());
        List<KeyspaceEvent> events = runner.shard().drainEvents();
        assertEquals(1, events.size());
        assertEquals("a", new String(((HashEvents.FieldsDeleted) events.get(0)).fields()[0], StandardCharsets.UTF_8));
        assertEquals("0", run("HEXISTS", "h", "b"));
        assertEquals("0", run("HSTRLEN", "h", "c"));
        assertEquals("1", run("HSETNX", "h", "d", "new"));
        assertEquals(List.of("hexpired h", "hexpired h", "hexpired h", "hset h"), raised());
        assertEquals("[new]", run("HMGET", "h", "d"));
        assertEquals("2", run("HLEN", "h"));
    }

    @Test
    void hmgetRaisesOneHexpiredAndDelWhenTheHashGoes() throws Exception {
        run("HSET", "h", "a", "1", "b", "2");
        expireSoon("h", "a", "b");
        assertEquals("[(nil), (nil), (nil), (nil)]", run("HMGET", "h", "a", "nope", "b", "a"));
        assertEquals(List.of("hexpired h", "del h"), raised());
        assertEquals("0", run("EXISTS", "h"));
    }

    @Test
    void incrementsOfAnExpiredFieldStartFromZero() throws Exception {
        run("HSET", "h", "n", "10", "f", "1.5", "other", "x");
        expireSoon("h", "n", "f");
        assertEquals("3", run("HINCRBY", "h", "n", "3"));
        assertEquals("0.5", run("HINCRBYFLOAT", "h", "f", "0.5"));
        assertEquals(List.of("hexpired h", "hincrby h", "hexpired h", "hincrbyfloat h"), raised());
        assertEquals("[-1, -1]", run("HTTL", "h", "FIELDS", "2", "n", "f"));
        // the last field expiring takes the hash; the increment then makes a new one
        run("DEL", "h");
        run("HSET", "h", "n", "10");
        expireSoon("h", "n");
        assertEquals("1", run("HINCRBY", "h", "n", "1"));
        assertEquals(List.of("hexpired h", "del h", "new h", "hincrby h"), raised());
    }

    @Test
    void hrandfieldFirstRemovesEveryExpiredField() throws Exception {
        run("HSET", "h", "a", "1", "b", "2", "c", "3");
        expireSoon("h", "a", "b");
        assertEquals("[c, c, c]", run("HRANDFIELD", "h", "-3"));
        assertEquals(List.of("hexpired h"), raised());
        expireSoon("h", "c");
        assertEquals("(nil)", run("HRANDFIELD", "h"));
        assertEquals(List.of("hexpired h", "del h"), raised());
    }

    @Test
    void thePeriodicCycleRemovesDueFieldsAsOneEvent() throws Exception {
        run("HSET", "h", "a", "1", "b", "2", "c", "3");
        run("HPEXPIRE", "h", "100000", "FIELDS", "1", "c");
        expireSoon("h", "a", "b");
        runner.shard().tickTimedValues(System.currentTimeMillis());
        assertEquals(List.of("hexpired h"), raised());
        List<KeyspaceEvent> events = runner.shard().drainEvents();
        assertEquals(1, events.size());
        assertEquals(2, ((HashEvents.FieldsDeleted) events.get(0)).fields().length);
        assertEquals("[c]", run("HKEYS", "h"));
        runner.shard().tickTimedValues(System.currentTimeMillis() + 200_000);
        assertEquals(List.of("hexpired h", "del h"), raised());
        assertEquals("0", run("EXISTS", "h"));
    }
}
