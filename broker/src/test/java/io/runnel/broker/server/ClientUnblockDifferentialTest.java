package io.runnel.broker.server;

import io.runnel.broker.testing.BlockingScenarios;
import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RedisServerProcess;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CLIENT UNBLOCK on a client blocked in XREAD, on both servers. */
class ClientUnblockDifferentialTest {

    private static String id(RawClient client) throws Exception {
        return client.callText("CLIENT", "ID").substring(1).trim();
    }


    /** Blocks one client of each server, unblocks it with {@code mode}, returns both replies. */
    private static String[] unblockBoth(String mode) throws Exception {
        String[] replies = new String[2];
        int[] ports = {RedisServerProcess.shared().port(), RunnelTestServer.port()};
        for (int s = 0; s < 2; s++) {
            try (RawClient blocked = new RawClient(ports[s]); RawClient admin = new RawClient(ports[s])) {
                String id = id(blocked);
                blocked.send(RawClient.encode(RawClient.bytes("XREAD", "BLOCK", "0", "STREAMS", "unblock:s", "$")));
                BlockingScenarios.awaitBlocked(admin, 1);
                String first = mode == null ? admin.callText("CLIENT", "UNBLOCK", id) : admin.callText("CLIENT", "UNBLOCK", id, mode);
                replies[s] = first + new String(blocked.readReply(), StandardCharsets.UTF_8)
                        + admin.callText("CLIENT", "UNBLOCK", id);
            }
        }
        return replies;
    }

    @Test
    void unblockAsTimeoutOrAsError() throws Exception {
        for (String mode : new String[] {null, "TIMEOUT", "ERROR"}) {
            String[] replies = unblockBoth(mode);
            assertEquals(replies[0], replies[1], "CLIENT UNBLOCK " + mode);
        }
    }

    @Test
    void unblockErrors() {
        try (Differential d = Differential.open()) {
            d.same("CLIENT", "UNBLOCK", "abc");
            d.same("CLIENT", "UNBLOCK", "999999", "SOMETIMES");
            d.same("CLIENT", "UNBLOCK", "999999");
            d.same("CLIENT", "UNBLOCK", "999999", "ERROR");
        }
    }
}
