package io.runnel.loadtests;

import java.util.ArrayList;
import java.util.List;

/**
 * MULTI/EXEC of several SETs on keys spread over the keyspace (different hash slots, so
 * different entities in Runnel): each client sends MULTI, the SETs and EXEC in one write and
 * reads the replies, again and again. Reports transactions per second and the p50 / p99 time of
 * one transaction, as "count rate p50-ms p99-ms".
 *
 *   java ... TransactionBenchmark port transactions clients [sets-per-transaction [tagged]]
 */
public final class TransactionBenchmark {

    private TransactionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int transactions = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        int sets = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        // "tagged": the keys of one client share a hash tag, so one entity holds them all
        boolean tagged = args.length > 4 && args[4].equals("tagged");
        List<Latencies> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Latencies seen = new Latencies();
            latencies.add(seen);
            int client = c;
            int count = transactions / clients;
            threads.add(new Thread(() -> {
                try (MiniClient redis = new MiniClient(port)) {
                    for (int t = 0; t < count; t++) {
                        long began = System.nanoTime();
                        redis.send("MULTI");
                        for (int k = 0; k < sets; k++) {
                            String key = tagged ? "bench:tx:{" + client + "}:" + k : "bench:tx:" + k + ":" + client;
                            redis.send("SET", key, Integer.toString(t));
                        }
                        redis.send("EXEC");
                        redis.flush();
                        for (int r = 0; r < sets + 2; r++) {
                            redis.read();
                        }
                        seen.record(System.nanoTime() - began);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        Latencies.report(latencies, (System.nanoTime() - start) / 1e9);
    }
}
