package io.runnel.broker.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.runnel.protocol.RespWriter;

/**
 * One published message, encoded once per protocol into direct memory that every subscriber
 * shares: each subscriber gets a duplicate (its own read position over the same bytes), so a
 * fan-out to N clients holds one copy of the payload however many clients still have it
 * queued, and the socket writes read it in place. Made and used by the publishing thread; the
 * bytes are freed when the last subscriber has written them.
 */
public final class PushFrame {

    private final byte[] word;
    private final byte[] pattern;
    private final byte[] channel;
    private final byte[] message;
    private ByteBuf resp2;
    private ByteBuf resp3;

    /** A "message"/"smessage" push ({@code pattern} null) or a "pmessage" push. */
    public PushFrame(byte[] word, byte[] pattern, byte[] channel, byte[] message) {
        this.word = word;
        this.pattern = pattern;
        this.channel = channel;
        this.message = message;
    }

    /** A reference of the subscriber's own to the frame in its protocol; it must be written or released. */
    public ByteBuf share(int protocol) {
        if (protocol >= 3) {
            if (resp3 == null) {
                resp3 = encode(3);
            }
            return resp3.retainedDuplicate();
        }
        if (resp2 == null) {
            resp2 = encode(2);
        }
        return resp2.retainedDuplicate();
    }

    /** Drops the publisher's own references, once every subscriber has taken its share. */
    public void release() {
        if (resp2 != null) {
            resp2.release();
        }
        if (resp3 != null) {
            resp3.release();
        }
    }

    /** The frame's bytes in one protocol (for tests and tools). */
    public byte[] bytes(int protocol) {
        RespWriter out = new RespWriter(protocol, 48 + (pattern == null ? 0 : pattern.length) + channel.length + message.length);
        out.push(pattern == null ? 3 : 4).bulk(word);
        if (pattern != null) {
            out.bulk(pattern);
        }
        out.bulk(channel).bulk(message);
        return out.toByteArray();
    }

    private ByteBuf encode(int protocol) {
        byte[] bytes = bytes(protocol);
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length, bytes.length);
        buffer.writeBytes(bytes);
        return buffer;
    }
}
