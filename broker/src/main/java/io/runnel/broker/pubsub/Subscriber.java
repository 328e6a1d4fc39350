package io.runnel.broker.pubsub;

/**
 * A client subscribed to a channel or pattern, as the channel entities, the pattern router and
 * publishers see it. A publisher encodes a message once per protocol and every subscriber takes
 * a share of the same bytes; nothing is copied per subscriber.
 */
public interface Subscriber {

    long id();

    /** Delivers a message; the subscriber takes its share in its protocol. Callable from any thread. */
    void deliver(PushFrame frame);

    /** True once the client has gone: the entity then forgets it. */
    boolean gone();
}
