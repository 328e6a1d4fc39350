package io.runnel.loadtests;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shape the queue benchmarks share: producers that each send their share of the messages,
 * consumers that each receive until all were delivered and record how long each took, every one
 * on its own connection; then the throughput and latency report.
 */
final class QueueRun {

    /** Sends message number {@code index} (of this producer's share) on its connection. */
    interface Producer {
        void send(MiniClient client, int index) throws Exception;
    }

    /** Receives once on its connection; records latencies and returns how many messages it took (0 on a timeout). */
    interface Consumer {
        int receive(MiniClient client, int consumer, Latencies latencies) throws Exception;
    }

    private QueueRun() {
    }

    static void run(int port, int messages, int producers, int consumers, Producer producer, Consumer consumer)
            throws InterruptedException {
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
                        producer.send(client, i);
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
                        delivered.addAndGet(consumer.receive(client, index, mine));
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
        Latencies.report(latencies, (System.nanoTime() - start) / 1e9);
    }
}
