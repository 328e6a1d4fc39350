package io.runnel.broker.hll;

import java.util.SplittableRandom;

/**
 * PFSELFTEST: the dense registers keep what is written to them at every bit offset, a sparse
 * HyperLogLog and its dense form agree register by register as elements are added, and the
 * estimate stays within a few standard errors of the truth.
 */
final class HyperLogLogSelfTest {

    private HyperLogLogSelfTest() {
    }

    /** Null when every check passes, else what failed. */
    static String run(SplittableRandom random) {
        for (int round = 0; round < 3; round++) {
            // every register at every bit offset, neighbours written before and after it
            byte[] dense = new byte[HyperLogLog.DENSE_SIZE];
            int[] expected = new int[HyperLogLog.REGISTERS];
            for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
                expected[i] = random.nextInt(HyperLogLog.REGISTER_MAX + 1);
                HyperLogLog.denseSet(dense, i, expected[i]);
            }
            for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
                if (HyperLogLog.denseGet(dense, i) != expected[i]) {
                    return "dense register " + i + " reads " + HyperLogLog.denseGet(dense, i) + ", not " + expected[i];
                }
            }
        }
        try {
            byte[] sparse = HyperLogLog.create();
            double relativeError = 1.04 / Math.sqrt(HyperLogLog.REGISTERS);
            for (int n = 1; n <= 20000; n++) {
                byte[] element = ("selftest-" + random.nextLong()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                sparse = HyperLogLog.add(sparse, element, 3000).hll();
                if (n % 1000 == 0) {
                    int[] registers = HyperLogLog.registers(sparse);
                    int[] again = HyperLogLog.registers(HyperLogLog.toDense(sparse));
                    if (!java.util.Arrays.equals(registers, again)) {
                        return "sparse and dense forms disagree after " + n + " elements";
                    }
                    long estimate = HyperLogLog.count(registers);
                    if (Math.abs(estimate - n) > 5 * relativeError * n + 5) {
                        return "estimate " + estimate + " for " + n + " elements";
                    }
                }
            }
        } catch (HyperLogLog.CorruptException e) {
            return "a HyperLogLog it built reads as corrupt";
        }
        return null;
    }
}
