package io.runnel.broker.persist;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starting on a journal: while it is replayed, clients that connect are answered Redis's
 * -LOADING error (INFO still answers, with loading:1); a journal damaged in the middle stops the
 * start with an error naming the file and the offset.
 */
class LoadingTest {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private RunnelServer start(int port) {
        return RunnelTestServer.start("--port", Integer.toString(port), "--appendonly", "yes", "--dir", dir.toString());
    }

    /** Writes {@code keys} keys of one slot range, 100 to an MSET: as many events for one entity to replay. */
    private void fill(int port, int keys) throws Exception {
        try (RawClient client = new RawClient(port)) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            int commands = 0;
            for (int from = 0; from < keys; from += 100) {
                String[] mset = new String[201];
                mset[0] = "MSET";
                for (int i = 0; i < 100; i++) {
                    mset[1 + 2 * i] = "{k}" + (from + i);
                    mset[2 + 2 * i] = "value:" + (from + i);
                }
                batch.writeBytes(RawClient.encode(RawClient.bytes(mset)));
                if (++commands % 100 == 0) {
                    client.send(batch.toByteArray());
                    batch.reset();
                    for (int i = 0; i < 100; i++) {
                        client.readReply();
                    }
                }
            }
            client.send(batch.toByteArray());
            for (int i = 0; i < commands % 100; i++) {
                client.readReply();
            }
        }
    }

    @Test
    void clientsAreToldToWaitWhileTheJournalIsReplayed() throws Exception {
        int port = freePort();
        RunnelServer server = start(port);
        fill(port, 400_000);
        server.close();

        CompletableFuture<RunnelServer> restarted = CompletableFuture.supplyAsync(() -> start(port));
        boolean sawLoading = false;
        boolean sawLoadingInfo = false;
        String reply = "";
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try (RawClient client = new RawClient(port)) {
                reply = new String(client.call("GET", "{k}399999"), StandardCharsets.UTF_8);
                if (reply.equals("-LOADING Redis is loading the dataset in memory\r\n")) {
                    sawLoading = true;
                    sawLoadingInfo |= new String(client.call("INFO", "persistence"), StandardCharsets.UTF_8).contains("loading:1");
                    Thread.sleep(5);
                    continue;
                }
                break;
            } catch (java.net.ConnectException notYetListening) {
                Thread.sleep(5);
            }
        }
        server = restarted.get(120, TimeUnit.SECONDS);
        try {
            assertEquals("$12\r\nvalue:399999\r\n", reply, "the answer once loaded");
            assertTrue(sawLoading, "a client connected during the replay was answered -LOADING");
            assertTrue(sawLoadingInfo, "INFO answered with loading:1 meanwhile");
            try (RawClient client = new RawClient(port)) {
                assertEquals(":400000\r\n", new String(client.call("DBSIZE"), StandardCharsets.UTF_8));
                assertTrue(new String(client.call("INFO", "persistence"), StandardCharsets.UTF_8).contains("loading:0"));
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aJournalDamagedInTheMiddleStopsTheStartNamingFileAndOffset() throws Exception {
        int port = freePort();
        RunnelServer server = start(port);
        fill(port, 20_000);
        server.close();
        Path segment = dir.resolve("appendonlydir").resolve("segment-0000000001.log");
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(segment, bytes);

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> start(port));
        String message = String.valueOf(error.getCause() == null ? error.getMessage() : error.getCause().getMessage())
                + " / " + error.getMessage();
        assertTrue(message.contains(segment.toString()) && message.contains("at offset"), message);
    }
}
