package io.runnel.broker.stream;

import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job queue on a consumer group where workers crash: they read jobs and vanish without
 * acknowledging some of them; a surviving worker recovers those with XAUTOCLAIM once they have
 * been idle long enough. In the end every job is acknowledged, none twice, and the pending
 * list is empty.
 */
class CrashRecoveryScenarioTest {

    private static final Pattern ID = Pattern.compile("\\$\\d+\\r\\n(\\d+-\\d+)\\r\\n\\*2\\r\\n");

    private static List<String> ids(byte[] reply) {
        List<String> out = new ArrayList<>();
        Matcher m = ID.matcher(new String(reply, StandardCharsets.UTF_8));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void jobsOfCrashedWorkersAreClaimedAndFinishedExactlyOnce() throws Exception {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("CrashRecoveryScenarioTest seed=" + seed);
        Random random = new Random(seed);
        int jobs = 300;
        String queue = "crash:jobs";
        try (RawClient admin = new RawClient(RunnelTestServer.port())) {
            admin.callText("DEL", queue);
            admin.callText("XGROUP", "CREATE", queue, "workers", "$", "MKSTREAM");
            for (int i = 0; i < jobs; i++) {
                admin.callText("XADD", queue, "*", "job", Integer.toString(i));
            }
            Set<String> acknowledged = new HashSet<>();
            // three workers read batches; each crashes after acknowledging only part of them
            for (int w = 0; w < 3; w++) {
                try (RawClient worker = new RawClient(RunnelTestServer.port())) {
                    for (int batch = 0; batch < 5; batch++) {
                        List<String> got = ids(worker.call("XREADGROUP", "GROUP", "workers", "w" + w, "COUNT", "10",
                                "STREAMS", queue, ">"));
                        for (String id : got) {
                            if (random.nextInt(3) != 0) {
                                assertEquals(":1\r\n", worker.callText("XACK", queue, "workers", id));
                                assertTrue(acknowledged.add(id), id + " acknowledged twice");
                            }
                        }
                    }
                } // the worker's connection closes: it crashed with jobs still pending
            }
            Thread.sleep(20); // let the crashed workers' jobs become idle
            try (RawClient survivor = new RawClient(RunnelTestServer.port())) {
                String cursor = "0-0";
                do {
                    byte[] reply = survivor.call("XAUTOCLAIM", queue, "workers", "survivor", "10", cursor, "COUNT", "7");
                    String text = new String(reply, StandardCharsets.UTF_8);
                    Matcher next = Pattern.compile("^\\*3\\r\\n\\$\\d+\\r\\n(\\d+-\\d+)").matcher(text);
                    assertTrue(next.find(), text);
                    cursor = next.group(1);
                    // the claimed entries follow the cursor (which must not be read as an entry)
                    byte[] claimed = text.substring(next.end()).getBytes(StandardCharsets.UTF_8);
                    for (String id : ids(claimed)) {
                        survivor.callText("XACK", queue, "workers", id);
                        assertTrue(acknowledged.add(id), id + " recovered but already acknowledged");
                    }
                } while (!cursor.equals("0-0"));
                // then the survivor takes what nobody has read yet
                List<String> rest;
                do {
                    rest = ids(survivor.call("XREADGROUP", "GROUP", "workers", "survivor", "COUNT", "50", "STREAMS", queue, ">"));
                    for (String id : rest) {
                        survivor.callText("XACK", queue, "workers", id);
                        assertTrue(acknowledged.add(id), id + " delivered twice");
                    }
                } while (!rest.isEmpty());
                assertEquals(jobs, acknowledged.size());
                assertEquals("*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n", survivor.callText("XPENDING", queue, "workers"));
            }
        }
    }
}
