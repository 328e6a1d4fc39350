package io.runnel.broker.session;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.pubsub.Subscription;

import java.util.ArrayDeque;

/**
 * The out-of-band messages queued for one client by any thread, until its event loop writes
 * them: producers add under a lock, the loop takes everything queued so far in one swap. The
 * two deques change places, so a producer never adds to the one being drained, and a burst
 * costs one task on the loop.
 */
final class PushQueue {

    /** Stands for "no subscription" in the deque, which holds subscription, frame, subscription, frame, ... */
    private static final Object NO_SUBSCRIPTION = new Object();

    /** Guards {@link #queued}, {@link #taken} and {@link #drainScheduled}, not the deques' contents. */
    private final Object lock = new Object();
    private ArrayDeque<Object> queued = new ArrayDeque<>();
    private ArrayDeque<Object> taken = new ArrayDeque<>();
    private boolean drainScheduled;

    /** Queues a frame (of {@code from}, or of no subscription); true when the caller must schedule a drain. */
    boolean add(Subscription from, ByteBuf frame) {
        synchronized (lock) {
            queued.add(from == null ? NO_SUBSCRIPTION : from);
            queued.add(frame);
            boolean schedule = !drainScheduled;
            drainScheduled = true;
            return schedule;
        }
    }

    /** What writes one taken frame. */
    @FunctionalInterface
    interface Writer {
        /** Writes the frame or releases it; returns the bytes written. */
        int write(Subscription from, ByteBuf frame);
    }

    /** Takes every frame queued so far, in order, through {@code writer}; returns the bytes written. */
    long drain(Writer writer) {
        ArrayDeque<Object> batch;
        synchronized (lock) {
            batch = queued;
            queued = taken;
            taken = batch;
            drainScheduled = false;
        }
        long written = 0;
        while (!batch.isEmpty()) {
            Object from = batch.poll();
            written += writer.write(from instanceof Subscription subscription ? subscription : null, (ByteBuf) batch.poll());
        }
        return written;
    }
}
