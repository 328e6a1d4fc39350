package io.runnel.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the operating system knows about this process, for INFO memory and cpu: the resident set
 * size and the CPU time spent in user and system mode (Linux /proc; zero where unavailable).
 */
public final class ProcessStats {

    /** Linux reports these in pages and clock ticks; x86-64 and arm64 kernels use these sizes. */
    private static final long PAGE_SIZE = 4096;
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    /** Resident set size in bytes. */
    public static long residentBytes() {
        try {
            String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(fields[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().totalMemory();
        }
    }

    /** CPU seconds: {user, system, children's user, children's system}. */
    public static double[] cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the fields after the parenthesised command name start with the state (field 3)
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            double[] out = new double[4];
            for (int i = 0; i < 4; i++) {
                out[i] = Long.parseLong(fields[11 + i]) / TICKS_PER_SECOND; // utime, stime, cutime, cstime
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return new double[4];
        }
    }
}
