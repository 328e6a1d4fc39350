package io.runnel.broker.testing;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What tests of blocking commands share: waiting until a server counts its blocked clients, and
 * running one scenario of several connections against redis-server and Runnel in turn, so that
 * their transcripts can be compared.
 */
public final class BlockingScenarios {

    private static final Pattern BLOCKED = Pattern.compile("blocked_clients:(\\d+)");

    /** A scenario on one server: two clients that block and one that writes; returns its transcript. */
    public interface Scenario {
        String run(RawClient first, RawClient second, RawClient writer) throws Exception;
    }

    private BlockingScenarios() {
    }

    /** Waits (at most five seconds) until the server counts {@code expected} blocked clients. */
    public static void awaitBlocked(RawClient probe, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        String seen = "";
        while (System.currentTimeMillis() < deadline) {
            Matcher m = BLOCKED.matcher(probe.callText("INFO", "clients"));
            seen = m.find() ? m.group(1) : "?";
            if (seen.equals(Integer.toString(expected))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("blocked_clients stayed " + seen + ", expected " + expected);
    }

    /** Flushes both servers and runs the scenario on each; returns {redis transcript, runnel transcript}. */
    public static String[] onBoth(Differential d, Scenario scenario) throws Exception {
        d.same("FLUSHALL");
        String[] transcripts = new String[2];
        int[] ports = {RedisServerProcess.shared().port(), RunnelTestServer.port()};
        for (int s = 0; s < 2; s++) {
            try (RawClient first = new RawClient(ports[s]); RawClient second = new RawClient(ports[s]);
                 RawClient writer = new RawClient(ports[s])) {
                transcripts[s] = scenario.run(first, second, writer);
            }
        }
        return transcripts;
    }

    /**
     * CLIENT UNBLOCK on a client blocked in {@code blocking}, once with TIMEOUT and once with
     * ERROR, then {@code write} and {@code check} by another client: the transcript of one server.
     */
    public static Scenario clientUnblock(String[] blocking, String[] write, String[] check) {
        return (first, second, writer) -> {
            StringBuilder out = new StringBuilder();
            for (String mode : new String[] {"TIMEOUT", "ERROR"}) {
                String id = first.callText("CLIENT", "ID").substring(1).trim();
                first.send(RawClient.encode(RawClient.bytes(blocking)));
                awaitBlocked(writer, 1);
                out.append(writer.callText("CLIENT", "UNBLOCK", id, mode)).append(text(first.readReply()));
            }
            out.append(writer.callText(write)).append(writer.callText(check));
            return out.toString();
        };
    }

    public static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }
}
