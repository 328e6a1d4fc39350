package io.runnel.loadtests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end-to-end job-queue shape on streams: producers XADD entries stamped with their send
 * time; consumers of one group read with XREADGROUP COUNT 100 BLOCK and acknowledge each batch
 * with one XACK. Reports delivered messages per second and the p50 / p99 time from XADD to
 * delivery.
 *
 *   java ... StreamPipelineBenchmark port messages producers consumers
 */
public final class StreamPipelineBenchmark {

    private StreamPipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int messages = Integer.parseInt(args[1]);
        int producers = Integer.parseInt(args[2]);
        int consumers = Integer.parseInt(args[3]);
        String stream = "bench:pipeline";
        try (MiniClient admin = new MiniClient(port)) {
            admin.call("DEL", stream);
            admin.call("XGROUP", "CREATE", stream, "workers", "$", "MKSTREAM");
        }
        AtomicLong delivered = new AtomicLong();
        List<Latencies> latencies = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(producers + consumers);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < producers; p++) {
            int share = messages / producers + (p < messages % producers ? 1 : 0);
            threads.add(new Thread(() -> {
                try (MiniClient client = new MiniClient(port)) {
                    for (int i = 0; i < share; i++) {
                        client.call("XADD", stream, "*", "sent", Long.toString(System.nanoTime()), "payload", "job-payload-0123456789");
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }));
        }
        for (int c = 0; c < consumers; c++) {
            int index = c;
            Latencies mine = new Latencies();
            latencies.add(mine);
            threads.add(new Thread(() -> {
                try (MiniClient client = new MiniClient(port)) {
                    while (delivered.get() < messages) {
                        Object reply = client.call("XREADGROUP", "GROUP", "workers", "c" + index, "COUNT", "100", "BLOCK", "100",
                                "STREAMS", stream, ">");
                        if (reply == null) {
                            continue;
                        }
                        long now = System.nanoTime();
                        List<?> entries = (List<?>) ((List<?>) ((List<?>) reply).get(0)).get(1);
                        Object[] ack = new Object[3 + entries.size()];
                        ack[0] = "XACK";
                        ack[1] = stream;
                        ack[2] = "workers";
                        int n = 3;
                        for (Object e : entries) {
                            List<?> entry = (List<?>) e;
                            ack[n++] = entry.get(0);
                            List<?> fields = (List<?>) entry.get(1);
                            long sent = Long.parseLong(new String((byte[]) fields.get(1), StandardCharsets.US_ASCII));
                            mine.record(now - sent);
                        }
                        client.call(ack);
                        delivered.addAndGet(entries.size());
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
