package io.runnel.broker.command;

import io.runnel.broker.ServerContext;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyAccess;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.KeyspaceEvent;
import io.runnel.broker.keyspace.KeyspaceEvents.ValueSet;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.broker.session.ClientSession;

/**
 * Everything a handler may use while it executes one command: the keys it was routed with
 * (in the selected database, at the command's fixed time), the server's shared services and,
 * for session commands only, the client's session. One context is reused for a whole batch.
 */
public final class CommandContext {

    private final ServerContext server;
    private KeyAccess keys;
    private ClientSession session;
    private int db;
    private long now;
    private long clientId;
    private int protocol = 2;
    private Suspension suspension;
    private java.util.function.Supplier<Suspension> suspensionFactory;
    private boolean suspended;
    private boolean reroutable;

    public CommandContext(ServerContext server) {
        this.server = server;
    }

    /** Prepares the context for the next command. */
    public CommandContext reset(KeyAccess keys, ClientSession session, int db, long clientId, int protocol) {
        this.suspension = null;
        this.suspensionFactory = null;
        this.suspended = false;
        this.reroutable = false;
        this.keys = keys;
        this.session = session;
        this.db = db;
        this.clientId = clientId;
        this.protocol = protocol;
        this.now = System.currentTimeMillis();
        return this;
    }

    /**
     * Lets the command about to run give up with {@link RunElsewhere} (an entity's batch, whose
     * client can run it again elsewhere); a transaction or a script thread cannot.
     */
    public CommandContext allowRerouting() {
        this.reroutable = true;
        return this;
    }

    public boolean reroutable() {
        return reroutable;
    }

    /** Lets the command about to run block: its executor will not send a reply for it. */
    public CommandContext allowSuspension(Suspension value) {
        this.suspension = value;
        this.suspensionFactory = null;
        return this;
    }

    /** As {@link #allowSuspension(Suspension)}, making the suspension only if the command asks for one. */
    public CommandContext allowSuspension(java.util.function.Supplier<Suspension> factory) {
        this.suspension = null;
        this.suspensionFactory = factory;
        return this;
    }

    /**
     * Called by a blocking command that cannot be served now: it will answer through the
     * returned suspension. Where blocking is impossible (inside a batch, later MULTI or a
     * script), returns null and the command answers at once as its non-blocking form.
     */
    public Suspension suspend() {
        if (suspension == null && suspensionFactory != null) {
            suspension = suspensionFactory.get();
        }
        if (suspension == null) {
            return null;
        }
        suspended = true;
        return suspension;
    }

    public boolean suspended() {
        return suspended;
    }

    public ServerContext server() {
        return server;
    }

    public KeyAccess keys() {
        return keys;
    }

    /** Whether the command runs for a connection (not, for instance, from a script). */
    public boolean hasSession() {
        return session != null;
    }

    /** The client's session; only session-routed commands have one. */
    public ClientSession session() {
        if (session == null) {
            throw new IllegalStateException("command has no session: it runs in an entity");
        }
        return session;
    }

    public int db() {
        return db;
    }

    /** The command's time in ms: fixed for its whole execution, as Redis's command time snapshot. */
    public long now() {
        return now;
    }

    public long clientId() {
        return clientId;
    }

    public int protocol() {
        return protocol;
    }

    public Entry read(byte[] key) {
        return keys.read(db, key, now);
    }

    public Entry write(byte[] key) {
        return keys.write(db, key, now);
    }

    public Entry peek(byte[] key) {
        return keys.peek(db, key, now);
    }

    public void emit(KeyspaceEvent event) {
        if (event instanceof ValueSet set) {
            // a value object made by this command starts its access data now
            server.accessClock().created(set.value(), now);
        }
        keys.emit(event);
    }

    /** Raises a keyspace notification about a key of the selected database (after its change). */
    public void notify(KeyEvent event, byte[] key) {
        keys.notify(event, db, key);
    }

    /** Raises a keyspace notification about a key of another database (MOVE, COPY ... DB). */
    public void notify(KeyEvent event, int database, byte[] key) {
        keys.notify(event, database, key);
    }

    /** OBJECT's lookup: as {@link #readNoTouch} but a miss raises no keymiss notification. */
    public Entry inspect(byte[] key) {
        return keys.inspect(db, key, now);
    }

    /** A lookup that does not mark the key accessed (EXISTS, TYPE, TTL). */
    public Entry readNoTouch(byte[] key) {
        return keys.readNoTouch(db, key, now);
    }

    /**
     * Whether new small integer values are Redis's shared objects (OBJECT REFCOUNT shows it):
     * yes unless maxmemory is set with an LRU or LFU policy, which needs each value's own
     * access data.
     */
    public boolean sharedIntegers() {
        return server.sharedIntegers();
    }

    /** A new string value as SET and friends store it. */
    public StringValue newString(byte[] bytes) {
        return StringValue.of(bytes, sharedIntegers());
    }

    /** The string at {@code key} for reading, null when absent; WRONGTYPE for other types. */
    public StringValue readString(byte[] key) {
        return asString(read(key));
    }

    public StringValue writeString(byte[] key) {
        return asString(write(key));
    }

    public static StringValue asString(Entry entry) {
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof StringValue string) {
            return string;
        }
        throw Errors.wrongType();
    }
}
