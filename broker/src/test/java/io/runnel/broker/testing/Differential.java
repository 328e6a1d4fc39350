package io.runnel.broker.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sends the same commands to a real redis-server and to Runnel and asserts that the replies are
 * the same bytes, once the reference's doubles are printed as Redis 7.2 prints them
 * ({@link Redis72Doubles}). Each instance has one connection to each server; {@link #open()} starts from
 * two empty servers.
 */
public final class Differential implements AutoCloseable {

    private final RawClient redis;
    private final RawClient runnel;

    private Differential(RawClient redis, RawClient runnel) {
        this.redis = redis;
        this.runnel = runnel;
    }

    /** Connects to the given servers, without emptying them. */
    public static Differential connect(int redisPort, int runnelPort) {
        try {
            return new Differential(new RawClient(redisPort), new RawClient(runnelPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects to both servers and empties them. */
    public static Differential open() {
        try {
            Differential d = new Differential(new RawClient(RedisServerProcess.shared().port()),
                    new RawClient(RunnelTestServer.port()));
            d.both("FLUSHALL");
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command to both servers and returns {redis reply, runnel reply}. */
    public byte[][] both(byte[]... command) {
        try {
            byte[] fromRedis = redis.call(command);
            return new byte[][] {Redis72Doubles.printsScores(command[0]) ? Redis72Doubles.translate(fromRedis) : fromRedis,
                    runnel.call(command)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[][] both(String... command) {
        return both(RawClient.bytes(command));
    }

    /** Asserts both servers reply with exactly the same bytes; returns the reply. */
    public String same(String... command) {
        return same(RawClient.bytes(command));
    }

    public String same(byte[]... command) {
        byte[][] replies = both(command);
        assertEquals(printable(replies[0]), printable(replies[1]), () -> "reply to " + describe(command));
        return new String(replies[1], StandardCharsets.UTF_8);
    }

    /**
     * Asserts both replies are arrays with the same elements in any order (KEYS, SMEMBERS, ...),
     * or the same bytes when they are not arrays.
     */
    public void sameUnordered(String... command) {
        byte[][] replies = both(RawClient.bytes(command));
        assertEquals(sortedElements(replies[0]), sortedElements(replies[1]), () -> "reply to " + describe(RawClient.bytes(command)));
    }

    /** Both servers' replies as readable text, for assertions that are not byte-exact. */
    public String[] replies(String... command) {
        byte[][] replies = both(command);
        return new String[] {new String(replies[0], StandardCharsets.UTF_8), new String(replies[1], StandardCharsets.UTF_8)};
    }

    /**
     * Switches both connections to RESP3 with HELLO 3. Its reply is not compared: it names each
     * server's version and connection id.
     */
    public void resp3() {
        byte[][] replies = both("HELLO", "3");
        for (byte[] reply : replies) {
            if (reply.length == 0 || reply[0] != '%') {
                throw new AssertionError("HELLO 3 failed: " + printable(reply));
            }
        }
    }

    /**
     * Asserts both servers reply with integers at most {@code tolerance} apart (TTL and PTTL of
     * a key whose expiry is relative to each server's clock), or with the same bytes otherwise.
     */
    public void sameWithin(long tolerance, String... command) {
        byte[][] replies = both(command);
        String redisText = new String(replies[0], StandardCharsets.UTF_8);
        String runnelText = new String(replies[1], StandardCharsets.UTF_8);
        if (redisText.startsWith(":") && runnelText.startsWith(":")) {
            long a = Long.parseLong(redisText.substring(1).trim());
            long b = Long.parseLong(runnelText.substring(1).trim());
            if (Math.abs(a - b) > tolerance) {
                assertEquals(redisText, runnelText, () -> "reply to " + describe(RawClient.bytes(command))
                        + " (tolerance " + tolerance + ")");
            }
            return;
        }
        assertEquals(printable(replies[0]), printable(replies[1]), () -> "reply to " + describe(RawClient.bytes(command)));
    }

    /**
     * Iterates SCAN from cursor 0 to the end on both servers with the given options (MATCH,
     * COUNT, TYPE) and asserts that both returned the same set of keys; cursors and the order
     * of keys are each server's own. Returns the keys.
     */
    public java.util.Set<String> sameScan(String... options) {
        java.util.Set<String> fromRedis = new java.util.HashSet<>(scanAll(redis, new String[] {"SCAN"}, options));
        java.util.Set<String> fromRunnel = new java.util.HashSet<>(scanAll(runnel, new String[] {"SCAN"}, options));
        assertEquals(new java.util.TreeSet<>(fromRedis), new java.util.TreeSet<>(fromRunnel),
                () -> "keys of a full SCAN with " + String.join(" ", options));
        return fromRunnel;
    }

    /**
     * As {@link #sameScan} for HSCAN, SSCAN or ZSCAN of {@code key}: walks both to the end and
     * asserts the same elements (member, with its value when {@code width} is 2), each once.
     */
    public void sameCollectionScan(String command, String key, int width, String... options) {
        List<String> fromRedis = elements(scanAll(redis, new String[] {command, key}, options), width);
        List<String> fromRunnel = elements(scanAll(runnel, new String[] {command, key}, options), width);
        assertEquals(fromRedis, fromRunnel, () -> "elements of a full " + command + " with " + String.join(" ", options));
    }

    /** The scanned strings grouped {@code width} at a time, sorted. */
    private static List<String> elements(List<String> scanned, int width) {
        List<String> grouped = new ArrayList<>();
        for (int i = 0; i < scanned.size(); i += width) {
            grouped.add(String.join("\u0000", scanned.subList(i, i + width)));
        }
        java.util.Collections.sort(grouped);
        return grouped;
    }

    private List<String> scanAll(RawClient client, String[] prefix, String... options) {
        List<String> found = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            String[] command = new String[prefix.length + 1 + options.length];
            System.arraycopy(prefix, 0, command, 0, prefix.length);
            command[prefix.length] = cursor;
            System.arraycopy(options, 0, command, prefix.length + 1, options.length);
            byte[] reply;
            try {
                reply = client == redis && prefix[0].equals("ZSCAN") ? Redis72Doubles.translate(client.call(command)) : client.call(command);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> parts = bulkStrings(reply);
            cursor = parts.get(0);
            found.addAll(parts.subList(1, parts.size()));
            if (++calls > 100_000) {
                throw new AssertionError(prefix[0] + " did not finish");
            }
        } while (!cursor.equals("0"));
        return found;
    }

    /** The bulk strings of a SCAN reply, in order: the cursor, then the keys. */
    private static List<String> bulkStrings(byte[] reply) {
        String text = new String(reply, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("*2\r\n")) {
            throw new AssertionError("not a SCAN reply: " + printable(reply));
        }
        List<String> out = new ArrayList<>();
        int pos = 0;
        while ((pos = text.indexOf('$', pos)) >= 0) {
            int lineEnd = text.indexOf("\r\n", pos);
            int length = Integer.parseInt(text.substring(pos + 1, lineEnd));
            out.add(text.substring(lineEnd + 2, lineEnd + 2 + length));
            pos = lineEnd + 2 + length + 2;
        }
        return out;
    }

    /** Both replies parsed: {redis, runnel}. */
    public Resp.Node[] parsed(String... command) {
        byte[][] replies = both(command);
        return new Resp.Node[] {Resp.parse(replies[0]), Resp.parse(replies[1])};
    }

    /** Sends raw bytes to both servers without reading. */
    public void sendRaw(byte[] raw) {
        try {
            redis.send(raw);
            runnel.send(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one reply from each server: {redis, runnel}. */
    public byte[][] readBoth() {
        try {
            return new byte[][] {redis.readReply(), runnel.readReply()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawClient redis() {
        return redis;
    }

    public RawClient runnel() {
        return runnel;
    }

    public static String printable(byte[] reply) {
        StringBuilder out = new StringBuilder();
        for (byte b : reply) {
            int c = b & 0xff;
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static String describe(byte[][] command) {
        List<String> words = new ArrayList<>();
        for (byte[] word : command) {
            words.add(printable(word));
        }
        return String.join(" ", words);
    }

    /** Splits a flat array reply of simple elements into sorted element texts. */
    private static List<String> sortedElements(byte[] reply) {
        String text = new String(reply, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("*") && !text.startsWith("~")) {
            return List.of(printable(reply));
        }
        int header = text.indexOf("\r\n");
        String head = text.substring(0, header + 2);
        List<String> elements = new ArrayList<>();
        int pos = header + 2;
        while (pos < text.length()) {
            int end = elementEnd(text, pos);
            elements.add(printable(text.substring(pos, end).getBytes(StandardCharsets.ISO_8859_1)));
            pos = end;
        }
        elements.sort(null);
        elements.add(0, head);
        return elements;
    }

    private static int elementEnd(String text, int pos) {
        int lineEnd = text.indexOf("\r\n", pos);
        char type = text.charAt(pos);
        if (type == '$') {
            int length = Integer.parseInt(text.substring(pos + 1, lineEnd));
            return length < 0 ? lineEnd + 2 : lineEnd + 2 + length + 2;
        }
        return lineEnd + 2;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }

    @Override
    public void close() {
        try {
            redis.close();
            runnel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
