package io.runnel.loadtests;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.runnel.protocol.DecoderLimits;
import io.runnel.protocol.ProtocolException;
import io.runnel.protocol.RespDecoder;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

import java.nio.charset.StandardCharsets;

/**
 * Two minimal servers that decode requests with Runnel's RespDecoder and answer +PONG to each:
 * one on Netty (epoll), one on Pekko Streams TCP. Benchmarked side by side to choose the gateway
 * transport: everything but the transport is the same.
 *
 *   java -cp ... io.runnel.loadtests.PingServers netty|pekko port
 */
public final class PingServers {

    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);

    private PingServers() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int threads = Runtime.getRuntime().availableProcessors();
        if (args[0].equals("netty")) {
            netty(port, threads);
        } else {
            pekko(port);
        }
        System.out.println("ready " + args[0] + " " + port);
        Thread.currentThread().join();
    }

    private static byte[] replies(RespDecoder decoder, byte[] data, int offset, int length) {
        int[] count = {0};
        try {
            decoder.decode(data, offset, length, argv -> count[0]++);
        } catch (ProtocolException e) {
            return ("-" + e.errorLine() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        byte[] out = new byte[count[0] * PONG.length];
        for (int i = 0; i < count[0]; i++) {
            System.arraycopy(PONG, 0, out, i * PONG.length, PONG.length);
        }
        return out;
    }

    private static void netty(int port, int threads) throws InterruptedException {
        new ServerBootstrap()
                .group(new EpollEventLoopGroup(1), new EpollEventLoopGroup(threads))
                .channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            private final RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT);
                            private byte[] scratch = new byte[64 * 1024];

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf buf = (ByteBuf) msg;
                                int length = buf.readableBytes();
                                if (scratch.length < length) {
                                    scratch = new byte[length];
                                }
                                buf.getBytes(buf.readerIndex(), scratch, 0, length);
                                byte[] out = replies(decoder, scratch, 0, length);
                                buf.release();
                                ctx.write(io.netty.buffer.Unpooled.wrappedBuffer(out), ctx.voidPromise());
                            }

                            @Override
                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                ctx.flush();
                            }
                        });
                    }
                })
                .bind("127.0.0.1", port).sync();
    }

    private static void pekko(int port) {
        ActorSystem system = ActorSystem.create("ping");
        Tcp.get(system).bind("127.0.0.1", port).runForeach(connection -> {
            RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT);
            connection.handleWith(Flow.of(ByteString.class).map(bytes -> {
                byte[] data = bytes.toArray();
                return ByteString.fromArrayUnsafe(replies(decoder, data, 0, data.length));
            }), system);
        }, system);
    }
}
