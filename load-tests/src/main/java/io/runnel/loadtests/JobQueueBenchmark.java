package io.runnel.loadtests;

import java.nio.charset.StandardCharsets;
import java.util.List;

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
        QueueRun.run(port, jobs, producers, workers, (client, index) -> {
            String sent = Long.toString(System.nanoTime());
            if (sorted) {
                client.call("ZADD", queue, sent, sent);
            } else {
                client.call("LPUSH", queue, sent);
            }
        }, (client, worker, latencies) -> {
            Object reply = client.call(sorted ? "BZPOPMIN" : "BRPOP", queue, "0.1");
            if (reply == null) {
                return 0;
            }
            long sent = Long.parseLong(new String((byte[]) ((List<?>) reply).get(1), StandardCharsets.US_ASCII));
            latencies.record(System.nanoTime() - sent);
            return 1;
        });
    }
}
