package io.runnel.broker.pubsub;

/**
 * One client's subscription to one channel, pattern or shard channel: what channel entities and
 * the pattern router hold, and what each message pushed to the client carries.
 *
 * <p>Publishers deliver from their own threads, so a message can still be on its way while the
 * client unsubscribes. The client's event loop cancels the subscription when it unsubscribes and
 * drops, when writing, every message of a cancelled subscription: no message of a channel ever
 * follows the confirmation that the client left it.
 */
public final class Subscription implements Subscriber {

    /** The client side: where messages go. */
    public interface Sink {
        long id();

        /** The client's protocol now: 2 or 3. */
        int protocol();

        boolean gone();

        /** Queues a message for the client, which writes or releases it; callable from any thread. */
        void push(Subscription from, io.netty.buffer.ByteBuf frame);
    }

    private final Sink sink;
    /** Read and written only on the client's event loop. */
    private boolean cancelled;

    public Subscription(Sink sink) {
        this.sink = sink;
    }

    @Override
    public long id() {
        return sink.id();
    }

    @Override
    public void deliver(PushFrame frame) {
        sink.push(this, frame.share(sink.protocol()));
    }

    @Override
    public boolean gone() {
        return sink.gone();
    }

    /** On the client's event loop only. */
    public void cancel() {
        cancelled = true;
    }

    /** On the client's event loop only. */
    public boolean cancelled() {
        return cancelled;
    }
}
