package io.runnel.broker.hll;

import java.util.Arrays;

/**
 * Redis's HyperLogLog string, byte for byte: a 16-byte header ("HYLL", the encoding, three zero
 * bytes, the cached cardinality little endian with its top bit marking it stale) and 16384
 * six-bit registers, either dense (12288 bytes) or sparse (runs of ZERO, XZERO and VAL opcodes).
 * Every change follows Redis's own steps (the same opcode splits and merges, promotion to dense
 * past hll-sparse-max-bytes or for a run longer than 32), so GET shows what Redis would hold.
 * Methods take and return whole strings; a sparse change may return a longer array.
 */
final class HyperLogLog {

    static final int HEADER = 16;
    static final int DENSE = 0;
    static final int SPARSE = 1;
    static final int P = 14;
    static final int Q = 64 - P;
    static final int REGISTERS = 1 << P;
    static final int BITS = 6;
    static final int REGISTER_MAX = (1 << BITS) - 1;
    static final int DENSE_SIZE = HEADER + (REGISTERS * BITS + 7) / 8;
    private static final long SEED = 0xadc83b19L;
    private static final int VAL_MAX_VALUE = 32;
    private static final int VAL_MAX_LEN = 4;
    private static final int ZERO_MAX_LEN = 64;
    private static final int XZERO_MAX_LEN = 16384;
    private static final double ALPHA_INF = 0.721347520444481703680;

    /** A corrupt string (a sparse run past 16384 registers and the like). */
    static final class CorruptException extends Exception {
        CorruptException() {
            super(null, null, false, false);
        }
    }

    /** What a change left: the string (possibly a new array) and whether any register grew. */
    record Change(byte[] hll, boolean updated) {
    }

    private HyperLogLog() {
    }

    /** An empty HyperLogLog: sparse, one XZERO run over every register, cardinality 0 cached. */
    static byte[] create() {
        byte[] hll = new byte[HEADER + 2];
        hll[0] = 'H';
        hll[1] = 'Y';
        hll[2] = 'L';
        hll[3] = 'L';
        hll[4] = SPARSE;
        setXzero(hll, HEADER, XZERO_MAX_LEN);
        return hll;
    }

    /** Whether a string is a HyperLogLog as Redis checks it (magic, encoding, the dense size). */
    static boolean valid(byte[] bytes, int length) {
        if (length < HEADER || bytes[0] != 'H' || bytes[1] != 'Y' || bytes[2] != 'L' || bytes[3] != 'L') {
            return false;
        }
        int encoding = bytes[4] & 0xFF;
        return encoding <= SPARSE && (encoding != DENSE || length == DENSE_SIZE);
    }

    static boolean dense(byte[] hll) {
        return hll[4] == DENSE;
    }

    static void invalidateCache(byte[] hll) {
        hll[15] |= (byte) 0x80;
    }

    static boolean cacheValid(byte[] hll) {
        return (hll[15] & 0x80) == 0;
    }

    static long cachedCardinality(byte[] hll) {
        long card = 0;
        for (int i = 7; i >= 0; i--) {
            card = (card << 8) | (hll[8 + i] & 0xFF);
        }
        return card;
    }

    static void cacheCardinality(byte[] hll, long card) {
        for (int i = 0; i < 8; i++) {
            hll[8 + i] = (byte) (card >>> (8 * i));
        }
    }

    // ---- registers -----------------------------------------------------------------------------

    /** The register and run length an element lands on: {index, count}. */
    static int[] place(byte[] element) {
        long hash = MurmurHash64A.hash(element, SEED);
        int index = (int) (hash & (REGISTERS - 1));
        hash >>>= P;
        hash |= 1L << Q;
        return new int[] {index, Long.numberOfTrailingZeros(hash) + 1};
    }

    static int denseGet(byte[] hll, int register) {
        int bit = register * BITS;
        int at = HEADER + bit / 8;
        int shift = bit & 7;
        int b0 = hll[at] & 0xFF;
        int b1 = at + 1 < hll.length ? hll[at + 1] & 0xFF : 0;
        return ((b0 >>> shift) | (b1 << (8 - shift))) & REGISTER_MAX;
    }

    private static void denseSetRegister(byte[] hll, int register, int value) {
        int bit = register * BITS;
        int at = HEADER + bit / 8;
        int shift = bit & 7;
        hll[at] = (byte) ((hll[at] & ~(REGISTER_MAX << shift)) | (value << shift));
        if (at + 1 < hll.length) {
            int high = 8 - shift;
            hll[at + 1] = (byte) ((hll[at + 1] & ~(REGISTER_MAX >>> high)) | (value >>> high));
        }
    }

    /** Raises a dense register to {@code count}; true when it grew. */
    static boolean denseSet(byte[] hll, int register, int count) {
        if (count > denseGet(hll, register)) {
            denseSetRegister(hll, register, count);
            return true;
        }
        return false;
    }

    // ---- the sparse opcodes --------------------------------------------------------------------

    private static boolean isZero(byte[] s, int p) {
        return (s[p] & 0xC0) == 0;
    }

    private static boolean isXzero(byte[] s, int p) {
        return (s[p] & 0xC0) == 0x40;
    }

    private static boolean isVal(byte[] s, int p) {
        return (s[p] & 0x80) != 0;
    }

    private static int zeroLen(byte[] s, int p) {
        return (s[p] & 0x3F) + 1;
    }

    private static int xzeroLen(byte[] s, int p) {
        return (((s[p] & 0x3F) << 8) | (s[p + 1] & 0xFF)) + 1;
    }

    private static int valValue(byte[] s, int p) {
        return ((s[p] >> 2) & 0x1F) + 1;
    }

    private static int valLen(byte[] s, int p) {
        return (s[p] & 0x3) + 1;
    }

    private static void setVal(byte[] s, int p, int value, int len) {
        s[p] = (byte) ((((value - 1) << 2) | (len - 1)) | 0x80);
    }

    private static void setZero(byte[] s, int p, int len) {
        s[p] = (byte) (len - 1);
    }

    private static void setXzero(byte[] s, int p, int len) {
        int l = len - 1;
        s[p] = (byte) ((l >> 8) | 0x40);
        s[p + 1] = (byte) (l & 0xFF);
    }

    /** Visits each register value of a sparse string in order; false when the runs do not cover exactly 16384 registers. */
    private interface RunVisitor {
        void run(int first, int length, int value);
    }

    private static void walkSparse(byte[] hll, int length, RunVisitor visitor) throws CorruptException {
        int index = 0;
        int p = HEADER;
        while (p < length) {
            int run;
            int value = 0;
            if (isZero(hll, p)) {
                run = zeroLen(hll, p);
                p++;
            } else if (isXzero(hll, p)) {
                run = xzeroLen(hll, p);
                p += 2;
            } else {
                run = valLen(hll, p);
                value = valValue(hll, p);
                p++;
            }
            if (index + run > REGISTERS) {
                throw new CorruptException();
            }
            visitor.run(index, run, value);
            index += run;
        }
        if (index != REGISTERS) {
            throw new CorruptException();
        }
    }

    /** The dense form of a sparse string, header (and cached cardinality) kept. */
    static byte[] toDense(byte[] hll) throws CorruptException {
        if (dense(hll)) {
            return hll;
        }
        byte[] dense = new byte[DENSE_SIZE];
        System.arraycopy(hll, 0, dense, 0, HEADER);
        dense[4] = DENSE;
        walkSparse(hll, hll.length, (first, length, value) -> {
            if (value != 0) {
                for (int i = first; i < first + length; i++) {
                    denseSetRegister(dense, i, value);
                }
            }
        });
        return dense;
    }

    /**
     * Raises register {@code index} to {@code count} in a sparse string, as Redis's
     * hllSparseSet: finds the opcode covering it, splits it, merges equal neighbours, or
     * promotes the string to dense.
     */
    static Change sparseSet(byte[] hll, int index, int count, long sparseMaxBytes) throws CorruptException {
        if (count > VAL_MAX_VALUE) {
            return promote(hll, index, count);
        }
        byte[] s = Arrays.copyOf(hll, hll.length + 3);
        int end = hll.length;
        int p = HEADER;
        int first = 0;
        int prev = -1;
        int span = 0;
        while (p < end) {
            int opLength = 1;
            if (isZero(s, p)) {
                span = zeroLen(s, p);
            } else if (isVal(s, p)) {
                span = valLen(s, p);
            } else {
                span = xzeroLen(s, p);
                opLength = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += opLength;
            first += span;
        }
        if (span == 0 || p >= end) {
            throw new CorruptException();
        }
        int next = isXzero(s, p) ? p + 2 : p + 1;
        if (next >= end) {
            next = -1;
        }
        boolean zero = isZero(s, p);
        boolean xzero = isXzero(s, p);
        boolean val = !zero && !xzero;
        int runLength = zero ? zeroLen(s, p) : xzero ? xzeroLen(s, p) : valLen(s, p);
        boolean done = false;
        if (val) {
            if (valValue(s, p) >= count) {
                return new Change(hll, false);
            }
            if (runLength == 1) {
                setVal(s, p, count, 1);
                done = true;
            }
        }
        if (!done && zero && runLength == 1) {
            setVal(s, p, count, 1);
            done = true;
        }
        if (!done) {
            byte[] seq = new byte[5];
            int n = 0;
            int last = first + span - 1;
            if (zero || xzero) {
                if (index != first) {
                    n = zeroRun(seq, n, index - first);
                }
                setVal(seq, n++, count, 1);
                if (index != last) {
                    n = zeroRun(seq, n, last - index);
                }
            } else {
                int current = valValue(s, p);
                if (index != first) {
                    setVal(seq, n++, current, index - first);
                }
                setVal(seq, n++, count, 1);
                if (index != last) {
                    setVal(seq, n++, current, last - index);
                }
            }
            int oldLength = xzero ? 2 : 1;
            int delta = n - oldLength;
            if (delta > 0 && end + delta > sparseMaxBytes) {
                return promote(hll, index, count);
            }
            if (delta != 0 && next >= 0) {
                System.arraycopy(s, next, s, next + delta, end - next);
            }
            end += delta;
            System.arraycopy(seq, 0, s, p, n);
        }
        // merge adjacent VAL opcodes of one value, looking at up to five opcodes from the previous one
        p = prev >= 0 ? prev : HEADER;
        int scan = 5;
        while (p < end && scan-- > 0) {
            if (isXzero(s, p)) {
                p += 2;
                continue;
            }
            if (isZero(s, p)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(s, p + 1)) {
                int v1 = valValue(s, p);
                int v2 = valValue(s, p + 1);
                if (v1 == v2) {
                    int length = valLen(s, p) + valLen(s, p + 1);
                    if (length <= VAL_MAX_LEN) {
                        setVal(s, p + 1, v1, length);
                        System.arraycopy(s, p + 1, s, p, end - p - 1);
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        byte[] result = Arrays.copyOf(s, end);
        invalidateCache(result);
        return new Change(result, true);
    }

    private static int zeroRun(byte[] seq, int n, int length) {
        if (length > ZERO_MAX_LEN) {
            setXzero(seq, n, length);
            return n + 2;
        }
        setZero(seq, n, length);
        return n + 1;
    }

    private static Change promote(byte[] hll, int index, int count) throws CorruptException {
        byte[] dense = toDense(hll);
        denseSet(dense, index, count);
        return new Change(dense, true);
    }

    /** Adds an element: a copy with its register raised (or the same array when nothing grew). */
    static Change add(byte[] hll, byte[] element, long sparseMaxBytes) throws CorruptException {
        int[] placed = place(element);
        if (dense(hll)) {
            byte[] copy = hll.clone();
            return denseSet(copy, placed[0], placed[1]) ? new Change(copy, true) : new Change(hll, false);
        }
        return sparseSet(hll, placed[0], placed[1], sparseMaxBytes);
    }

    /** Raises each register of {@code max} to this string's where it is higher (PFMERGE, PFCOUNT of several keys). */
    static void mergeInto(int[] max, byte[] hll) throws CorruptException {
        if (dense(hll)) {
            for (int i = 0; i < REGISTERS; i++) {
                max[i] = Math.max(max[i], denseGet(hll, i));
            }
            return;
        }
        walkSparse(hll, hll.length, (first, length, value) -> {
            for (int i = first; i < first + length; i++) {
                max[i] = Math.max(max[i], value);
            }
        });
    }

    /** Every register's value. */
    static int[] registers(byte[] hll) throws CorruptException {
        int[] registers = new int[REGISTERS];
        mergeInto(registers, hll);
        return registers;
    }

    /** The estimate from register values (Ertl's improved estimator, as Redis computes it). */
    static long count(int[] registers) {
        int[] histogram = new int[64];
        for (int value : registers) {
            histogram[value]++;
        }
        double m = REGISTERS;
        double z = m * tau((m - histogram[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        return Math.round(ALPHA_INF * m * m / z);
    }

    private static double sigma(double x) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double previous;
        double y = 1;
        double z = x;
        do {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (previous != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double previous;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            previous = z;
            y *= 0.5;
            z -= Math.pow(1 - x, 2) * y;
        } while (previous != z);
        return z / 3;
    }

    /** The sparse opcodes as PFDEBUG DECODE shows them ("z:3 v:2,1 Z:16380"). */
    static String decode(byte[] hll) {
        StringBuilder out = new StringBuilder();
        int p = HEADER;
        while (p < hll.length) {
            if (out.length() > 0) {
                out.append(' ');
            }
            if (isZero(hll, p)) {
                out.append("z:").append(zeroLen(hll, p));
                p++;
            } else if (isXzero(hll, p)) {
                out.append("Z:").append(xzeroLen(hll, p));
                p += 2;
            } else {
                out.append("v:").append(valValue(hll, p)).append(',').append(valLen(hll, p));
                p++;
            }
        }
        return out.toString();
    }
}
