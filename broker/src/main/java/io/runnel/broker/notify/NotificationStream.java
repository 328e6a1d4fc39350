package io.runnel.broker.notify;

import io.runnel.broker.ServerContext;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.config.ServerConfig;
import io.runnel.broker.keyspace.Batch;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.KeyspaceRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Runnel's durable keyspace notifications: with {@code notify-keyspace-stream <key>} set, every
 * change of an enabled class (notify-keyspace-stream-events) is also appended to that stream in
 * database 0, as an entry {@code db <n> event <name> key <key>}, capped near
 * notify-keyspace-stream-maxlen entries. Unlike pub/sub messages, the entries stay: a consumer
 * that was away reads what it missed, and consumer groups share and acknowledge them.
 *
 * <p>The entry is appended by the stream's own entity, as an XADD, after the change that raised
 * it; the changes of one slot range arrive in the order they were made. Changes to the
 * notification stream itself are not appended to it (that would never end).
 */
final class NotificationStream {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationStream.class);
    private static final byte[] XADD = bytes("XADD");
    private static final byte[] MAXLEN = bytes("MAXLEN");
    private static final byte[] APPROXIMATELY = bytes("~");
    private static final byte[] AUTO_ID = bytes("*");
    private static final byte[] DB = bytes("db");
    private static final byte[] EVENT = bytes("event");
    private static final byte[] KEY = bytes("key");

    /** What the configuration asks for; replaced as a whole when it changes. */
    private record Settings(byte[] key, int classes, byte[] maxLen) {
    }

    private final ServerContext server;
    private volatile Settings settings;
    private volatile boolean warned;
    private volatile CommandSpec xadd;

    NotificationStream(ServerContext server) {
        this.server = server;
        ServerConfig config = server.config();
        this.settings = read(config);
        config.onChange((name, value) -> {
            if (name.startsWith("notify-keyspace-stream")) {
                settings = read(config);
                warned = false;
            }
        });
    }

    private static Settings read(ServerConfig config) {
        String key = config.get("notify-keyspace-stream");
        if (key.isEmpty()) {
            return null;
        }
        return new Settings(key.getBytes(StandardCharsets.UTF_8),
                KeyEvent.parseClasses(config.get("notify-keyspace-stream-events")),
                bytes(config.get("notify-keyspace-stream-maxlen")));
    }

    boolean wants(int eventClass) {
        Settings current = settings;
        return current != null && (current.classes & eventClass) != 0;
    }

    void append(KeyEvent event, int db, byte[] key) {
        Settings current = settings;
        KeyspaceRouter router = server.router();
        if (current == null || router == null || (db == 0 && Arrays.equals(key, current.key))) {
            return;
        }
        if (xadd == null) {
            xadd = server.commands().lookup("xadd"); // the table is built before any key changes
        }
        byte[][] argv = current.maxLen.length == 1 && current.maxLen[0] == '0'
                ? new byte[][] {XADD, current.key, AUTO_ID, DB, bytes(Integer.toString(db)), EVENT, event.bytes(), KEY, key}
                : new byte[][] {XADD, current.key, MAXLEN, APPROXIMATELY, current.maxLen, AUTO_ID,
                        DB, bytes(Integer.toString(db)), EVENT, event.bytes(), KEY, key};
        Batch batch = new Batch(0, 0, 2, new CommandSpec[] {xadd}, new byte[][][] {argv}, 1, this::checkReply);
        router.enqueue(router.layout().entityOf(current.key), batch);
    }

    /** An append fails only when the key holds another type: say so once, not per change. */
    private void checkReply(byte[] reply) {
        if (reply.length > 0 && reply[0] == '-' && !warned) {
            warned = true;
            LOG.warn("keyspace notifications are not appended to the notification stream: {}",
                    new String(reply, StandardCharsets.UTF_8).trim());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
