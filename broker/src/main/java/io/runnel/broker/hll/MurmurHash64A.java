package io.runnel.broker.hll;

/** MurmurHash64A, the hash HyperLogLogs place elements with (seed 0xadc83b19, as Redis), so a register's index and run match Redis's. */
final class MurmurHash64A {

    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;

    private MurmurHash64A() {
    }

    static long hash(byte[] data, long seed) {
        int length = data.length;
        long h = seed ^ (length * M);
        int blocks = length - (length & 7);
        for (int i = 0; i < blocks; i += 8) {
            long k = (data[i] & 0xFFL) | (data[i + 1] & 0xFFL) << 8 | (data[i + 2] & 0xFFL) << 16 | (data[i + 3] & 0xFFL) << 24
                    | (data[i + 4] & 0xFFL) << 32 | (data[i + 5] & 0xFFL) << 40 | (data[i + 6] & 0xFFL) << 48 | (data[i + 7] & 0xFFL) << 56;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int tail = length & 7;
        if (tail > 0) {
            for (int i = tail - 1; i >= 0; i--) {
                h ^= (data[blocks + i] & 0xFFL) << (8 * i);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }
}
