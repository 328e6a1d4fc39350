package io.runnel.broker;

import io.runnel.broker.command.CommandTable;
import io.runnel.broker.config.ServerConfig;
import io.runnel.broker.keyspace.AccessClock;
import io.runnel.broker.keyspace.KeyspaceRouter;
import io.runnel.broker.keyspace.KeyspaceStats;
import io.runnel.broker.session.ClientRegistry;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The server-wide services every part reaches: configuration, the command table, the clients,
 * the keyspace router and statistics. Thread-safe; one per server.
 */
public final class ServerContext {

    /** The Redis version whose behaviour Runnel implements; clients gate features on it. */
    public static final String REDIS_VERSION = "7.2.4";
    public static final String RUNNEL_VERSION = "0.1.0";
    /** The Pekko dispatcher that runs actors on the gateway's event loops (keyspace entities, channels, journals). */
    public static final String KEYSPACE_DISPATCHER = "runnel.keyspace-dispatcher";

    private final ServerConfig config;
    private final int databases;
    private final KeyspaceStats keyspaceStats;
    private final AccessClock accessClock;
    private final ServerStats stats = new ServerStats();
    private final ClientRegistry clients = new ClientRegistry();
    private final io.runnel.broker.script.ScriptCache scripts = new io.runnel.broker.script.ScriptCache();
    private final io.runnel.broker.script.FunctionRegistry functions = new io.runnel.broker.script.FunctionRegistry();
    private final long startedAtMillis = System.currentTimeMillis();
    private final long startupMemory = stats.usedMemory();
    private final String runId;
    private volatile CommandTable commands;
    private volatile KeyspaceRouter router;
    private volatile io.runnel.broker.pubsub.PubSub pubSub;
    private volatile Runnable shutdown = () -> { };
    private volatile io.runnel.broker.session.OutputBufferLimit pubsubOutputLimit;
    private volatile int boundPort;
    /** True while the keyspace entities replay their journals: commands are answered -LOADING. */
    private volatile boolean loading;
    /** Why loading the data failed, if it did: the start is abandoned with this. */
    private final java.util.concurrent.atomic.AtomicReference<Throwable> loadFailure = new java.util.concurrent.atomic.AtomicReference<>();
    private final io.runnel.broker.notify.KeyspaceNotifier notifier;
    private final io.runnel.broker.persist.SnapshotService persistence;

    public ServerContext(ServerConfig config) {
        this.config = config;
        this.databases = config.getInt("databases");
        this.keyspaceStats = new KeyspaceStats(config.getInt("keyspace-entities"), databases);
        this.accessClock = new AccessClock(startedAtMillis, config.get("maxmemory-policy"));
        accessClock.lfuLogFactor(config.getInt("lfu-log-factor"));
        accessClock.lfuDecayMinutes(config.getInt("lfu-decay-time"));
        this.pubsubOutputLimit = io.runnel.broker.session.OutputBufferLimit.of(
                config.get("client-output-buffer-limit"), "pubsub");
        config.onChange((name, value) -> {
            switch (name) {
                case "maxmemory-policy" -> accessClock.policy(value);
                case "lfu-log-factor" -> accessClock.lfuLogFactor(Integer.parseInt(value));
                case "lfu-decay-time" -> accessClock.lfuDecayMinutes(Integer.parseInt(value));
                case "client-output-buffer-limit" ->
                        pubsubOutputLimit = io.runnel.broker.session.OutputBufferLimit.of(value, "pubsub");
                default -> {
                }
            }
        });
        this.notifier = new io.runnel.broker.notify.KeyspaceNotifier(this);
        this.persistence = new io.runnel.broker.persist.SnapshotService(this);
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
    }

    /** The output limit of subscribed clients (client-output-buffer-limit pubsub ...). */
    public io.runnel.broker.session.OutputBufferLimit pubsubOutputLimit() {
        return pubsubOutputLimit;
    }

    /** Where the keyspace reports its changes: keyspace notifications and the notification stream. */
    public io.runnel.broker.notify.KeyspaceNotifier notifier() {
        return notifier;
    }

    /** Snapshots: SAVE, BGSAVE, BGREWRITEAOF, the save rules and INFO persistence. */
    public io.runnel.broker.persist.SnapshotService persistence() {
        return persistence;
    }

    /**
     * Whether small integer strings may share one value: yes unless maxmemory is set with an
     * LRU or LFU policy, which needs each value's own access data. Asked by every SET, so
     * derived once per configuration (generation in the high bits, the answer in bit 0).
     */
    public boolean sharedIntegers() {
        long cached = sharedIntegers;
        int generation = config.generation();
        if (cached >>> 1 == generation) {
            return (cached & 1) != 0;
        }
        String policy = config.get("maxmemory-policy");
        boolean shared = config.getLong("maxmemory") == 0 || !policy.endsWith("-lru") && !policy.endsWith("-lfu");
        sharedIntegers = ((long) generation << 1) | (shared ? 1 : 0);
        return shared;
    }

    private volatile long sharedIntegers = -1;

    public ServerConfig config() {
        return config;
    }

    public int databases() {
        return databases;
    }

    public KeyspaceStats keyspaceStats() {
        return keyspaceStats;
    }

    /** The access data of values: OBJECT IDLETIME and FREQ. */
    public AccessClock accessClock() {
        return accessClock;
    }

    public ServerStats stats() {
        return stats;
    }

    /** The scripts EVAL and SCRIPT LOAD compiled, by SHA1. */
    public io.runnel.broker.script.ScriptCache scripts() {
        return scripts;
    }

    /** The function libraries FUNCTION LOAD made, which FCALL calls. */
    public io.runnel.broker.script.FunctionRegistry functions() {
        return functions;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    /** The heap in use when the server started, INFO's used_memory_startup. */
    public long startupMemory() {
        return startupMemory;
    }

    public String runId() {
        return runId;
    }

    public CommandTable commands() {
        return commands;
    }

    void commands(CommandTable table) {
        this.commands = table;
    }

    public KeyspaceRouter router() {
        return router;
    }

    void router(KeyspaceRouter keyspaceRouter) {
        this.router = keyspaceRouter;
    }

    public io.runnel.broker.pubsub.PubSub pubSub() {
        return pubSub;
    }

    void pubSub(io.runnel.broker.pubsub.PubSub value) {
        this.pubSub = value;
    }

    /** Stops the server (SHUTDOWN). */
    public void shutdown() {
        shutdown.run();
    }

    void onShutdown(Runnable action) {
        this.shutdown = action;
    }

    /** The slot ranges read from the dump file at start, by entity, each taken once by its entity. */
    private volatile java.util.concurrent.atomic.AtomicReferenceArray<byte[]> dumped;

    void dumped(java.util.List<byte[]> entities) {
        this.dumped = new java.util.concurrent.atomic.AtomicReferenceArray<>(entities.toArray(new byte[0][]));
    }

    /** The slot range entity {@code index} starts with, from the dump file; null when there is none (or after). */
    public byte[] takeDumped(int index) {
        java.util.concurrent.atomic.AtomicReferenceArray<byte[]> parts = dumped;
        return parts == null || index >= parts.length() ? null : parts.getAndSet(index, null);
    }

    /** The dump file: {@code dbfilename} in {@code dir}. */
    public java.nio.file.Path dumpFile() {
        return java.nio.file.Path.of(config.get("dir")).resolve(config.get("dbfilename")).toAbsolutePath();
    }

    private volatile java.util.Set<Long> committedTransactions = java.util.Set.of();
    private volatile org.apache.pekko.actor.ActorRef transactionLog;

    /** The transactions with commit records, as recovered at start (see TransactionLog). */
    public java.util.Set<Long> committedTransactions() {
        return committedTransactions;
    }

    void transactions(java.util.Set<Long> committed, org.apache.pekko.actor.ActorRef log) {
        this.committedTransactions = committed;
        this.transactionLog = log;
    }

    /** The transaction log's actor, or null without a journal. */
    public org.apache.pekko.actor.ActorRef transactionLog() {
        return transactionLog;
    }

    public boolean loading() {
        return loading;
    }

    void loading(boolean value) {
        this.loading = value;
    }

    /** Reports that the data cannot be loaded (a journal that does not read); the first cause wins. */
    public void loadFailed(Throwable cause) {
        loadFailure.compareAndSet(null, cause);
    }

    Throwable loadFailure() {
        return loadFailure.get();
    }

    public int boundPort() {
        return boundPort;
    }

    void boundPort(int port) {
        this.boundPort = port;
    }
}
