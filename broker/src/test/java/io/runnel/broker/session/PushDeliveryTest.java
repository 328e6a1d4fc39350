package io.runnel.broker.session;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session accepts pushed messages from any thread at any time (pub/sub, notifications), and
 * they land between complete replies, never inside one, even while a long pipeline is answered.
 */
class PushDeliveryTest {

    @Test
    void pushesInterleaveWithPipelinedRepliesWithoutCorruptingThem() throws Exception {
        RunnelServer server = RunnelTestServer.shared();
        int commands = 20_000;
        int pushes = 500;
        String bigValue = "v".repeat(3000);
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("+OK\r\n", client.callText("SET", "push:big", bigValue));
            long id = Long.parseLong(client.callText("CLIENT", "ID").substring(1).trim());
            ClientSession session = server.context().clients().get(id);

            ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
            for (int i = 0; i < commands; i++) {
                pipeline.writeBytes(RawClient.encode(RawClient.bytes("GET", "push:big")));
            }
            Thread pusher = new Thread(() -> {
                for (int i = 0; i < pushes; i++) {
                    session.push((">2\r\n$7\r\nmessage\r\n$" + Integer.toString(i).length() + "\r\n" + i + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
            });
            pusher.start();
            client.send(pipeline.toByteArray());

            String expectedReply = "$" + bigValue.length() + "\r\n" + bigValue + "\r\n";
            int replies = 0;
            int received = 0;
            while (replies < commands || received < pushes) {
                String reply = new String(client.readReply(), StandardCharsets.US_ASCII);
                if (reply.startsWith(">")) {
                    assertEquals(">2\r\n$7\r\nmessage\r\n$" + Integer.toString(received).length() + "\r\n" + received + "\r\n", reply,
                            "pushes arrive whole and in order");
                    received++;
                } else {
                    assertEquals(expectedReply, reply, "reply " + replies + " is intact");
                    replies++;
                }
            }
            pusher.join();
            assertTrue(received == pushes && replies == commands);
        }
    }
}
