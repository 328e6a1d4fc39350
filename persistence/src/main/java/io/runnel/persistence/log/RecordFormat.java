package io.runnel.persistence.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The bytes of a segment file. A segment starts with a header: the magic {@code RNLSEG}, a
 * format version (u16). Then records, each
 * <pre>
 *   u32 length of the payload | u32 CRC-32C of the length and payload | payload
 * </pre>
 * big-endian. The checksum covers the length too, so a length damaged into another plausible
 * value is caught, and a record is valid only when all of it is on disk.
 */
final class RecordFormat {

    static final byte[] MAGIC = "RNLSEG".getBytes(StandardCharsets.US_ASCII);
    static final short VERSION = 1;
    static final int HEADER_BYTES = MAGIC.length + 2;
    static final int RECORD_HEADER_BYTES = 8;
    /** The largest payload a record may hold; a larger length marks damage, not data. */
    static final int MAX_PAYLOAD = 512 * 1024 * 1024;

    private RecordFormat() {
    }

    static int checksum(int length, byte[] payload, int offset, int count) {
        CRC32C crc = new CRC32C();
        crc.update(length >>> 24);
        crc.update(length >>> 16);
        crc.update(length >>> 8);
        crc.update(length);
        crc.update(payload, offset, count);
        return (int) crc.getValue();
    }

    static void writeHeader(ByteBuffer out) {
        out.put(MAGIC).putShort(VERSION);
    }

    /** The format version of a segment header, or -1 when the bytes are not a segment header. */
    static int readHeader(ByteBuffer in) {
        if (in.remaining() < HEADER_BYTES) {
            return -1;
        }
        for (byte b : MAGIC) {
            if (in.get() != b) {
                return -1;
            }
        }
        return in.getShort();
    }
}
