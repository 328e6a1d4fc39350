package io.runnel.broker.notify;

import io.runnel.broker.ServerContext;
import io.runnel.broker.config.ServerConfig;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.KeyNotifications;
import io.runnel.broker.pubsub.PubSub;
import io.runnel.broker.pubsub.Subscriptions;

import java.nio.charset.StandardCharsets;

/**
 * Turns keyspace changes into notifications, as notify-keyspace-events asks: a message on
 * {@code __keyspace@<db>__:<key>} carrying the event name (class K) and one on
 * {@code __keyevent@<db>__:<event>} carrying the key (class E), for the enabled event classes;
 * and, when configured, an entry in the notification stream (Runnel's extension).
 *
 * <p>Costs one volatile read per change while everything is off, the default.
 */
public final class KeyspaceNotifier implements KeyNotifications {

    private static final byte[] KEYSPACE_PREFIX = "__keyspace@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFIX = "__:".getBytes(StandardCharsets.US_ASCII);

    private final ServerContext server;
    private final NotificationStream stream;
    /** The classes of notify-keyspace-events, K and E included. */
    private volatile int classes;

    public KeyspaceNotifier(ServerContext server) {
        this.server = server;
        ServerConfig config = server.config();
        this.stream = new NotificationStream(server);
        this.classes = KeyEvent.parseClasses(config.get("notify-keyspace-events"));
        config.onChange((name, value) -> {
            if (name.equals("notify-keyspace-events")) {
                classes = KeyEvent.parseClasses(value);
            }
        });
    }

    @Override
    public void notify(KeyEvent event, int db, byte[] key) {
        int enabled = classes;
        if ((enabled & event.eventClass()) != 0) {
            publish(enabled, event, db, key);
        }
        if (stream.wants(event.eventClass())) {
            stream.append(event, db, key);
        }
    }

    private void publish(int enabled, KeyEvent event, int db, byte[] key) {
        PubSub pubSub = server.pubSub();
        if (pubSub == null || !pubSub.registry().anySubscription()) {
            return;
        }
        byte[] dbText = Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
        if ((enabled & KeyEvent.KEYSPACE) != 0) {
            pubSub.publish(Subscriptions.Kind.CHANNEL, channel(KEYSPACE_PREFIX, dbText, key), event.bytes());
        }
        if ((enabled & KeyEvent.KEYEVENT) != 0) {
            pubSub.publish(Subscriptions.Kind.CHANNEL, channel(KEYEVENT_PREFIX, dbText, event.bytes()), key);
        }
    }

    private static byte[] channel(byte[] prefix, byte[] db, byte[] suffix) {
        byte[] out = new byte[prefix.length + db.length + INFIX.length + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(db, 0, out, prefix.length, db.length);
        System.arraycopy(INFIX, 0, out, prefix.length + db.length, INFIX.length);
        System.arraycopy(suffix, 0, out, prefix.length + db.length + INFIX.length, suffix.length);
        return out;
    }
}
