package io.runnel.broker.persist;

import io.runnel.broker.ServerContext;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandRunner;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.command.CommandTable;
import io.runnel.broker.commands.Families;
import io.runnel.broker.config.ServerConfig;
import io.runnel.broker.keyspace.KeyspaceEvent;
import io.runnel.broker.keyspace.KeyspaceEvents;
import io.runnel.broker.keyspace.ShardState;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.broker.keyspace.Value;
import io.runnel.broker.stream.StreamEvents;
import io.runnel.broker.stream.StreamId;
import io.runnel.broker.stream.StreamValue;
import io.runnel.protocol.RespWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binary forms of events and values: every event type has one, a whole stream survives the
 * round trip with every feature it can hold, the forms written today stay readable (fixed bytes
 * below), and damaged records fail with MalformedEventException rather than anything worse.
 */
class EventCodecsTest {

    private final EventCodecs codecs = EventCodecs.all();
    private final ServerContext server = new ServerContext(new ServerConfig());
    private final CommandTable table = CommandTable.build(Families.all());

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyEventTypeHasABinaryForm() {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> holder : new Class<?>[] {KeyspaceEvents.class, StreamEvents.class, io.runnel.broker.hash.HashEvents.class,
                io.runnel.broker.list.ListEvents.class, io.runnel.broker.set.SetEvents.class, io.runnel.broker.zset.ZSetEvents.class}) {
            for (Class<?> type : holder.getDeclaredClasses()) {
                if (KeyspaceEvent.class.isAssignableFrom(type) && !type.isInterface()) {
                    types.add(type);
                }
            }
        }
        assertTrue(types.size() >= 28, "event types found: " + types);
        for (Class<?> type : types) {
            assertTrue(codecs.covers(type), type.getSimpleName() + " has no binary form");
        }
    }

    /** Runs commands in a slot range, as an entity would; returns the events they emitted. */
    private List<KeyspaceEvent> run(ShardState state, String[]... commands) {
        for (String[] command : commands) {
            execute(state, command);
        }
        return state.drainEvents();
    }

    /** Runs one command in a slot range and returns its reply. */
    private byte[] execute(ShardState state, String[] command) {
        CommandSpec spec = table.lookup(command[0]);
        if (spec.container()) {
            spec = CommandTable.subcommand(spec, bytes(command[1]));
        }
        byte[][] argv = new byte[command.length][];
        for (int i = 0; i < command.length; i++) {
            argv[i] = bytes(command[i]);
        }
        CommandContext ctx = new CommandContext(server);
        RespWriter out = new RespWriter(2);
        ctx.reset(state, null, 0, 1, 2);
        CommandRunner.run(spec, ctx, argv, out);
        return out.toByteArray();
    }

    private ShardState featureRichStream() {
        ShardState state = new ShardState(0, 16, server.keyspaceStats()).recordEvents();
        List<String[]> commands = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            commands.add(i % 7 == 0 ? new String[] {"XADD", "{f}s", i + "-1", "other", "shape", "x", Integer.toString(i)}
                    : new String[] {"XADD", "{f}s", i + "-1", "f", Integer.toString(i)});
        }
        commands.add(new String[] {"XDEL", "{f}s", "3-1", "150-1"});
        commands.add(new String[] {"XADD", "{f}s", "IDMP", "producer", "op-1", "*", "f", "idempotent"});
        commands.add(new String[] {"XGROUP", "CREATE", "{f}s", "g1", "0"});
        commands.add(new String[] {"XGROUP", "CREATE", "{f}s", "g2", "$", "ENTRIESREAD", "5"});
        commands.add(new String[] {"XREADGROUP", "GROUP", "g1", "alice", "COUNT", "10", "STREAMS", "{f}s", ">"});
        commands.add(new String[] {"XREADGROUP", "GROUP", "g1", "bob", "COUNT", "5", "STREAMS", "{f}s", ">"});
        commands.add(new String[] {"XNACK", "{f}s", "g1", "FAIL", "IDS", "1", "1-1"});
        commands.add(new String[] {"XDEADLETTER", "{f}s", "g1", "MAXDELIVERIES", "3", "TO", "{f}dead"});
        commands.add(new String[] {"XRETENTION", "{f}s", "MAXAGE", "100000000000000"});
        commands.add(new String[] {"XSCHEDULE", "{f}s", "IN", "100000000", "f", "later"});
        commands.add(new String[] {"XGROUP", "CREATECONSUMER", "{f}s", "g2", "idle"});
        run(state, commands.toArray(new String[0][]));
        return state;
    }

    @Test
    void aStreamWithEveryFeatureSurvivesItsBinaryForm() {
        StreamValue original = (StreamValue) featureRichStream().valueAt(0, bytes("{f}s"));
        EventOutput out = new EventOutput();
        ValueCodec.write(original, out);
        byte[] first = out.toByteArray();
        Value decoded = ValueCodec.read(new EventInput(first));
        EventOutput again = new EventOutput();
        ValueCodec.write(decoded, again);
        assertArrayEquals(first, again.toByteArray(), "nothing lost or changed in the round trip");

        // and the copy behaves as the original: same replies to the same reads
        ShardState a = new ShardState(0, 16, server.keyspaceStats());
        ShardState b = new ShardState(0, 16, server.keyspaceStats());
        a.createKey(0, bytes("s"), original);
        b.createKey(0, bytes("s"), decoded);
        for (String[] read : new String[][] {{"XINFO", "STREAM", "s", "FULL"}, {"XRANGE", "s", "-", "+"},
                {"XPENDING", "s", "g1"}, {"XINFO", "GROUPS", "s"}, {"XDEADLETTER", "s", "g1"},
                {"XRETENTION", "s"}, {"XTRIM", "s", "MAXLEN", "~", "120"}, {"XLEN", "s"},
                {"XADD", "s", "IDMP", "producer", "op-1", "*", "f", "retry"}}) {
            assertEquals(reply(a, read), reply(b, read), String.join(" ", read));
        }
    }

    /**
     * Hashes whose fields have expiry times keep them, their form and their order through the
     * binary form: a compact hash ordered by time, and a table.
     */
    @Test
    void hashesWithFieldExpiryTimesSurviveTheirBinaryForm() {
        ShardState state = new ShardState(0, 16, server.keyspaceStats()).recordEvents();
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"HSET", "small", "a", "1", "b", "2", "c", "3", "d", "4"});
        commands.add(new String[] {"HPEXPIREAT", "small", "4000000000000", "FIELDS", "2", "c", "a"});
        commands.add(new String[] {"HPEXPIREAT", "small", "3000000000000", "FIELDS", "1", "d"});
        commands.add(new String[] {"HSET", "enabled", "x", "1"});
        commands.add(new String[] {"HEXPIRE", "enabled", "100", "FIELDS", "1", "nope"});
        for (int i = 0; i < 600; i++) {
            commands.add(new String[] {"HSET", "big", "f" + i, "v" + i});
        }
        commands.add(new String[] {"HPEXPIREAT", "big", "4000000000000", "FIELDS", "3", "f1", "f7", "f500"});
        run(state, commands.toArray(new String[0][]));
        for (String key : new String[] {"small", "enabled", "big"}) {
            Value original = state.valueAt(0, bytes(key));
            EventOutput out = new EventOutput();
            ValueCodec.write(original, out);
            Value decoded = ValueCodec.read(new EventInput(out.toByteArray()));
            ShardState a = new ShardState(0, 16, server.keyspaceStats());
            ShardState b = new ShardState(0, 16, server.keyspaceStats());
            a.createKey(0, bytes(key), original);
            b.createKey(0, bytes(key), decoded);
            // a table's order is its buckets' (rebuilt on reading, as Redis rebuilds one on loading): compared as a count
            for (String[] read : new String[][] {{key.equals("big") ? "HLEN" : "HGETALL", key}, {"OBJECT", "ENCODING", key},
                    {"HPEXPIRETIME", key, "FIELDS", "5", "a", "c", "f1", "f500", "x"}}) {
                assertEquals(reply(a, read), reply(b, read), String.join(" ", read));
            }
        }
        assertEquals("listpackex", state.valueAt(0, bytes("enabled")).encoding());

        // the hash form written before fields could expire still reads: compact, a=b
        Value old = ValueCodec.read(new EventInput(HexFormat.of().parseHex("03010101610162")));
        assertEquals("listpack", old.encoding());
        assertEquals("b", new String(((io.runnel.broker.hash.HashValue) old).get(bytes("a")), StandardCharsets.UTF_8));
    }

    private String reply(ShardState state, String[] command) {
        return new String(execute(state, command), StandardCharsets.UTF_8).replaceAll("idle\r\n:\\d+", "idle");
    }

    /**
     * Records as this version writes them: if a change alters these bytes, records already on disk
     * would no longer read; a new form needs a new version number and a reader for the old one.
     */
    @Test
    void theFormsWrittenTodayStayReadable() {
        String valueSet = "01010003616263000000000000002a010531323334350000";
        KeyspaceEvent set = codecs.decode(HexFormat.of().parseHex(valueSet));
        KeyspaceEvents.ValueSet decoded = (KeyspaceEvents.ValueSet) set;
        assertEquals("abc", new String(decoded.key(), StandardCharsets.UTF_8));
        assertEquals(42, decoded.expireAt());
        assertEquals("12345", new String(((StringValue) decoded.value()).bytes(), StandardCharsets.UTF_8));
        assertEquals(valueSet, HexFormat.of().formatHex(codecs.encode(
                new KeyspaceEvents.ValueSet(0, bytes("abc"), StringValue.of(bytes("12345")), 42))));

        String entryAdded = "6401020173000000000000000500000000000000010201660176";
        StreamEvents.EntryAdded added = (StreamEvents.EntryAdded) codecs.decode(HexFormat.of().parseHex(entryAdded));
        assertEquals(2, added.db());
        assertEquals(new StreamId(5, 1), added.id());
        assertEquals("f v", new String(added.fieldsAndValues()[0], StandardCharsets.UTF_8) + " "
                + new String(added.fieldsAndValues()[1], StandardCharsets.UTF_8));
        assertEquals(entryAdded, HexFormat.of().formatHex(codecs.encode(added)));
    }

    /**
     * An entity writes the batches of the messages it handled during one journal write as one
     * record: they read back as the same batches, in order, each with its transaction id; a record
     * of one batch (as every record was before grouping) is that batch alone.
     */
    @Test
    void batchesJoinedInOneRecordReadBackInOrder() {
        EventCodecs.BatchWriter writer = codecs.batchWriter();
        writer.add(new KeyspaceEvents.ValueSet(0, bytes("a"), StringValue.of(bytes("1")), 0));
        byte[] first = writer.take();
        writer.add(new KeyspaceEvents.ValueSet(0, bytes("b"), StringValue.of(bytes("2")), 0));
        writer.add(new KeyspaceEvents.ValueSet(1, bytes("c"), StringValue.of(bytes("3")), 7));
        byte[] second = writer.take(99);
        assertEquals(first, EventCodecs.join(List.of(first)), "one batch is written as it is");

        List<EventCodecs.Batch> batches = codecs.decodeRecord(EventCodecs.join(List.of(first, second, first)));
        assertEquals(3, batches.size());
        assertEquals(List.of(0L, 99L, 0L), batches.stream().map(EventCodecs.Batch::transactionId).toList());
        assertEquals(List.of(1, 2, 1), batches.stream().map(batch -> batch.events().size()).toList());
        KeyspaceEvents.ValueSet c = (KeyspaceEvents.ValueSet) batches.get(1).events().get(1);
        assertEquals("c", new String(c.key(), StandardCharsets.UTF_8));
        assertEquals(7, c.expireAt());

        // a single-batch record as written before grouping: flags 0, one event, SET a 1
        List<EventCodecs.Batch> old = codecs.decodeRecord(HexFormat.of().parseHex("0001" + HexFormat.of().formatHex(
                codecs.encode(new KeyspaceEvents.ValueSet(0, bytes("a"), StringValue.of(bytes("1")), 0)))));
        assertEquals(1, old.size());
        assertArrayEquals(first, HexFormat.of().parseHex("0001" + HexFormat.of().formatHex(
                codecs.encode(old.get(0).events().get(0)))));

        byte[] joined = EventCodecs.join(List.of(first, second));
        byte[] cutInsideSecond = java.util.Arrays.copyOf(joined, joined.length - 1);
        assertThrows(MalformedEventException.class, () -> codecs.decodeRecord(cutInsideSecond));
        assertThrows(MalformedEventException.class, () -> codecs.decodeRecord(new byte[0]));
    }

    @Test
    void damagedRecordsFailCleanly() {
        List<KeyspaceEvent> events = run(new ShardState(0, 16, server.keyspaceStats()).recordEvents(),
                new String[] {"SET", "k", "v", "PX", "100000"}, new String[] {"APPEND", "k", "more"},
                new String[] {"XADD", "s", "1-1", "a", "b"}, new String[] {"XGROUP", "CREATE", "s", "g", "0"},
                new String[] {"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"}, new String[] {"COPY", "s", "t"},
                new String[] {"XCLAIM", "s", "g", "d", "0", "1-1"}, new String[] {"FLUSHDB"});
        assertTrue(events.size() >= 8, "events: " + events);
        for (KeyspaceEvent event : events) {
            byte[] record = codecs.encode(event);
            for (int cut = 0; cut < record.length; cut++) {
                byte[] shorter = java.util.Arrays.copyOf(record, cut);
                assertThrows(MalformedEventException.class, () -> codecs.decode(shorter), event + " cut at " + cut);
            }
            byte[] longer = java.util.Arrays.copyOf(record, record.length + 1);
            assertThrows(MalformedEventException.class, () -> codecs.decode(longer));
        }
        assertThrows(MalformedEventException.class, () -> codecs.decode(new byte[] {(byte) 0x7f, 1}), "unknown tag");
        assertThrows(MalformedEventException.class, () -> codecs.decode(new byte[] {1, 9}), "a version from the future");
    }
}
