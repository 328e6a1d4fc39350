package io.runnel.broker.pubsub;

import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RedisServerProcess;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * client-output-buffer-limit pubsub: a subscriber that never reads is disconnected once its
 * unsent output passes the hard limit, or stays over the soft limit too long, while a reading
 * subscriber keeps receiving every message. Run against redis-server and Runnel alike, which
 * must behave the same.
 */
class SlowSubscriberTest {

    private static final int MESSAGES = 400;
    private static final String PAYLOAD = "x".repeat(16 * 1024);

    private static int port(String server) {
        return server.equals("redis") ? RedisServerProcess.shared().port() : RunnelTestServer.port();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "runnel"})
    void subscriberOverTheHardLimitIsDisconnectedWhileOthersReceiveAll(String server) throws Exception {
        run(server, "pubsub 1mb 0 0", "slow:hard");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "runnel"})
    void subscriberOverTheSoftLimitForLongIsDisconnected(String server) throws Exception {
        run(server, "pubsub 0 256kb 1", "slow:soft");
    }

    private static void run(String server, String limit, String channel) throws Exception {
        int port = port(server);
        try (RawClient admin = new RawClient(port)) {
            assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "client-output-buffer-limit", limit));
            try (Socket slow = new Socket(); RawClient reader = new RawClient(port); RawClient publisher = new RawClient(port)) {
                slow.setReceiveBufferSize(4096);
                slow.connect(new InetSocketAddress("127.0.0.1", port));
                slow.getOutputStream().write(RawClient.encode(RawClient.bytes("SUBSCRIBE", channel)));
                reader.call("SUBSCRIBE", channel);
                awaitSubscribers(admin, channel, 2);

                CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                    int count = 0;
                    try {
                        while (count < MESSAGES) {
                            String message = new String(reader.readReply(), StandardCharsets.US_ASCII);
                            assertTrue(message.endsWith(PAYLOAD + "\r\n"), "a whole message");
                            count++;
                        }
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                    return count;
                });
                for (int i = 0; i < MESSAGES; i++) {
                    publisher.call("PUBLISH", channel, PAYLOAD);
                    if (limit.contains(" 0 256kb ") && i == MESSAGES / 2) {
                        Thread.sleep(1500);
                    }
                }
                assertEquals(MESSAGES, received.get(30, TimeUnit.SECONDS), server + ": the reading subscriber got everything");
                awaitSubscribers(admin, channel, 1);
                assertTrue(closedByServer(slow), server + ": the slow subscriber was disconnected");
            } finally {
                admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
            }
        }
    }

    private static void awaitSubscribers(RawClient admin, String channel, int expected) throws Exception {
        String wanted = "*2\r\n$" + channel.length() + "\r\n" + channel + "\r\n:" + expected + "\r\n";
        String seen = "";
        for (int attempt = 0; attempt < 200 && !seen.equals(wanted); attempt++) {
            seen = admin.callText("PUBSUB", "NUMSUB", channel);
            if (!seen.equals(wanted)) {
                Thread.sleep(20);
            }
        }
        assertEquals(wanted, seen);
    }

    /** Drains what the server had sent and reports whether the stream ends (the server closed it). */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1 << 16];
        try {
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketException e) {
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }
}
