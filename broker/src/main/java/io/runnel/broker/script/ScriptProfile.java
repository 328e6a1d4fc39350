package io.runnel.broker.script;

/**
 * How long a script (or function) has run so far, which decides where it runs next. A script
 * whose recent runs have all been short runs inline in its entity's batch, on the entity's thread,
 * like any command: no lock table, no hand-over to a script thread. Otherwise it runs on a script
 * thread, where a long run leaves the server answering (BUSY, SCRIPT KILL); each long run makes
 * the number of short runs needed before inlining again twice as large (a pause of the JVM costs
 * a few runs, a script that is long now and then stays on the script threads). An inline run that
 * overruns before changing anything starts again on a script thread; one that has changed
 * something finishes where it is.
 */
public final class ScriptProfile {

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * The CPU time of the current thread: what a run costs, whatever else the machine does
     * meanwhile (a script thread waiting for a core would otherwise look long).
     */
    static long cpuTime() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** A run that took less CPU time than this is short. */
    private static final long SHORT_NANOS = 1_000_000;
    /** Short runs in a row needed at first; each long run doubles it, up to {@link #MOST_REQUIRED}. */
    private static final int FIRST_REQUIRED = 2;
    private static final int MOST_REQUIRED = 1 << 16;

    // written by whichever thread ran the script; a lost update under a race only moves the
    // decision by a run
    private volatile int shortRunsInARow;
    private volatile int required = FIRST_REQUIRED;

    void record(long nanos) {
        if (nanos > SHORT_NANOS) {
            shortRunsInARow = 0;
            required = Math.min(MOST_REQUIRED, required * 2); // a script that is sometimes long rarely runs inline
        } else if (shortRunsInARow < required) {
            shortRunsInARow++;
        }
    }

    /** Whether the last runs were short enough, in a row, for the next to run inline. */
    public boolean runsInline() {
        return shortRunsInARow >= required;
    }
}
