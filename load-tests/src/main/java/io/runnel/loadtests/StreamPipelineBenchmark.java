package io.runnel.loadtests;

import java.nio.charset.StandardCharsets;
import java.util.List;

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
        QueueRun.run(port, messages, producers, consumers,
                (client, index) -> client.call("XADD", stream, "*", "sent", Long.toString(System.nanoTime()), "payload",
                        "job-payload-0123456789"),
                (client, consumer, latencies) -> {
                    Object reply = client.call("XREADGROUP", "GROUP", "workers", "c" + consumer, "COUNT", "100", "BLOCK", "100",
                            "STREAMS", stream, ">");
                    if (reply == null) {
                        return 0;
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
                        latencies.record(now - sent);
                    }
                    client.call(ack);
                    return entries.size();
                });
    }
}
