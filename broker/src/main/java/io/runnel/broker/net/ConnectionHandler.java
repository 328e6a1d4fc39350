package io.runnel.broker.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.runnel.broker.ServerContext;
import io.runnel.broker.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Connects one Netty channel to its {@link ClientSession}: every read is decoded at once, and the
 * decoded commands run when the read burst is complete, so that a pipeline arriving in one read
 * is executed and answered as a batch.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private final ServerContext server;
    private ClientSession session;

    ConnectionHandler(ServerContext server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (server.clients().count() >= server.config().getLong("maxclients")) {
            server.stats().connectionRejected();
            ctx.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer("-ERR max number of clients reached\r\n",
                    java.nio.charset.StandardCharsets.US_ASCII)).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            return;
        }
        server.stats().connectionAccepted();
        session = new ClientSession(server, ctx.channel());
        server.clients().add(session);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (session != null) {
                session.onRead(buf);
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (session != null) {
            session.drive();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (session != null) {
            session.updateReading();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            session.closed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.warn("closing connection after unexpected error", cause);
        }
        ctx.close();
    }
}
