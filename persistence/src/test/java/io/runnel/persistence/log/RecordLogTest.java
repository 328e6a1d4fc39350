package io.runnel.persistence.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's segment log: records come back whole and in order; a crash's torn tail is cut
 * off at the last intact record; damage in the middle is refused with its file and offset.
 * Randomized cases print their seed; {@code -Drunnel.seed=N} replays one.
 */
class RecordLogTest {

    @TempDir
    Path dir;

    private static final RecordLog.Options SMALL_SEGMENTS = new RecordLog.Options(4096, false);

    private static long seed() {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("RecordLogTest seed=" + seed);
        return seed;
    }

    private List<byte[]> reopen(RecordLog.Options options) throws IOException {
        List<byte[]> records = new ArrayList<>();
        try (RecordLog log = RecordLog.open(dir, options, (position, payload) -> records.add(payload))) {
            return records;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<byte[]> writeRandom(Random random, int count, RecordLog.Options options) throws IOException {
        List<byte[]> written = new ArrayList<>();
        try (RecordLog log = RecordLog.open(dir, options, (position, payload) -> { })) {
            for (int i = 0; i < count; i++) {
                int size = random.nextInt(10) == 0 ? random.nextInt(20_000) : random.nextInt(200);
                byte[] payload = new byte[size];
                random.nextBytes(payload);
                log.append(payload);
                written.add(payload);
                if (random.nextInt(20) == 0) {
                    log.sync();
                }
            }
        }
        return written;
    }

    private static void assertRecords(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "record count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
        }
    }

    private Path lastSegment() throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    @Test
    void recordsComeBackWholeAndInOrderAcrossSegments() throws IOException {
        Random random = new Random(seed());
        List<byte[]> written = writeRandom(random, 500, SMALL_SEGMENTS);
        written.add(new byte[0]);
        try (RecordLog log = RecordLog.open(dir, SMALL_SEGMENTS, (position, payload) -> { })) {
            log.append(new byte[0]);
            byte[] huge = new byte[600_000]; // larger than the write buffer
            random.nextBytes(huge);
            log.append(huge);
            written.add(huge);
        }
        assertRecords(written, reopen(SMALL_SEGMENTS));
        try (RecordLog log = RecordLog.open(dir, SMALL_SEGMENTS, (position, payload) -> { })) {
            assertTrue(log.segments().size() > 10, "segments rolled: " + log.segments().size());
            assertFalse(log.recovery().truncated());
            assertEquals(written.size(), log.recovery().records());
        }
    }

    @Test
    void aTailCutAnywhereLosesOnlyTheRecordItCut() throws IOException {
        List<byte[]> written = new ArrayList<>();
        try (RecordLog log = RecordLog.open(dir, RecordLog.Options.defaults(), (position, payload) -> { })) {
            for (int i = 0; i < 5; i++) {
                byte[] payload = bytes("record number " + i);
                log.append(payload);
                written.add(payload);
            }
        }
        Path segment = lastSegment();
        byte[] whole = Files.readAllBytes(segment);
        int lastRecordStart = whole.length - (8 + written.get(4).length);
        for (int cut = lastRecordStart; cut < whole.length; cut++) {
            Files.write(segment, java.util.Arrays.copyOf(whole, cut));
            List<byte[]> recovered = reopen(RecordLog.Options.defaults());
            assertRecords(written.subList(0, 4), recovered);
            assertEquals(lastRecordStart, Files.size(segment), "cut at " + cut + " truncated to the last intact record");
        }
        Files.write(segment, whole);
        assertRecords(written, reopen(RecordLog.Options.defaults()));
    }

    @Test
    void garbageAfterTheLastRecordIsCutOffAndWritingGoesOn() throws IOException {
        Random random = new Random(seed());
        List<byte[]> written = writeRandom(random, 50, RecordLog.Options.defaults());
        Path segment = lastSegment();
        long intact = Files.size(segment);
        byte[] garbage = new byte[1 + random.nextInt(3000)];
        random.nextBytes(garbage);
        Files.write(segment, garbage, StandardOpenOption.APPEND);

        List<byte[]> recovered = new ArrayList<>();
        try (RecordLog log = RecordLog.open(dir, RecordLog.Options.defaults(), (position, payload) -> recovered.add(payload))) {
            assertTrue(log.recovery().truncated());
            assertEquals(segment, log.recovery().truncatedFile());
            assertEquals(intact, log.recovery().truncatedAt());
            assertEquals(garbage.length, log.recovery().truncatedBytes());
            log.append(bytes("after the repair"));
        }
        assertRecords(written, recovered);
        written.add(bytes("after the repair"));
        assertRecords(written, reopen(RecordLog.Options.defaults()));
    }

    @Test
    void damageInTheMiddleIsRefusedWithItsFileAndOffset() throws IOException {
        List<byte[]> written = new ArrayList<>();
        try (RecordLog log = RecordLog.open(dir, RecordLog.Options.defaults(), (position, payload) -> { })) {
            for (int i = 0; i < 10; i++) {
                byte[] payload = bytes("payload " + i);
                log.append(payload);
                written.add(payload);
            }
        }
        Path segment = lastSegment();
        byte[] bytes = Files.readAllBytes(segment);
        long recordSize = 8 + written.get(0).length;
        long thirdRecord = RecordFormat.HEADER_BYTES + 2 * recordSize;
        bytes[(int) thirdRecord + 10] ^= 0x20; // one bit of record 2's payload
        Files.write(segment, bytes);

        CorruptLogException error = assertThrows(CorruptLogException.class, () -> reopen(RecordLog.Options.defaults()));
        assertEquals(segment, error.file());
        assertEquals(thirdRecord, error.offset());
        assertTrue(error.getMessage().contains(segment.toString()) && error.getMessage().contains("offset " + thirdRecord),
                error.getMessage());
        assertEquals(bytes.length, Files.size(segment), "a refused log is left as it was");

        // the operator may choose to keep what precedes the damage
        List<byte[]> kept = reopen(new RecordLog.Options(64L << 20, true));
        assertRecords(written.subList(0, 2), kept);
        assertRecords(written.subList(0, 2), reopen(RecordLog.Options.defaults()));
    }

    @Test
    void aDamagedSealedSegmentIsCorruptionEvenAtItsEnd() throws IOException {
        Random random = new Random(seed());
        writeRandom(random, 200, SMALL_SEGMENTS);
        Path first;
        try (var files = Files.list(dir)) {
            first = files.sorted().findFirst().orElseThrow();
        }
        long size = Files.size(first);
        try (FileChannel channel = FileChannel.open(first, StandardOpenOption.WRITE)) {
            channel.truncate(size - 1);
        }
        CorruptLogException error = assertThrows(CorruptLogException.class, () -> reopen(SMALL_SEGMENTS));
        assertEquals(first, error.file());
    }

    @Test
    void aFileThatIsNotASegmentIsRefused() throws IOException {
        Files.write(dir.resolve("segment-0000000001.log"), bytes("*2\r\n$3\r\nSET\r\n"));
        CorruptLogException error = assertThrows(CorruptLogException.class, () -> reopen(RecordLog.Options.defaults()));
        assertTrue(error.getMessage().contains("not a Runnel journal segment"), error.getMessage());
    }

    @Test
    void randomCutsAlwaysRecoverAPrefixOfWholeRecords() throws IOException {
        long seed = seed();
        Random random = new Random(seed);
        List<byte[]> written = writeRandom(random, 300, RecordLog.Options.defaults());
        Path segment = lastSegment();
        byte[] whole = Files.readAllBytes(segment);
        List<Long> ends = new ArrayList<>();
        long offset = RecordFormat.HEADER_BYTES;
        for (byte[] record : written) {
            offset += 8 + record.length;
            ends.add(offset);
        }
        for (int round = 0; round < 50; round++) {
            int cut = RecordFormat.HEADER_BYTES + random.nextInt(whole.length - RecordFormat.HEADER_BYTES + 1);
            Files.write(segment, java.util.Arrays.copyOf(whole, cut));
            int complete = 0;
            while (complete < ends.size() && ends.get(complete) <= cut) {
                complete++;
            }
            assertRecords(written.subList(0, complete), reopen(RecordLog.Options.defaults()));
        }
    }

    @Test
    void anInterruptedSegmentHeaderIsStartedOver() throws IOException {
        Files.write(dir.resolve("segment-0000000001.log"), java.util.Arrays.copyOf(RecordFormat.MAGIC, 3));
        try (RecordLog log = RecordLog.open(dir, RecordLog.Options.defaults(), (position, payload) -> { })) {
            log.append(bytes("first"));
        }
        assertRecords(List.of(bytes("first")), reopen(RecordLog.Options.defaults()));
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("segment-0000000001.log")));
        assertEquals(RecordFormat.VERSION, RecordFormat.readHeader(header));
    }

    @Test
    void recordsAreReadBackByPositionBeforeAndAfterReopening() throws IOException {
        Random random = new Random(seed());
        List<Long> positions = new ArrayList<>();
        List<byte[]> written = new ArrayList<>();
        try (RecordLog log = RecordLog.open(dir, SMALL_SEGMENTS, (position, payload) -> { })) {
            for (int i = 0; i < 300; i++) {
                byte[] payload = new byte[random.nextInt(500)];
                random.nextBytes(payload);
                positions.add(log.append(payload));
                written.add(payload);
                int earlier = random.nextInt(positions.size());
                assertArrayEquals(written.get(earlier), log.read(positions.get(earlier)), "unflushed or flushed record " + earlier);
            }
        }
        List<Long> found = new ArrayList<>();
        try (RecordLog log = RecordLog.open(dir, SMALL_SEGMENTS, (position, payload) -> found.add(position))) {
            assertEquals(positions, found, "opening reports the positions append gave");
            for (int i = 0; i < positions.size(); i++) {
                assertArrayEquals(written.get(i), log.read(positions.get(i)));
            }
        }
    }

    /**
     * A batch undone after it was read (so its bytes were mapped) and written again differently:
     * reads at the same positions see the new records, never the undone ones.
     */
    @Test
    void recordsWrittenAgainAfterARollbackReadAsWrittenAgain() throws IOException {
        try (RecordLog log = RecordLog.open(dir, SMALL_SEGMENTS, (position, payload) -> { })) {
            long kept = log.append(bytes("kept"));
            RecordLog.Mark mark = log.mark();
            List<Long> undone = new ArrayList<>();
            for (int i = 0; i < 50; i++) { // across a segment boundary too
                undone.add(log.append(bytes("undone " + i + " " + "x".repeat(100))));
            }
            assertArrayEquals(bytes("undone 49 " + "x".repeat(100)), log.read(undone.get(49)));
            assertArrayEquals(bytes("undone 0 " + "x".repeat(100)), log.read(undone.get(0)));
            log.rollback(mark);
            long again = log.append(bytes("again, longer than the record it replaces " + "y".repeat(100)));
            assertEquals(undone.get(0), again);
            assertArrayEquals(bytes("again, longer than the record it replaces " + "y".repeat(100)), log.read(again));
            assertArrayEquals(bytes("kept"), log.read(kept));
        }
    }
}
