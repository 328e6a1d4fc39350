package io.runnel.broker.command;

import java.util.concurrent.atomic.LongAdder;

/** Per-command counters for INFO commandstats. */
public final class CommandStats {

    private final LongAdder calls = new LongAdder();
    private final LongAdder micros = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();

    public void record(long nanos, boolean error) {
        calls.increment();
        micros.add(nanos / 1000);
        if (error) {
            failed.increment();
        }
    }

    public void rejected() {
        rejected.increment();
    }

    public long calls() {
        return calls.sum();
    }

    public long micros() {
        return micros.sum();
    }

    public long rejectedCalls() {
        return rejected.sum();
    }

    public long failedCalls() {
        return failed.sum();
    }

    public void reset() {
        calls.reset();
        micros.reset();
        rejected.reset();
        failed.reset();
    }
}
