package io.runnel.loadtests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Pub/sub delivery: one publisher sends messages stamped with their send time, pipelined 50 at
 * a time, to subscribers on their own connections. Shapes:
 * <ul>
 *   <li>{@code fanout N}: one channel, N subscribers, every message reaches all of them;</li>
 *   <li>{@code channels N}: N channels with one subscriber each, published round robin;</li>
 *   <li>{@code patterns N}: N subscribers of one pattern each, published round robin to
 *       channels matching one pattern each.</li>
 * </ul>
 * Prints delivered messages, delivered messages per second and p50 / p99 publish-to-delivery
 * latency in ms.
 *
 *   java ... PubSubFanoutBenchmark port shape N messages
 */
public final class PubSubFanoutBenchmark {

    private static final int PIPELINE = 50;
    private static final String PADDING = "-payload-0123456789012345678901234567890123456789";

    private PubSubFanoutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String shape = args[1];
        int n = Integer.parseInt(args[2]);
        int messages = Integer.parseInt(args[3]);
        boolean fanout = shape.equals("fanout");
        int perSubscriber = fanout ? messages : messages / n;
        int published = fanout ? messages : perSubscriber * n;

        long[][] latencies = new long[n][perSubscriber];
        CountDownLatch subscribed = new CountDownLatch(n);
        CountDownLatch done = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int index = s;
            threads.add(new Thread(() -> {
                try (MiniClient client = new MiniClient(port)) {
                    switch (shape) {
                        case "fanout" -> client.call("SUBSCRIBE", "bench:fanout");
                        case "channels" -> client.call("SUBSCRIBE", "bench:ch:" + index);
                        default -> client.call("PSUBSCRIBE", "bench:p" + index + ":*");
                    }
                    subscribed.countDown();
                    for (int i = 0; i < perSubscriber; i++) {
                        List<?> push = (List<?>) client.read();
                        long now = System.nanoTime();
                        byte[] payload = (byte[]) push.get(push.size() - 1);
                        String text = new String(payload, StandardCharsets.US_ASCII);
                        latencies[index][i] = now - Long.parseLong(text.substring(0, text.indexOf('-')));
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }));
        }
        threads.forEach(Thread::start);
        subscribed.await();
        long start = System.nanoTime();
        try (MiniClient publisher = new MiniClient(port)) {
            int inFlight = 0;
            for (int i = 0; i < published; i++) {
                String channel = switch (shape) {
                    case "fanout" -> "bench:fanout";
                    case "channels" -> "bench:ch:" + (i % n);
                    default -> "bench:p" + (i % n) + ":x";
                };
                publisher.send("PUBLISH", channel, System.nanoTime() + PADDING);
                if (++inFlight == PIPELINE) {
                    publisher.flush();
                    for (; inFlight > 0; inFlight--) {
                        publisher.read();
                    }
                }
            }
            publisher.flush();
            for (; inFlight > 0; inFlight--) {
                publisher.read();
            }
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = new long[n * perSubscriber];
        for (int s = 0; s < n; s++) {
            System.arraycopy(latencies[s], 0, all, s * perSubscriber, perSubscriber);
        }
        Arrays.sort(all);
        System.out.printf("%d %.0f %.3f %.3f%n", all.length, all.length / seconds, all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6);
    }
}
