package io.runnel.broker.commands;

import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelClientCase;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XREADGROUP CLAIM (Redis 8.2): newer than the reference redis-server, so these scenarios
 * assert what Redis's own test suite expects. Entries come as [id, fields, idle ms, earlier
 * deliveries]; idle pending entries are taken over before new ones are read.
 */
class StreamClaimReadReferenceTest extends RunnelClientCase {

    private static final Pattern ENTRY = Pattern.compile(
            "\\*4\\r\\n\\$\\d+\\r\\n(\\d+-\\d+)\\r\\n\\*2\\r\\n\\$1\\r\\nf\\r\\n\\$\\d+\\r\\n(\\w+)\\r\\n:(\\d+)\\r\\n:(\\d+)\\r\\n");

    @BeforeEach
    void prepare() throws Exception {
        r.callText("DEL", "mystream");
        r.callText("XADD", "mystream", "1-0", "f", "v1");
        r.callText("XADD", "mystream", "2-0", "f", "v2");
        r.callText("XGROUP", "CREATE", "mystream", "group1", "0");
    }

    /** Each entry of a CLAIM reply as "id value idle count". */
    private String[] entries(String... command) throws Exception {
        Matcher m = ENTRY.matcher(new String(r.call(command), StandardCharsets.UTF_8));
        java.util.List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
        }
        return out.toArray(new String[0]);
    }

    @Test
    void idlePendingEntriesAreClaimedBeforeNewOnes() throws Exception {
        r.callText("XREADGROUP", "GROUP", "group1", "consumer1", "COUNT", "1", "STREAMS", "mystream", ">");
        Thread.sleep(80);
        String[] got = entries("XREADGROUP", "GROUP", "group1", "consumer2", "CLAIM", "50", "STREAMS", "mystream", ">");
        assertEquals(2, got.length);
        String[] claimed = got[0].split(" ");
        assertEquals("1-0", claimed[0]);
        assertEquals("v1", claimed[1]);
        assertTrue(Long.parseLong(claimed[2]) >= 50, "idle " + claimed[2]);
        assertEquals("1", claimed[3], "deliveries before this claim");
        assertEquals("2-0 v2 0 0", got[1], "a new entry: no idle time, no earlier delivery");
        String pending = r.callText("XPENDING", "mystream", "group1", "-", "+", "10");
        assertTrue(pending.contains("$9\r\nconsumer2\r\n"), pending);
        assertTrue(pending.startsWith("*2\r\n*4\r\n$3\r\n1-0\r\n$9\r\nconsumer2\r\n:") && pending.contains(":2\r\n*4"), pending);
    }

    @Test
    void entriesNotIdleLongEnoughStayWhereTheyAre() throws Exception {
        r.callText("XREADGROUP", "GROUP", "group1", "consumer1", "STREAMS", "mystream", ">");
        assertEquals("*-1\r\n", r.callText("XREADGROUP", "GROUP", "group1", "consumer2", "CLAIM", "10000", "STREAMS", "mystream", ">"));
    }

    @Test
    void countLimitsClaimedAndNewEntriesTogether() throws Exception {
        r.callText("XADD", "mystream", "3-0", "f", "v3");
        r.callText("XREADGROUP", "GROUP", "group1", "consumer1", "STREAMS", "mystream", ">");
        Thread.sleep(80);
        String[] got = entries("XREADGROUP", "GROUP", "group1", "consumer2", "COUNT", "2", "CLAIM", "50", "STREAMS", "mystream", ">");
        assertEquals(2, got.length);
        assertTrue(got[0].startsWith("1-0 v1 ") && got[0].endsWith(" 1"));
        assertTrue(got[1].startsWith("2-0 v2 ") && got[1].endsWith(" 1"));
    }

    @Test
    void withNothingPendingNewEntriesComeWithZeroes() throws Exception {
        String[] got = entries("XREADGROUP", "GROUP", "group1", "consumer1", "CLAIM", "100", "STREAMS", "mystream", ">");
        assertEquals(2, got.length);
        assertEquals("1-0 v1 0 0", got[0]);
        assertEquals("2-0 v2 0 0", got[1]);
    }

    @Test
    void deliveryCountsGrowWithEveryClaim() throws Exception {
        r.callText("DEL", "mystream");
        r.callText("XADD", "mystream", "1-0", "f", "v1");
        r.callText("XGROUP", "CREATE", "mystream", "group1", "0");
        r.callText("XREADGROUP", "GROUP", "group1", "consumer1", "STREAMS", "mystream", ">");
        String[] consumers = {"consumer2", "consumer3", "consumer3", "consumer3", "consumer4", "consumer5"};
        long[] reported = {1, 2, 3, 4, 5, 6};
        for (int i = 0; i < consumers.length; i++) {
            Thread.sleep(60);
            String[] got = entries("XREADGROUP", "GROUP", "group1", consumers[i], "CLAIM", "50", "STREAMS", "mystream", ">");
            assertEquals(1, got.length);
            assertEquals(Long.toString(reported[i]), got[0].split(" ")[3], "claim " + (i + 1));
        }
    }

    @Test
    void deletedEntriesAreNotClaimed() throws Exception {
        r.callText("DEL", "mystream");
        r.callText("XADD", "mystream", "1-0", "f", "v1");
        r.callText("XDEL", "mystream", "1-0");
        r.callText("XGROUP", "CREATE", "mystream", "group1", "0");
        assertEquals("*-1\r\n", r.callText("XREADGROUP", "GROUP", "group1", "consumer1", "CLAIM", "100", "STREAMS", "mystream", ">"));
    }

    @Test
    void aBlockedClaimReaderIsServedWhenAnEntryBecomesIdleEnough() throws Exception {
        r.callText("XREADGROUP", "GROUP", "group1", "consumer1", "STREAMS", "mystream", ">");
        long start = System.nanoTime();
        String[] got = entries("XREADGROUP", "GROUP", "group1", "consumer2", "BLOCK", "5000", "CLAIM", "300", "STREAMS",
                "mystream", ">");
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2, got.length, "both pending entries became claimable while it waited");
        assertTrue(waited >= 250 && waited < 4000, "waited " + waited + " ms");
    }

    @Test
    void aBlockedClaimReaderWakesForANewEntryBeforeAnyIsIdleEnough() throws Exception {
        r.callText("XREADGROUP", "GROUP", "group1", "consumer1", "STREAMS", "mystream", ">");
        try (RawClient reader = new RawClient(RunnelTestServer.port())) {
            reader.send(RawClient.encode(RawClient.bytes("XREADGROUP", "GROUP", "group1", "consumer2", "BLOCK", "5000",
                    "CLAIM", "100000", "STREAMS", "mystream", ">")));
            for (int i = 0; i < 500 && !r.callText("INFO", "clients").contains("blocked_clients:1"); i++) {
                Thread.sleep(10);
            }
            r.callText("XADD", "mystream", "3-0", "f", "v3");
            Matcher m = ENTRY.matcher(new String(reader.readReply(), StandardCharsets.UTF_8));
            assertTrue(m.find());
            assertEquals("3-0 v3 0 0", m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
        }
    }
}
