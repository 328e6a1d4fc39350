package io.runnel.broker.server;

import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CLIENT subcommands against redis-server. */
class ClientCommandsDifferentialTest extends DifferentialCase {

    @Test
    void setnameAndGetname() {
        d.same("CLIENT", "GETNAME");
        d.same("CLIENT", "SETNAME", "worker-1");
        d.same("CLIENT", "GETNAME");
        d.same("CLIENT", "SETNAME", "has space");
        d.same("CLIENT", "SETNAME", "new\nline");
        d.same("CLIENT", "SETNAME", "tab\tbed");
        d.same("CLIENT", "SETNAME", "caf\u00e9");
        d.same("CLIENT", "SETNAME", "~!@#$%^&*()");
        d.same("CLIENT", "GETNAME");
        d.same("CLIENT", "SETNAME", "");
        d.same("CLIENT", "GETNAME");
        d.same("client", "setname", "again");
        d.replies("HELLO", "3");
        d.same("CLIENT", "GETNAME".toLowerCase());
        d.same("CLIENT", "SETNAME", "");
        d.same("CLIENT", "GETNAME");
    }

    @Test
    void replyOnOffSkip() {
        // replies that are not sent are seen as the next reply being the one after them
        d.sendRaw(script(new String[] {"CLIENT", "REPLY", "SKIP"}, new String[] {"PING", "skipped"},
                new String[] {"PING", "sent"}));
        same("PING sent");
        d.sendRaw(script(new String[] {"CLIENT", "REPLY", "OFF"}, new String[] {"PING", "off"},
                new String[] {"NOSUCH"}, new String[] {"CLIENT", "REPLY", "SKIP"}, new String[] {"PING", "still-off"},
                new String[] {"PING", "still-off-2"}, new String[] {"CLIENT", "REPLY", "ON"}));
        same("CLIENT REPLY ON after OFF");
        d.sendRaw(script(new String[] {"CLIENT", "REPLY", "SKIP"}, new String[] {"NOSUCH"}, new String[] {"PING", "after-error"}));
        same("PING after a skipped error");
        d.sendRaw(script(new String[] {"CLIENT", "REPLY", "SKIP"}, new String[] {"CLIENT", "REPLY", "SKIP"},
                new String[] {"SET", "k", "v"}, new String[] {"GET", "k"}));
        same("GET after two skips");
        d.sendRaw(script(new String[] {"CLIENT", "REPLY", "SKIP"}, new String[] {"CLIENT", "REPLY", "ON"}));
        same("CLIENT REPLY ON right after SKIP");
        d.same("CLIENT", "REPLY", "ON");
        d.same("CLIENT", "REPLY", "maybe");
        d.same("CLIENT", "REPLY", "on", "x");
        // keyed commands batched towards one entity: only the first after SKIP is dropped
        d.sendRaw(script(new String[] {"CLIENT", "REPLY", "SKIP"}, new String[] {"INCR", "n"}, new String[] {"INCR", "n"},
                new String[] {"INCR", "n"}));
        same("second INCR");
        same("third INCR");
    }

    private void same(String what) {
        byte[][] replies = d.readBoth();
        assertEquals(Differential.printable(replies[0]), Differential.printable(replies[1]), what);
    }

    private static byte[] script(String[]... commands) {
        return Differential.concat(Arrays.stream(commands).map(c -> RawClient.encode(RawClient.bytes(c))).toArray(byte[][]::new));
    }

    @Test
    void killErrors() {
        d.same("CLIENT", "KILL", "1.2.3.4:5");
        d.same("CLIENT", "KILL", "ID");
        d.same("CLIENT", "KILL", "ID", "x");
        d.same("CLIENT", "KILL", "ID", "0");
        d.same("CLIENT", "KILL", "ID", "-1");
        d.same("CLIENT", "KILL", "ID", "999999");
        d.same("CLIENT", "KILL", "FOO", "bar");
        d.same("CLIENT", "KILL", "TYPE", "foo");
        d.same("CLIENT", "KILL", "TYPE", "master");
        d.same("CLIENT", "KILL", "TYPE", "replica");
        d.same("CLIENT", "KILL", "TYPE", "pubsub");
        d.same("CLIENT", "KILL", "USER", "nobody");
        d.same("CLIENT", "KILL", "USER", "DEFAULT");
        d.same("CLIENT", "KILL", "SKIPME", "maybe");
        d.same("CLIENT", "KILL", "ADDR", "1.2.3.4:5");
        d.same("CLIENT", "KILL", "LADDR", "1.2.3.4:5");
        d.same("CLIENT", "KILL", "ID", "1", "ID");
        d.same("CLIENT", "KILL", "ADDR", "1.2.3.4:5", "SKIPME", "no");
        d.same("CLIENT", "NO-EVICT", "maybe");
        d.same("CLIENT", "NO-EVICT", "on");
        d.same("CLIENT", "NO-EVICT", "OFF");
    }

    @Test
    void killByIdClosesThatClientOnly() throws IOException {
        try (RawClient victimRedis = new RawClient(d.redis().port()); RawClient victimRunnel = new RawClient(d.runnel().port())) {
            String redisId = victimRedis.callText("CLIENT", "ID").substring(1).trim();
            String runnelId = victimRunnel.callText("CLIENT", "ID").substring(1).trim();
            assertEquals(":1\r\n", d.redis().callText("CLIENT", "KILL", "ID", redisId));
            assertEquals(":1\r\n", d.runnel().callText("CLIENT", "KILL", "ID", runnelId));
            assertTrue(victimRedis.closedByServer());
            assertTrue(victimRunnel.closedByServer());
            d.same("PING");
        }
    }

    @Test
    void killOwnAddressRepliesThenCloses() throws IOException {
        String redisAddr = field(d.redis().callText("CLIENT", "INFO"), "addr");
        String runnelAddr = field(d.runnel().callText("CLIENT", "INFO"), "addr");
        assertEquals("+OK\r\n", d.redis().callText("CLIENT", "KILL", redisAddr));
        assertEquals("+OK\r\n", d.runnel().callText("CLIENT", "KILL", runnelAddr));
        assertTrue(d.redis().closedByServer());
        assertTrue(d.runnel().closedByServer());
    }

    @Test
    void listParsing() {
        d.same("CLIENT", "LIST", "TYPE", "foo");
        d.same("CLIENT", "LIST", "TYPE", "master");
        d.same("CLIENT", "LIST", "TYPE", "replica");
        d.same("CLIENT", "LIST", "TYPE", "pubsub");
        d.same("CLIENT", "LIST", "ID");
        d.same("CLIENT", "LIST", "ID", "x");
        d.same("CLIENT", "LIST", "ID", "0");
        d.same("CLIENT", "LIST", "ID", "-5", "999999");
        d.same("CLIENT", "LIST", "FOO");
        d.same("CLIENT", "LIST", "TYPE", "normal", "ID", "1");
        d.same("CLIENT", "LIST", "TYPE");
        d.same("CLIENT", "INFO", "x");
    }

    @Test
    void listAndInfoHaveRedisFieldNamesInOrder() throws IOException {
        d.same("CLIENT", "SETNAME", "lister");
        String[] info = d.replies("CLIENT", "INFO");
        assertEquals(fieldNames(info[0]), fieldNames(info[1]));
        assertEquals("lister", field(info[1], "name"));
        assertEquals("client|info", field(info[1], "cmd"));
        String[] list = d.replies("CLIENT", "LIST", "TYPE", "normal");
        assertEquals(fieldNames(list[0]), fieldNames(list[1]));
        String[] ids = d.replies("CLIENT", "LIST", "ID", clientId(d.redis()), clientId(d.redis()));
        String[] runnelIds = d.replies("CLIENT", "LIST", "ID", clientId(d.runnel()), clientId(d.runnel()));
        assertEquals(2, lines(ids[0]).size());
        assertEquals(2, lines(runnelIds[1]).size());
        // RESP3: a verbatim string
        d.replies("HELLO", "3");
        String[] verbatim = d.replies("CLIENT", "INFO");
        assertTrue(verbatim[0].startsWith("=") && verbatim[1].startsWith("="), verbatim[1]);
        assertEquals(fieldNames(verbatim[0]), fieldNames(verbatim[1]));
        assertEquals("3", field(verbatim[1], "resp"));
    }

    private static String clientId(RawClient client) throws IOException {
        return client.callText("CLIENT", "ID").substring(1).trim();
    }

    private static List<String> lines(String bulk) {
        List<String> out = new ArrayList<>();
        for (String line : bulk.substring(bulk.indexOf("\r\n") + 2).split("\n")) {
            if (line.startsWith("id=") || line.startsWith("txt:id=")) {
                out.add(line);
            }
        }
        return out;
    }

    /** The field names of the first client line. */
    static List<String> fieldNames(String reply) {
        List<String> names = new ArrayList<>();
        for (String pair : lines(reply).get(0).replace("txt:", "").trim().split(" ")) {
            names.add(pair.substring(0, pair.indexOf('=')));
        }
        return names;
    }

    static String field(String reply, String name) {
        for (String pair : reply.replace("txt:", "").split("[ \n\r]")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no field " + name + " in " + reply);
    }
}
