package io.runnel.broker.dump;

import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DUMP and RESTORE of a stream that uses Runnel's extensions (here a retention): its payload is
 * in Runnel's own form (type 250), which restores every entry, group, consumer, pending entry
 * and extension; Redis refuses it as bad data. Without extensions a stream dumps in Redis's form.
 */
class DumpStreamExtensionTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] payload(byte[] reply) {
        String head = new String(reply, 0, 12, StandardCharsets.ISO_8859_1);
        int lineEnd = head.indexOf("\r\n");
        byte[] payload = new byte[Integer.parseInt(head.substring(1, lineEnd))];
        System.arraycopy(reply, lineEnd + 2, payload, 0, payload.length);
        return payload;
    }

    @Test
    void aStreamRestoresWhole() throws Exception {
        try (RawClient r = new RawClient(RunnelTestServer.port())) {
            r.call("DEL", "dump:s", "dump:copy");
            for (int i = 1; i <= 20; i++) {
                r.call("XADD", "dump:s", i + "-1", "f", "v" + i);
            }
            r.call("XGROUP", "CREATE", "dump:s", "g", "0");
            r.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "5", "STREAMS", "dump:s", ">");
            assertEquals(19, payload(r.call("DUMP", "dump:s"))[0] & 0xFF, "Redis's form while the stream uses no extension");
            r.call("XRETENTION", "dump:s", "MAXAGE", "100000000000000");
            byte[] payload = payload(r.call("DUMP", "dump:s"));
            assertEquals(250, payload[0] & 0xFF, "Runnel's own stream form");
            assertEquals("+OK\r\n", new String(r.call(bytes("RESTORE"), bytes("dump:copy"), bytes("0"), payload), StandardCharsets.UTF_8));
            String original = r.callText("XINFO", "STREAM", "dump:s", "FULL");
            String copy = r.callText("XINFO", "STREAM", "dump:copy", "FULL");
            assertEquals(original, copy);
            assertTrue(copy.contains("alice"));
            assertEquals(r.callText("XRANGE", "dump:s", "-", "+"), r.callText("XRANGE", "dump:copy", "-", "+"));
            assertEquals(r.callText("XRETENTION", "dump:s"), r.callText("XRETENTION", "dump:copy"));
        }
    }
}
