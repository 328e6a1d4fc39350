package io.runnel.broker;

import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters reported by INFO stats. */
public final class ServerStats {

    private final LongAdder connectionsReceived = new LongAdder();
    private final LongAdder connectionsRejected = new LongAdder();
    private final LongAdder commandsProcessed = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder errorReplies = new LongAdder();

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
    }

    public void bytesOut(long count) {
        bytesOut.add(count);
    }

    public void errorReply() {
        errorReplies.increment();
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

    public void reset() {
        connectionsReceived.reset();
        connectionsRejected.reset();
        commandsProcessed.reset();
        bytesIn.reset();
        bytesOut.reset();
        errorReplies.reset();
    }
}
