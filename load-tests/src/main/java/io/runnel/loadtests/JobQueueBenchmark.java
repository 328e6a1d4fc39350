package io.runnel.loadtests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job-queue shape: producers add jobs stamped with their send time, workers wait for one and
 * take one job per call. On a list, LPUSH and BRPOP; on a sorted set (a priority queue, the send
 * time as the score), ZADD and BZPOPMIN. Reports delivered jobs per second and the p50 / p99
 * time from sending to delivery.
 *
 *   java ... JobQueueBenchmark port jobs producers workers [list|zset]
 */
public final class JobQueueBenchmark {

    private JobQueueBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int jobs = Integer.parseInt(args[1]);
        int producers = Integer.parseInt(args[2]);
        int workers = Integer.parseInt(args[3]);
        boolean sorted = args.length > 4 && args[4].equals("zset");
        String queue = "bench:queue";
        try (MiniClient admin = new MiniClient(port)) {
            admin.call("DEL", queue);
        }
        AtomicLong delivered = new AtomicLong();
        List<Latencies> latencies = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(producers + workers);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < producers; p++) {
            int share = jobs / producers + (p < jobs % producers ? 1 : 0);
            threads.add(new Thread(() -> {
                try (MiniClient client = new MiniClient(port)) {
                    for (int i = 0; i < share; i++) {
                        String sent = Long.toString(System.nanoTime());
                        if (sorted) {
                            client.call("ZADD", queue, sent, sent);
                        } else {
                            client.call("LPUSH", queue, sent);
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }));
        }
        for (int w = 0; w < workers; w++) {
            Latencies mine = new Latencies();
            latencies.add(mine);
            threads.add(new Thread(() -> {
                try (MiniClient client = new MiniClient(port)) {
                    while (delivered.get() < jobs) {
                        Object reply = client.call(sorted ? "BZPOPMIN" : "BRPOP", queue, "0.1");
                        if (reply == null) {
                            continue;
                        }
                        long now = System.nanoTime();
                        long sent = Long.parseLong(new String((byte[]) ((List<?>) reply).get(1), StandardCharsets.US_ASCII));
                        mine.record(now - sent);
                        delivered.incrementAndGet();
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }));
        }
        threads.forEach(Thread::start);
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies.report(latencies, seconds);
    }
}
