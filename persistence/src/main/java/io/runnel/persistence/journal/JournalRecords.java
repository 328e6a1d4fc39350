package io.runnel.persistence.journal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The layout of the journal's records, read and written by hand. An event record is
 * <pre>
 *   u8 kind (1) | utf persistence id | i64 sequence number | utf writer id | i32 serializer id
 *   | utf manifest | i32 payload length | payload
 * </pre>
 * and a deletion mark {@code u8 kind (2) | utf persistence id | i64 deleted up to}; big-endian,
 * each {@code utf} a u16 length and Java's modified UTF-8, the bytes of
 * {@link DataOutputStream#writeUTF} (the form the journal has always written). A replay decodes a
 * record per event: the strings, which repeat from record to record, are kept and reused rather
 * than decoded again each time; the persistence id is read where it lies, without a copy of the
 * record, when the log is indexed at start.
 */
final class JournalRecords {

    static final int EVENT = 1;
    static final int DELETED_TO = 2;

    private JournalRecords() {
    }

    /** The fields of an event record (its payload still serialized). */
    record Event(String persistenceId, long sequenceNr, String writerUuid, int serializerId, String manifest,
                 byte[] payload) {
    }

    static byte[] event(String persistenceId, long sequenceNr, String writerUuid, int serializerId, String manifest,
                        byte[] payload) {
        byte[] id = utf(persistenceId);
        byte[] writer = utf(writerUuid);
        byte[] hint = utf(manifest);
        byte[] record = new byte[1 + id.length + 8 + writer.length + 4 + hint.length + 4 + payload.length];
        int at = 0;
        record[at++] = EVENT;
        at = put(record, at, id);
        at = putLong(record, at, sequenceNr);
        at = put(record, at, writer);
        at = putInt(record, at, serializerId);
        at = put(record, at, hint);
        at = putInt(record, at, payload.length);
        System.arraycopy(payload, 0, record, at, payload.length);
        return record;
    }

    static byte[] deletedTo(String persistenceId, long sequenceNr) {
        byte[] id = utf(persistenceId);
        byte[] record = new byte[1 + id.length + 8];
        record[0] = DELETED_TO;
        putLong(record, put(record, 1, id), sequenceNr);
        return record;
    }

    /** Reads records, keeping the last strings seen: consecutive records mostly repeat them. */
    static final class Reader {
        private final Strings writers = new Strings();
        private final Strings manifests = new Strings();

        /** The kind of the record in {@code length} bytes from {@code at} (EVENT or DELETED_TO, else unknown). */
        int kind(byte[] bytes, int at, int length) throws IOException {
            need(at + length, at, 1);
            return bytes[at] & 0xff;
        }

        /** The persistence id of either kind of record. */
        String persistenceId(byte[] bytes, int at, int length) throws IOException {
            int end = at + length;
            return decode(bytes, at + 1, utfBytes(bytes, at + 1, end));
        }

        /** The sequence number of either kind of record: an event's, or where a deletion ends. */
        long sequenceNr(byte[] bytes, int at, int length) throws IOException {
            int end = at + length;
            int field = at + 1 + utfBytes(bytes, at + 1, end);
            need(end, field, 8);
            return getLong(bytes, field);
        }

        Event event(byte[] record) throws IOException {
            int end = record.length;
            int at = 1;
            int idBytes = utfBytes(record, at, end);
            String persistenceId = decode(record, at, idBytes);
            at += idBytes;
            need(end, at, 8);
            long sequenceNr = getLong(record, at);
            at += 8;
            int writerBytes = utfBytes(record, at, end);
            String writerUuid = writers.read(record, at, writerBytes);
            at += writerBytes;
            need(end, at, 4);
            int serializerId = getInt(record, at);
            at += 4;
            int manifestBytes = utfBytes(record, at, end);
            String manifest = manifests.read(record, at, manifestBytes);
            at += manifestBytes;
            need(end, at, 4);
            int length = getInt(record, at);
            at += 4;
            if (length < 0 || end - at != length) {
                throw new IOException("journal record payload length " + length + " does not match the record");
            }
            return new Event(persistenceId, sequenceNr, writerUuid, serializerId, manifest,
                    Arrays.copyOfRange(record, at, end));
        }
    }

    /** One string field: the last bytes read and their string, reused while they repeat. */
    private static final class Strings {
        private byte[] lastBytes = new byte[0];
        private String last = "";

        /** The {@code utf} field of {@code total} bytes (prefix included) at {@code at}. */
        String read(byte[] record, int at, int total) throws IOException {
            if (Arrays.equals(record, at + 2, at + total, lastBytes, 0, lastBytes.length)) {
                return last;
            }
            lastBytes = Arrays.copyOfRange(record, at + 2, at + total);
            last = decode(record, at, total);
            return last;
        }
    }

    /** The bytes the {@code utf} field at {@code at} takes, its length prefix included; it must end by {@code end}. */
    private static int utfBytes(byte[] record, int at, int end) throws IOException {
        need(end, at, 2);
        int length = ((record[at] & 0xff) << 8) | (record[at + 1] & 0xff);
        need(end, at + 2, length);
        return 2 + length;
    }

    private static String decode(byte[] record, int at, int total) throws IOException {
        boolean ascii = true;
        for (int i = at + 2; i < at + total && ascii; i++) {
            ascii = record[i] > 0; // modified UTF-8 writes 1..127 as one byte, anything else in two or three
        }
        if (ascii) {
            return new String(record, at + 2, total - 2, StandardCharsets.ISO_8859_1);
        }
        return new DataInputStream(new ByteArrayInputStream(record, at, total)).readUTF();
    }

    private static byte[] utf(String text) {
        int length = text.length();
        boolean ascii = length <= 0xffff;
        for (int i = 0; i < length && ascii; i++) {
            char c = text.charAt(i);
            ascii = c > 0 && c < 0x80;
        }
        if (ascii) {
            byte[] out = new byte[2 + length];
            out[0] = (byte) (length >>> 8);
            out[1] = (byte) length;
            text.getBytes(0, length, out, 2); // deprecated for its loss above 0xff; ASCII only here
            return out;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2 + length * 3);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("a journal string of more than 65535 bytes: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static void need(int end, int at, int count) throws IOException {
        if (at + count > end) {
            throw new IOException("journal record cut short at byte " + at);
        }
    }

    private static int put(byte[] record, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, record, at, bytes.length);
        return at + bytes.length;
    }

    private static int putInt(byte[] record, int at, int value) {
        record[at] = (byte) (value >>> 24);
        record[at + 1] = (byte) (value >>> 16);
        record[at + 2] = (byte) (value >>> 8);
        record[at + 3] = (byte) value;
        return at + 4;
    }

    private static int putLong(byte[] record, int at, long value) {
        putInt(record, at, (int) (value >>> 32));
        return putInt(record, at + 4, (int) value);
    }

    private static int getInt(byte[] record, int at) {
        return ((record[at] & 0xff) << 24) | ((record[at + 1] & 0xff) << 16) | ((record[at + 2] & 0xff) << 8)
                | (record[at + 3] & 0xff);
    }

    private static long getLong(byte[] record, int at) {
        return ((long) getInt(record, at) << 32) | (getInt(record, at + 4) & 0xffffffffL);
    }
}
