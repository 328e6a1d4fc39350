package io.runnel.broker.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.runnel.broker.ServerContext;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TCP front door: Netty with native epoll where available (NIO otherwise).
 */
public final class Gateway implements AutoCloseable {

    private final ServerContext server;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;
    private final List<Channel> listeners = new ArrayList<>();

    public Gateway(ServerContext server, int ioThreads) {
        this.server = server;
        if (Epoll.isAvailable()) {
            acceptors = new EpollEventLoopGroup(1);
            EpollEventLoopGroup loops = new EpollEventLoopGroup(ioThreads);
            loops.setIoRatio(100);
            workers = loops;
            channelType = EpollServerSocketChannel.class;
        } else {
            acceptors = new NioEventLoopGroup(1);
            workers = new NioEventLoopGroup(ioThreads);
            channelType = NioServerSocketChannel.class;
        }
    }

    /** Binds every address of {@code bind} on {@code port}; returns the port actually bound. */
    public int bind(List<String> addresses, int port) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, server.config().getInt("tcp-backlog"))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, server.config().getInt("tcp-keepalive") > 0)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ConnectionHandler(server));
                    }
                });
        int bound = port;
        for (String address : addresses) {
            String host = address.startsWith("-") ? address.substring(1) : address;
            Channel channel = bootstrap.bind(new InetSocketAddress(host, bound)).sync().channel();
            listeners.add(channel);
            bound = ((InetSocketAddress) channel.localAddress()).getPort();
        }
        return bound;
    }

    public boolean nativeTransport() {
        return channelType == EpollServerSocketChannel.class;
    }

    /** The I/O event loops; the keyspace entities run on them too. */
    public EventLoopGroup workers() {
        return workers;
    }

    /** Stops accepting connections; open connections keep being served. */
    public void stopListening() {
        listeners.forEach(Channel::close);
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stopListening();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
