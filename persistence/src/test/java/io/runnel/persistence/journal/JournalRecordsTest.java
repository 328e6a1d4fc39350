package io.runnel.persistence.journal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The journal's record layout: the bytes are those the journal has always written (Java's data
 * streams), so journals already on disk stay readable; ids outside ASCII survive; a record cut
 * short fails as an IOException, never as anything worse.
 */
class JournalRecordsTest {

    /** The record as the journal wrote it before it encoded records by hand. */
    private static byte[] asDataStreamsWroteIt(String id, long sequenceNr, String writer, int serializer, String manifest,
                                               byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(JournalRecords.EVENT);
            out.writeUTF(id);
            out.writeLong(sequenceNr);
            out.writeUTF(writer);
            out.writeInt(serializer);
            out.writeUTF(manifest);
            out.writeInt(payload.length);
            out.write(payload);
        }
        return bytes.toByteArray();
    }

    @Test
    void eventRecordsKeepTheirBytesAndReadBack() throws IOException {
        byte[] payload = {1, 2, 3, (byte) 0xff};
        for (String id : new String[] {"keyspace-12", "", "entité-ü-\u0000-\u4e2d"}) {
            byte[] record = JournalRecords.event(id, 1L << 40 | 7, "writer-1", 9, "m", payload);
            assertArrayEquals(asDataStreamsWroteIt(id, 1L << 40 | 7, "writer-1", 9, "m", payload), record, id);

            JournalRecords.Reader reader = new JournalRecords.Reader();
            JournalRecords.Event event = reader.event(record);
            assertEquals(id, event.persistenceId());
            assertEquals(1L << 40 | 7, event.sequenceNr());
            assertEquals("writer-1", event.writerUuid());
            assertEquals(9, event.serializerId());
            assertEquals("m", event.manifest());
            assertArrayEquals(payload, event.payload());

            // the index reads a record where it lies, inside a larger array
            byte[] inSegment = new byte[record.length + 10];
            System.arraycopy(record, 0, inSegment, 5, record.length);
            assertEquals(JournalRecords.EVENT, reader.kind(inSegment, 5, record.length));
            assertEquals(id, reader.persistenceId(inSegment, 5, record.length));
            assertEquals(1L << 40 | 7, reader.sequenceNr(inSegment, 5, record.length));
        }
    }

    @Test
    void repeatedStringsAreReusedAndChangesSeen() throws IOException {
        JournalRecords.Reader reader = new JournalRecords.Reader();
        JournalRecords.Event first = reader.event(JournalRecords.event("a", 1, "w1", 1, "", new byte[0]));
        JournalRecords.Event second = reader.event(JournalRecords.event("a", 2, "w1", 1, "", new byte[0]));
        assertSame(first.writerUuid(), second.writerUuid());
        JournalRecords.Event third = reader.event(JournalRecords.event("a", 3, "w2", 1, "x", new byte[0]));
        assertEquals("w2", third.writerUuid());
        assertEquals("x", third.manifest());
    }

    @Test
    void deletionMarksKeepTheirBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(JournalRecords.DELETED_TO);
            out.writeUTF("keyspace-3");
            out.writeLong(42);
        }
        byte[] record = JournalRecords.deletedTo("keyspace-3", 42);
        assertArrayEquals(bytes.toByteArray(), record);
        JournalRecords.Reader reader = new JournalRecords.Reader();
        assertEquals(JournalRecords.DELETED_TO, reader.kind(record, 0, record.length));
        assertEquals(42, reader.sequenceNr(record, 0, record.length));
    }

    @Test
    void recordsCutShortFailAsIoErrors() {
        byte[] record = JournalRecords.event("keyspace-1", 5, "writer", 3, "", new byte[] {9, 9});
        for (int cut = 0; cut < record.length; cut++) {
            byte[] shorter = Arrays.copyOf(record, cut);
            assertThrows(IOException.class, () -> new JournalRecords.Reader().event(shorter), "cut at " + cut);
            if (cut > 0 && cut < 1 + 2 + "keyspace-1".length() + 8) { // the sequence number not all there
                int length = cut;
                assertThrows(IOException.class, () -> new JournalRecords.Reader().sequenceNr(shorter, 0, length));
            }
        }
        byte[] longer = Arrays.copyOf(record, record.length + 1);
        assertThrows(IOException.class, () -> new JournalRecords.Reader().event(longer));
    }
}
