package io.runnel.broker.keyspace;

import io.runnel.broker.ServerContext;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandRunner;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.command.CommandTable;
import io.runnel.broker.commands.Families;
import io.runnel.broker.config.ServerConfig;
import io.runnel.protocol.RespWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every write is reduced to deterministic events, and applying those events to an empty slot
 * range rebuilds exactly the state the commands produced: the property journal replay relies on.
 */
class EventReplayTest {

    private static final String[] KEYS = {"a", "b", "c", "n", "f", "s"};

    @Test
    void replayingTheEventsOfRandomWritesRebuildsTheSameState() {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("EventReplayTest seed=" + seed);
        Random random = new Random(seed);

        ServerContext server = new ServerContext(new ServerConfig());
        CommandTable table = CommandTable.build(Families.all());
        ShardState live = new ShardState(0, server.databases(), server.keyspaceStats()).recordEvents();
        CommandContext ctx = new CommandContext(server);
        RespWriter out = new RespWriter(2);
        // encoded as each command emits them, as the journal does: a value an event carries may
        // change in place afterwards (APPEND, XADD to a copied stream)
        io.runnel.broker.persist.EventCodecs codecs = io.runnel.broker.persist.EventCodecs.all();
        List<byte[]> events = new ArrayList<>();

        for (int i = 0; i < 5_000; i++) {
            String[] command = randomCommand(random);
            CommandSpec spec = table.lookup(command[0]);
            byte[][] argv = new byte[command.length][];
            for (int j = 0; j < command.length; j++) {
                argv[j] = command[j].getBytes(StandardCharsets.UTF_8);
            }
            ctx.reset(live, null, random.nextInt(3), 1, 2);
            CommandRunner.run(spec, ctx, argv, out);
            live.drainEvents().forEach(event -> events.add(codecs.encode(event)));
        }
        assertFalse(events.isEmpty());

        ShardState replayed = new ShardState(0, server.databases(), new KeyspaceStats(1, server.databases()));
        events.forEach(record -> codecs.decode(record).applyTo(replayed));

        for (int db = 0; db < 3; db++) {
            assertEquals(snapshot(live, db), snapshot(replayed, db), "database " + db + " after replay (seed " + seed + ")");
        }
    }

    private static String[] randomCommand(Random random) {
        String key = KEYS[random.nextInt(KEYS.length)];
        String other = KEYS[random.nextInt(KEYS.length)];
        String value = Integer.toString(random.nextInt(100));
        return switch (random.nextInt(16)) {
            case 0 -> new String[] {"set", key, value};
            case 1 -> new String[] {"set", key, value, "px", Integer.toString(1 + random.nextInt(100_000))};
            case 2 -> new String[] {"incr", key};
            case 3 -> new String[] {"incrbyfloat", key, "0.5"};
            case 4 -> new String[] {"append", key, value};
            case 5 -> new String[] {"setrange", key, Integer.toString(random.nextInt(8)), value};
            case 6 -> new String[] {"del", key};
            case 7 -> new String[] {"expire", key, Integer.toString(1 + random.nextInt(1000))};
            case 8 -> new String[] {"persist", key};
            case 9 -> new String[] {"rename", key, other};
            case 10 -> new String[] {"copy", key, other, "replace"};
            case 11 -> new String[] {"move", key, Integer.toString(random.nextInt(3))};
            case 12 -> new String[] {"getdel", key};
            case 13 -> new String[] {"mset", key, value, other, value};
            case 14 -> new String[] {"getex", key, "ex", "100"};
            default -> new String[] {"setnx", key, value};
        };
    }

    private static Map<String, String> snapshot(ShardState state, int db) {
        Map<String, String> contents = new TreeMap<>();
        state.database(db).forEach(entry -> {
            StringValue value = (StringValue) entry.value();
            contents.put(new String(entry.key(), StandardCharsets.UTF_8),
                    new String(value.bytes(), StandardCharsets.UTF_8) + " encoding=" + value.encoding() + " shared=" + value.sharedInteger() + " expireAt=" + entry.expireAt());
        });
        return contents;
    }
}
