package io.runnel.broker.dump;

/** The CRC-64 Redis seals DUMP payloads and RDB files with (Jones polynomial, reflected, no final xor). */
final class Crc64 {

    private static final long POLY = 0x95ac9329ac4bc9b5L; // 0xad93d23594c935a9 reflected
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc64() {
    }

    static long of(byte[] data, int from, int to) {
        long crc = 0;
        for (int i = from; i < to; i++) {
            crc = TABLE[(int) ((crc ^ data[i]) & 0xFF)] ^ (crc >>> 8);
        }
        return crc;
    }
}
