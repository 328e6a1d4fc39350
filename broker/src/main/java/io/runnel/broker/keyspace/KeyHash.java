package io.runnel.broker.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Seeded 32-bit hash of key bytes (murmur3's mixing). The seed is random per process so that
 * clients cannot choose keys that collide in the tables.
 */
public final class KeyHash {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SEED = new SecureRandom().nextInt();

    private KeyHash() {
    }

    public static int of(byte[] key) {
        int h = SEED;
        int n = key.length;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            h = mixIntoHash(h, (int) INT.get(key, i));
        }
        int tail = 0;
        switch (n - i) {
            case 3:
                tail ^= (key[i + 2] & 0xff) << 16;
                // fall through
            case 2:
                tail ^= (key[i + 1] & 0xff) << 8;
                // fall through
            case 1:
                tail ^= key[i] & 0xff;
                h ^= mixK(tail);
                break;
            default:
                break;
        }
        h ^= n;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mixK(int k) {
        k *= 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        return k * 0x1b873593;
    }

    private static int mixIntoHash(int h, int k) {
        h ^= mixK(k);
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }
}
