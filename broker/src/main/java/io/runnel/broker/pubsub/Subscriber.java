package io.runnel.broker.pubsub;

/**
 * A client subscribed to channels, as a channel entity sees it. The entity encodes a message
 * once per protocol and hands the same bytes to every subscriber; nothing is copied per
 * subscriber.
 */
public interface Subscriber {

    long id();

    /** Delivers a message already encoded for RESP2 and for RESP3; the subscriber picks one. */
    void deliver(byte[] resp2, byte[] resp3);

    /** True once the client has gone: the entity then forgets it. */
    boolean gone();
}
