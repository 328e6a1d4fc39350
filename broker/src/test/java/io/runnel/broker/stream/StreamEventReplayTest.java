package io.runnel.broker.stream;

import io.runnel.broker.ServerContext;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandRunner;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.command.CommandTable;
import io.runnel.broker.commands.Families;
import io.runnel.broker.config.ServerConfig;
import io.runnel.broker.persist.EventCodecs;
import io.runnel.broker.keyspace.KeyspaceStats;
import io.runnel.broker.keyspace.ShardState;
import io.runnel.protocol.RespWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every stream change (entries, deletions, trims, groups, deliveries with their times and
 * counts, acknowledgements, claims, releases, whole copies) is an event, and replaying the
 * events, each through its binary form, rebuilds the same streams: what journal replay relies on.
 */
class StreamEventReplayTest {

    private static final String[] KEYS = {"{r}a", "{r}b"};

    @Test
    void replayingTheEventsOfRandomStreamCommandsRebuildsTheSameStreams() {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("StreamEventReplayTest seed=" + seed);
        Random random = new Random(seed);
        ServerContext server = new ServerContext(new ServerConfig());
        CommandTable table = CommandTable.build(Families.all());
        ShardState live = new ShardState(0, server.databases(), server.keyspaceStats()).recordEvents();
        CommandContext ctx = new CommandContext(server);
        RespWriter out = new RespWriter(2);
        // encoded as each command emits them, as the journal does: a value an event carries may
        // change in place afterwards (APPEND, XADD to a copied stream)
        EventCodecs codecs = EventCodecs.all();
        List<byte[]> events = new ArrayList<>();
        long[] nextMs = {1, 1};

        for (int i = 0; i < 4000; i++) {
            String[] command = randomCommand(random, nextMs);
            CommandSpec spec = table.lookup(command[0]);
            if (spec.container()) {
                spec = CommandTable.subcommand(spec, command[1].getBytes(StandardCharsets.UTF_8));
            }
            byte[][] argv = new byte[command.length][];
            for (int j = 0; j < command.length; j++) {
                argv[j] = command[j].getBytes(StandardCharsets.UTF_8);
            }
            ctx.reset(live, null, 0, 1, 2);
            CommandRunner.run(spec, ctx, argv, out);
            live.drainEvents().forEach(event -> events.add(codecs.encode(event)));
        }
        assertTrue(events.size() > 1000, "events: " + events.size());

        ShardState replayed = new ShardState(0, server.databases(), new KeyspaceStats(1, server.databases()));
        events.forEach(record -> codecs.decode(record).applyTo(replayed));
        for (String key : KEYS) {
            assertEquals(dump(live, key), dump(replayed, key), key + " after replay (seed " + seed + ")");
        }
    }

    private static String[] randomCommand(Random random, long[] nextMs) {
        int k = random.nextInt(KEYS.length);
        String key = KEYS[k];
        String group = "g" + random.nextInt(2);
        String consumer = "c" + random.nextInt(3);
        String someId = (1 + random.nextInt((int) Math.max(1, nextMs[k]))) + "-0";
        return switch (random.nextInt(16)) {
            case 0, 1, 2 -> new String[] {"XADD", key, (nextMs[k]++) + "-0", "f", Integer.toString(random.nextInt(9))};
            case 3 -> new String[] {"XDEL", key, someId};
            case 4 -> new String[] {"XTRIM", key, "MAXLEN", random.nextBoolean() ? "~" : "=", Integer.toString(random.nextInt(40)),
                random.nextBoolean() ? "KEEPREF" : "DELREF"};
            case 5 -> new String[] {"XGROUP", "CREATE", key, group, random.nextBoolean() ? "0" : "$", "MKSTREAM"};
            case 6 -> new String[] {"XREADGROUP", "GROUP", group, consumer, "COUNT", "3", "STREAMS", key, ">"};
            case 7 -> new String[] {"XREADGROUP", "GROUP", group, consumer, "STREAMS", key, "0"};
            case 8 -> new String[] {"XACK", key, group, someId};
            case 9 -> new String[] {"XCLAIM", key, group, consumer, "0", someId};
            case 10 -> new String[] {"XAUTOCLAIM", key, group, consumer, "0", "0", "COUNT", "2"};
            case 11 -> new String[] {"XNACK", key, group, random.nextBoolean() ? "FAIL" : "SILENT", "IDS", "1", someId};
            case 12 -> new String[] {"XACKDEL", key, group, random.nextBoolean() ? "ACKED" : "DELREF", "IDS", "1", someId};
            case 13 -> new String[] {"XGROUP", "DELCONSUMER", key, group, consumer};
            case 14 -> new String[] {"XREADGROUP", "GROUP", group, consumer, "CLAIM", "0", "STREAMS", key, ">"};
            case 15 -> random.nextInt(8) == 0 ? new String[] {"COPY", key, KEYS[1 - k], "REPLACE"}
                    : new String[] {"XGROUP", "SETID", key, group, someId};
            default -> new String[] {"XGROUP", "SETID", key, group, someId};
        };
    }

    /** Everything a stream holds, in a canonical text form. */
    private static String dump(ShardState state, String key) {
        StreamValue stream = (StreamValue) state.valueAt(0, key.getBytes(StandardCharsets.UTF_8));
        if (stream == null) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        text.append("length=").append(stream.length()).append(" last=").append(stream.lastId())
                .append(" added=").append(stream.entriesAdded()).append(" maxDeleted=").append(stream.maxDeletedId()).append('\n');
        stream.range(StreamId.MIN, StreamId.MAX, false, (id, fields) -> {
            text.append(id);
            for (byte[] f : fields) {
                text.append(' ').append(new String(f, StandardCharsets.UTF_8));
            }
            text.append('\n');
            return true;
        });
        for (ConsumerGroup group : stream.groups()) {
            text.append("group ").append(new String(group.name(), StandardCharsets.UTF_8)).append(" last=").append(group.lastDeliveredId())
                    .append(" read=").append(group.entriesRead()).append('\n');
            group.pending().forEach((id, p) -> text.append("  pending ").append(id).append(' ')
                    .append(new String(p.consumer().name(), StandardCharsets.UTF_8)).append(" t=").append(p.deliveryTime())
                    .append(" n=").append(p.deliveryCount()).append('\n'));
            for (ConsumerGroup.Consumer c : group.consumers().values()) {
                text.append("  consumer ").append(new String(c.name(), StandardCharsets.UTF_8)).append(" seen=").append(c.seenTime())
                        .append(" active=").append(c.activeTime()).append(" owns=").append(c.pending().keySet()).append('\n');
            }
            text.append("  unowned=").append(group.unowned().pending().keySet()).append('\n');
        }
        return text.toString();
    }
}
