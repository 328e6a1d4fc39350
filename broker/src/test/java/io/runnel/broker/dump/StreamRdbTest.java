package io.runnel.broker.dump;

import io.runnel.broker.stream.StreamValue;
import io.runnel.broker.testing.ShardRunner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Streams in the three serialized forms Redis has used (5 to 6.2, 7.0, 7.2): what each carries
 * survives a write and a read; what the oldest lacks is rebuilt as Redis rebuilds it; and
 * damaged bytes are refused with RdbFormatException, never another failure.
 */
class StreamRdbTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private final ShardRunner runner = new ShardRunner();

    private StreamValue sample() {
        for (int i = 1; i <= 230; i++) {
            runner.run("XADD", "s", i + "-" + (i % 3), i % 5 == 0 ? "other" : "f", Integer.toString(i), "v", "x".repeat(i % 40));
        }
        runner.run("XGROUP", "CREATE", "s", "g1", "0");
        runner.run("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "20", "STREAMS", "s", ">");
        runner.run("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "7", "STREAMS", "s", ">");
        runner.run("XDEL", "s", "2-2", "101-2", "180-0");
        runner.run("XGROUP", "CREATE", "s", "g2", "$");
        runner.run("XGROUP", "CREATECONSUMER", "s", "g2", "idle");
        return (StreamValue) runner.shard().valueAt(0, bytes("s"));
    }

    private static byte[] write(StreamValue stream, int type) {
        RdbWriter out = new RdbWriter();
        StreamRdb.write(stream, type, out);
        return out.toByteArray();
    }

    private static StreamValue read(byte[] serialized) throws RdbFormatException {
        RdbReader in = new RdbReader(serialized, serialized.length);
        int type = in.readByte();
        StreamValue stream = StreamRdb.read(type, in);
        if (!in.atEnd()) {
            throw new RdbFormatException("bytes after the stream");
        }
        return stream;
    }

    private String describe(StreamValue stream, String... reads) {
        runner.shard().restoreKey(0, bytes("copy"), stream, io.runnel.broker.keyspace.Entry.NO_EXPIRY);
        StringBuilder out = new StringBuilder();
        for (String read : reads) {
            out.append(runner.run(read.replace("$", "copy").split(" "))).append('\n');
        }
        runner.run("DEL", "copy");
        return out.toString();
    }

    private static final String[] EVERYTHING = {"XINFO STREAM $ FULL", "XINFO GROUPS $", "XINFO STREAM $", "XPENDING $ g1"};

    @Test
    void redis72FormCarriesEverything() throws Exception {
        StreamValue original = sample();
        StreamValue copy = read(write(original, StreamRdb.STREAM_LISTPACKS_3));
        assertEquals(describe(original, EVERYTHING), describe(copy, EVERYTHING));
        assertEquals(Arrays.toString(write(original, StreamRdb.STREAM_LISTPACKS_3)), Arrays.toString(write(copy, StreamRdb.STREAM_LISTPACKS_3)));
    }

    @Test
    void redis70FormTakesActiveTimeFromSeenTime() throws Exception {
        StreamValue original = sample();
        StreamValue copy = read(write(original, StreamRdb.STREAM_LISTPACKS_2));
        String[] withoutTimes = {"XINFO GROUPS $", "XINFO STREAM $", "XPENDING $ g1"};
        assertEquals(describe(original, withoutTimes), describe(copy, withoutTimes));
        for (var group : copy.groups()) {
            for (var consumer : group.consumers().values()) {
                assertEquals(consumer.seenTime(), consumer.activeTime());
            }
        }
    }

    @Test
    void theOldestFormRebuildsTheCountersAsRedisDoes() throws Exception {
        StreamValue original = sample();
        StreamValue copy = read(write(original, StreamRdb.STREAM_LISTPACKS));
        String[] contents = {"XRANGE $ - +", "XPENDING $ g1", "XLEN $"};
        assertEquals(describe(original, contents), describe(copy, contents));
        assertEquals(copy.length(), copy.entriesAdded(), "entries added counted as the entries there");
        assertEquals("0-0", copy.maxDeletedId().toString());
        // g2's last ID is the last entry: its read counter is then known exactly
        assertEquals(copy.entriesAdded(), copy.group(bytes("g2")).entriesRead());
    }

    @Test
    void damagedBytesAreRefusedCleanly() {
        byte[] good = write(sample(), StreamRdb.STREAM_LISTPACKS_2);
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("StreamRdbTest seed=" + seed);
        Random random = new Random(seed);
        for (int cut = 1; cut < good.length; cut += 1 + random.nextInt(7)) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(RdbFormatException.class, () -> read(truncated), "cut at " + cut + ", seed " + seed);
        }
        for (int round = 0; round < 3000; round++) {
            byte[] damaged = good.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                read(damaged); // some changes leave a valid stream (a value byte), which is fine
            } catch (RdbFormatException expected) {
                // refused: fine
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + ", seed " + seed + ": " + e, e);
            }
        }
    }
}
