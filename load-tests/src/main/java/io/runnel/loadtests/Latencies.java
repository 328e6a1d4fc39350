package io.runnel.loadtests;

import java.util.Arrays;
import java.util.List;

/**
 * The delivery latencies one consumer thread saw, and the line the benchmarks print from all of
 * them: "count rate p50-ms p99-ms" (what lib.sh's run_java_benchmark reads).
 */
final class Latencies {

    private long[] nanos = new long[1024];
    private int count;

    void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    static void report(List<Latencies> consumers, double seconds) {
        int total = consumers.stream().mapToInt(l -> l.count).sum();
        long[] all = new long[total];
        int at = 0;
        for (Latencies l : consumers) {
            System.arraycopy(l.nanos, 0, all, at, l.count);
            at += l.count;
        }
        Arrays.sort(all);
        System.out.printf("%d %.0f %.3f %.3f%n", total, total / seconds, all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6);
    }
}
