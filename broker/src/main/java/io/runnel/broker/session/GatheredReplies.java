package io.runnel.broker.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

/**
 * A client's small replies written since the last flush, gathered in one buffer: a pipeline of
 * commands that each ran alone (keys in different entities) then costs the channel one write,
 * not one per reply. Replies above {@link #LIMIT} go out as they are, after the gathered ones.
 * Used on the client's event loop only.
 */
final class GatheredReplies {

    /** Replies up to this size are copied; larger ones are handed to the channel uncopied. */
    static final int LIMIT = 8 * 1024;
    private static final int INITIAL = 1024;

    private final Channel channel;
    private ByteBuf gathered;

    GatheredReplies(Channel channel) {
        this.channel = channel;
    }

    void write(byte[] reply) {
        if (reply.length > LIMIT) {
            handOver();
            channel.write(Unpooled.wrappedBuffer(reply), channel.voidPromise());
            return;
        }
        if (gathered == null) {
            gathered = channel.alloc().ioBuffer(Math.max(INITIAL, reply.length));
        }
        gathered.writeBytes(reply);
    }

    /** Hands what is gathered to the channel: before a flush, and before anything else is written to it. */
    void handOver() {
        ByteBuf replies = gathered;
        if (replies != null) {
            gathered = null;
            channel.write(replies, channel.voidPromise());
        }
    }

    /** The client has gone: what was gathered will never be sent. */
    void release() {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
    }
}
