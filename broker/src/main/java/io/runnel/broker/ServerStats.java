package io.runnel.broker;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters reported by INFO stats, clients and errorstats. */
public final class ServerStats {

    /** Like Redis, errorstats stops tracking new error codes beyond this many distinct ones. */
    static final int MAX_ERROR_CODES = 128;
    public static final int SAMPLE_PERIOD_MS = InstantaneousMetric.PERIOD_MS;

    private final LongAdder connectionsReceived = new LongAdder();
    private final LongAdder connectionsRejected = new LongAdder();
    private final LongAdder commandsProcessed = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder errorReplies = new LongAdder();
    private final LongAdder readsProcessed = new LongAdder();
    private final LongAdder writesProcessed = new LongAdder();
    private final AtomicLong blockedClients = new AtomicLong();
    private final AtomicLong usedMemoryPeak = new AtomicLong();
    private final ConcurrentHashMap<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
    private final InstantaneousMetric opsPerSecond = new InstantaneousMetric();
    private final InstantaneousMetric inputBytesPerSecond = new InstantaneousMetric();
    private final InstantaneousMetric outputBytesPerSecond = new InstantaneousMetric();

    public void connectionAccepted() {
        connectionsReceived.increment();
    }

    public void connectionRejected() {
        connectionsRejected.increment();
    }

    public void commandsProcessed(int count) {
        commandsProcessed.add(count);
    }

    public void bytesIn(long count) {
        bytesIn.add(count);
        readsProcessed.increment();
    }

    public void bytesOut(long count) {
        bytesOut.add(count);
    }

    /** One flush of replies to a client's socket. */
    public void writeProcessed() {
        writesProcessed.increment();
    }

    /**
     * Counts one error reply: {@code errorLine} is the reply without its leading '-', whose first
     * word is the error code that errorstats groups by ("ERR", "WRONGTYPE", "NOAUTH", ...).
     */
    public void errorReply(String errorLine) {
        errorReplies.increment();
        int space = errorLine.indexOf(' ');
        String code = space < 0 ? errorLine : errorLine.substring(0, space);
        LongAdder counter = errorsByCode.get(code);
        if (counter == null) {
            if (errorsByCode.size() >= MAX_ERROR_CODES) {
                return;
            }
            counter = errorsByCode.computeIfAbsent(code, c -> new LongAdder());
        }
        counter.increment();
    }

    public void clientBlocked() {
        blockedClients.incrementAndGet();
    }

    public void clientUnblocked() {
        blockedClients.decrementAndGet();
    }

    public long blockedClients() {
        return blockedClients.get();
    }

    public long connectionsReceived() {
        return connectionsReceived.sum();
    }

    public long connectionsRejected() {
        return connectionsRejected.sum();
    }

    public long commandsProcessed() {
        return commandsProcessed.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long errorReplies() {
        return errorReplies.sum();
    }

    public long readsProcessed() {
        return readsProcessed.sum();
    }

    public long writesProcessed() {
        return writesProcessed.sum();
    }

    /** Error counts by code, in code order. */
    public Map<String, Long> errorsByCode() {
        Map<String, Long> out = new TreeMap<>();
        errorsByCode.forEach((code, count) -> out.put(code, count.sum()));
        return out;
    }

    /** Takes one sample of the running totals; called every {@link InstantaneousMetric#PERIOD_MS} ms. */
    public void sample(long nowMillis) {
        usedMemory();
        opsPerSecond.sample(nowMillis, commandsProcessed());
        inputBytesPerSecond.sample(nowMillis, bytesIn());
        outputBytesPerSecond.sample(nowMillis, bytesOut());
    }

    /** The heap in use now, which INFO reports as used_memory; also updates the peak. */
    public long usedMemory() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        usedMemoryPeak.accumulateAndGet(used, Math::max);
        return used;
    }

    /** The most heap seen in use by a sample or an INFO. */
    public long usedMemoryPeak() {
        return usedMemoryPeak.get();
    }

    public long instantaneousOpsPerSecond() {
        return opsPerSecond.perSecond();
    }

    public double instantaneousInputKbps() {
        return inputBytesPerSecond.perSecond() / 1024.0;
    }

    public double instantaneousOutputKbps() {
        return outputBytesPerSecond.perSecond() / 1024.0;
    }

    public void reset() {
        connectionsReceived.reset();
        connectionsRejected.reset();
        commandsProcessed.reset();
        bytesIn.reset();
        bytesOut.reset();
        errorReplies.reset();
        readsProcessed.reset();
        writesProcessed.reset();
        errorsByCode.clear();
        opsPerSecond.reset();
        inputBytesPerSecond.reset();
        outputBytesPerSecond.reset();
    }

    /**
     * A rate over the last samples of a running total, as Redis computes its instantaneous
     * metrics: each sample is the increase since the previous one scaled to a second, and the
     * rate is the mean of the last {@value #SAMPLES} samples.
     */
    static final class InstantaneousMetric {

        static final int PERIOD_MS = 100;
        static final int SAMPLES = 16;

        private final long[] rates = new long[SAMPLES];
        private int next;
        private long lastTotal = -1;
        private long lastMillis;

        synchronized void sample(long nowMillis, long total) {
            if (lastTotal >= 0 && nowMillis > lastMillis && total >= lastTotal) {
                rates[next] = (total - lastTotal) * 1000 / (nowMillis - lastMillis);
                next = (next + 1) % SAMPLES;
            }
            lastTotal = total;
            lastMillis = nowMillis;
        }

        synchronized long perSecond() {
            long sum = 0;
            for (long rate : rates) {
                sum += rate;
            }
            return sum / SAMPLES;
        }

        synchronized void reset() {
            java.util.Arrays.fill(rates, 0);
            lastTotal = -1;
        }
    }
}
