package io.runnel.broker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandTable;
import io.runnel.broker.commands.Families;
import io.runnel.broker.config.ServerConfig;
import io.runnel.broker.keyspace.EntityDirectory;
import io.runnel.broker.keyspace.KeyspaceEntity;
import io.runnel.broker.keyspace.KeyspaceRouter;
import io.runnel.broker.keyspace.SlotLayout;
import io.runnel.broker.net.EventLoopExecutorConfigurator;
import io.runnel.broker.net.Gateway;
import io.runnel.broker.persist.SnapshotService;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts Runnel: the actor system (a cluster of one unless configured otherwise), the sharded
 * keyspace entities, the command table and the TCP gateway.
 */
public final class RunnelServer implements AutoCloseable {

    /** The dispatcher of the keyspace entities: the gateway's event loops (see EventLoopExecutorConfigurator). */
    static final String KEYSPACE_DISPATCHER = ServerContext.KEYSPACE_DISPATCHER;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunnelServer.class);

    public static final EntityTypeKey<KeyspaceEntity.Command> KEYSPACE = EntityTypeKey.create(KeyspaceEntity.Command.class, "keyspace");

    private final ServerContext context;
    private final ActorSystem<Void> system;
    private final Gateway gateway;
    private final int port;
    private final ScheduledExecutorService sampler;
    private volatile boolean closed;

    private RunnelServer(ServerContext context, ActorSystem<Void> system, Gateway gateway, int port) {
        this.context = context;
        this.system = system;
        this.gateway = gateway;
        this.port = port;
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "runnel-stats");
            thread.setDaemon(true);
            return thread;
        });
        // INFO's instantaneous rates and memory peak come from samples taken ten times a second
        sampler.scheduleAtFixedRate(() -> context.stats().sample(System.currentTimeMillis()),
                0, ServerStats.SAMPLE_PERIOD_MS, TimeUnit.MILLISECONDS);
        // the save rules ("save 3600 1 300 100 60 10000") are checked once a second, as Redis's cron does
        sampler.scheduleWithFixedDelay(() -> {
            try {
                context.persistence().checkRules();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RunnelServer.class).error("save rules", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    public static RunnelServer start(ServerConfig config) throws InterruptedException {
        return start(config, Families.all());
    }

    public static RunnelServer start(ServerConfig config, List<CommandFamily> families) throws InterruptedException {
        ServerContext context = new ServerContext(config);
        context.commands(CommandTable.build(families));
        SlotLayout layout = new SlotLayout(config.getInt("keyspace-entities"));

        Gateway gateway = new Gateway(context, config.getInt("io-threads"));
        String loopsName = "runnel-" + context.runId();
        EventLoopExecutorConfigurator.install(loopsName, gateway.workers());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "runnel", actorConfig(loopsName, config));
        try {
            prepareJdbcSchema(config, system);
        } catch (RuntimeException e) {
            system.terminate();
            gateway.close();
            throw e;
        }
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));

        EntityDirectory directory = new EntityDirectory(layout.entities());
        ClusterSharding sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(KEYSPACE, entity -> KeyspaceEntity.create(context, Integer.parseInt(entity.getEntityId()), directory))
                .withMessageExtractor(io.runnel.broker.keyspace.SlotShards.<KeyspaceEntity.Command>keyspace())
                .withEntityProps(DispatcherSelector.fromConfig(KEYSPACE_DISPATCHER)));
        @SuppressWarnings("unchecked")
        EntityRef<KeyspaceEntity.Command>[] refs = new EntityRef[layout.entities()];
        for (int i = 0; i < refs.length; i++) {
            refs[i] = sharding.entityRefFor(KEYSPACE, Integer.toString(i));
        }
        directory.attach(refs);
        KeyspaceRouter router = new KeyspaceRouter(layout, directory,
                system.dispatchers().lookup(DispatcherSelector.fromConfig(KEYSPACE_DISPATCHER)));
        context.router(router);
        if (config.getBool("appendonly")) {
            try {
                startTransactionLog(context, system, router);
                startFunctionLog(context, system);
            } catch (RuntimeException e) {
                system.terminate();
                gateway.close();
                throw e;
            }
        }
        context.pubSub(new io.runnel.broker.pubsub.PubSub(system, KEYSPACE_DISPATCHER, layout));
        // With a journal to replay or a dump file to load, clients may connect meanwhile and are
        // answered -LOADING, as Redis answers while it loads; with neither the entities start in
        // moments.
        boolean journaled = config.getBool("appendonly");
        boolean dumped;
        try {
            dumped = !journaled && loadDumpFile(context, layout.entities());
        } catch (RuntimeException e) {
            system.terminate();
            gateway.close();
            throw e;
        }
        boolean loads = journaled || dumped;
        context.loading(loads);
        if (!loads) {
            startEntities(context, directory, layout.entities());
        }
        int port;
        try {
            port = gateway.bind(config.bind(), config.port());
            context.boundPort(port);
            if (loads) {
                long began = System.nanoTime();
                startEntities(context, directory, layout.entities());
                LOG.info("DB loaded from {}: {} seconds", journaled ? "append only file" : "disk",
                        String.format("%.3f", (System.nanoTime() - began) / 1e9));
                context.loading(false);
            }
        } catch (RuntimeException | InterruptedException e) {
            system.terminate();
            gateway.close();
            throw e;
        }
        RunnelServer server = new RunnelServer(context, system, gateway, port);
        // embedded servers (tests) only stop; the process entry point also exits
        context.onShutdown(() -> new Thread(server::close, "runnel-shutdown").start());
        return server;
    }

    /**
     * Reads the dump file of a server without a journal (Redis's dump.rdb), if there is one, and
     * hands each entity its slot range, which it loads as it starts; false when there is none.
     */
    private static boolean loadDumpFile(ServerContext context, int entities) {
        io.runnel.broker.persist.DumpFile.Contents contents;
        try {
            contents = io.runnel.broker.persist.DumpFile.read(context.dumpFile(), entities);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the data cannot be loaded: " + e.getMessage(), e);
        }
        if (contents == null) {
            return false;
        }
        if (contents.functions() != null) {
            recoverFunctions(context, contents.functions(), context.dumpFile().toString());
        }
        context.dumped(contents.entities());
        return true;
    }

    /** Loads saved function libraries; libraries that no longer load stop the start, naming the file. */
    private static void recoverFunctions(ServerContext context, byte[] payload, String from) {
        try {
            context.functions().recover(payload);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the data cannot be loaded: the function libraries in " + from + ": " + e.getMessage(), e);
        }
    }

    /**
     * Recovers the function libraries from their journal and sends every later change there; a
     * FUNCTION LOAD, DELETE, FLUSH or RESTORE answers once its change is written.
     */
    private static void startFunctionLog(ServerContext context, ActorSystem<Void> system) {
        java.util.concurrent.CompletableFuture<byte[]> recovered = new java.util.concurrent.CompletableFuture<>();
        org.apache.pekko.actor.ActorRef log = ((org.apache.pekko.actor.ExtendedActorSystem) system.classicSystem()).systemActorOf(
                org.apache.pekko.actor.Props.create(
                io.runnel.broker.persist.FunctionLog.class, () -> new io.runnel.broker.persist.FunctionLog(recovered))
                        .withDispatcher(KEYSPACE_DISPATCHER),
                "functions");
        byte[] payload;
        try {
            payload = recovered.get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("the data cannot be loaded: the function journal: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        }
        if (payload != null) {
            recoverFunctions(context, payload, "the journal");
        }
        context.functions().persistTo((libraries, done, failed) -> log.tell(
                new io.runnel.broker.persist.FunctionLog.Save(libraries, done, failed), org.apache.pekko.actor.ActorRef.noSender()));
    }

    /**
     * Recovers the transaction log before any entity replays (an entity's part of a command that
     * spanned entities is applied only if the log holds its commit record), then connects it to
     * the router for new commits.
     */
    private static void startTransactionLog(ServerContext context, ActorSystem<Void> system, KeyspaceRouter router) {
        java.util.concurrent.CompletableFuture<java.util.Set<Long>> recovered = new java.util.concurrent.CompletableFuture<>();
        org.apache.pekko.actor.ActorRef log = ((org.apache.pekko.actor.ExtendedActorSystem) system.classicSystem()).systemActorOf(
                org.apache.pekko.actor.Props.create(
                io.runnel.broker.persist.TransactionLog.class, () -> new io.runnel.broker.persist.TransactionLog(recovered))
                        .withDispatcher(KEYSPACE_DISPATCHER),
                "transactions");
        try {
            context.transactions(recovered.get(10, TimeUnit.MINUTES), log);
        } catch (Exception e) {
            throw new IllegalStateException("the data cannot be loaded: the transaction log: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        }
        router.commits((transactionId, done) -> log.tell(new io.runnel.broker.persist.TransactionLog.Commit(transactionId, done),
                org.apache.pekko.actor.ActorRef.noSender()));
    }

    /**
     * Starts every keyspace entity (each replays its journal first, if there is one) and waits
     * until all have, or until one reports that its journal cannot be read.
     */
    private static void startEntities(ServerContext context, EntityDirectory directory, int entities) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(entities);
        for (int i = 0; i < entities; i++) {
            directory.tell(i, new KeyspaceEntity.Started(started::countDown));
        }
        while (!started.await(100, TimeUnit.MILLISECONDS)) {
            Throwable failure = context.loadFailure();
            if (failure != null) {
                throw new IllegalStateException("the data cannot be loaded: " + failure.getMessage(), failure);
            }
        }
    }

    /**
     * With appendonly yes, the keyspace entities journal through Runnel's embedded journal
     * (persistence/) in {@code <dir>/appendonlydir}, fsyncing as appendfsync says; with
     * journal-backend jdbc, through Pekko's JDBC plugin into PostgreSQL (the journal several nodes
     * share). Any other plugin is a matter of configuration: -Dpekko.persistence.journal.plugin=...
     */
    private static Config persistenceConfig(ServerConfig config) {
        if (config.get("journal-backend").equals("jdbc")) {
            return ConfigFactory.parseString(String.join("\n",
                    "pekko.persistence.journal.plugin = jdbc-journal",
                    "pekko.persistence.snapshot-store.plugin = jdbc-snapshot-store",
                    "pekko-persistence-jdbc.shared-databases.runnel.profile = \"slick.jdbc.PostgresProfile$\"",
                    "pekko-persistence-jdbc.shared-databases.runnel.db.url = " + ConfigUtil.quoteString(config.get("jdbc-url")),
                    "pekko-persistence-jdbc.shared-databases.runnel.db.user = " + ConfigUtil.quoteString(config.get("jdbc-user")),
                    "pekko-persistence-jdbc.shared-databases.runnel.db.password = " + ConfigUtil.quoteString(config.get("jdbc-password")),
                    "pekko-persistence-jdbc.shared-databases.runnel.db.driver = org.postgresql.Driver",
                    "pekko-persistence-jdbc.shared-databases.runnel.db.numThreads = 4",
                    "pekko-persistence-jdbc.shared-databases.runnel.db.maxConnections = 4",
                    "pekko-persistence-jdbc.shared-databases.runnel.db.minConnections = 1",
                    "jdbc-journal.use-shared-db = runnel",
                    "jdbc-snapshot-store.use-shared-db = runnel",
                    "jdbc-read-journal.use-shared-db = runnel"));
        }
        java.nio.file.Path journalDir = config.journalDirectory();
        return ConfigFactory.parseString(String.join("\n",
                "pekko.persistence.journal.plugin = runnel.journal",
                "pekko.persistence.snapshot-store.plugin = runnel.snapshots",
                "runnel.snapshots.class = io.runnel.persistence.snapshot.FileSnapshotStore",
                "runnel.snapshots.dir = " + ConfigUtil.quoteString(journalDir.resolve("snapshots").toString()),
                "runnel.journal.class = io.runnel.persistence.journal.SegmentJournal",
                // the embedded journal, and the actor Pekko gives it to order its confirmations,
                // run on the event loops with the entities and their journal actors: a write
                // then reaches the log and its reply the client without waking another thread,
                // and with appendfsync always the loop forces the log once per round, as Redis
                // forces its AOF in its one thread (see docs/persistence.md, "Threads")
                "runnel.journal.plugin-dispatcher = " + KEYSPACE_DISPATCHER,
                "pekko.actor.deployment.\"/runnel.journal/*\".dispatcher = " + KEYSPACE_DISPATCHER,
                // Pekko's replay filter guards against two processes writing one persistence id
                // (a split cluster); one embedded journal has one writer per entity, and the
                // filter would cost every replayed event a hop through another actor
                "runnel.journal.replay-filter.mode = off",
                "runnel.journal.dir = " + ConfigUtil.quoteString(journalDir.toString()),
                "runnel.journal.fsync = " + config.get("appendfsync"),
                "runnel.journal.segment-size = 64m",
                "runnel.journal.truncate-corrupt = off"));
    }

    /** Creates the JDBC journal's tables when they are missing (journal-backend jdbc). */
    private static void prepareJdbcSchema(ServerConfig config, ActorSystem<Void> system) {
        if (!config.getBool("appendonly") || !config.get("journal-backend").equals("jdbc")) {
            return;
        }
        try {
            org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils.createIfNotExists(system)
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the JDBC journal's tables cannot be created at " + config.get("jdbc-url")
                    + ": " + e.getMessage(), e);
        }
    }

    private static Config actorConfig(String eventLoops, ServerConfig config) {
        int cores = Runtime.getRuntime().availableProcessors();
        Config defaults = ConfigFactory.parseString(String.join("\n",
                "pekko.loglevel = WARNING",
                "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
                "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
                "pekko.actor.provider = cluster",
                "pekko.remote.artery.canonical.hostname = 127.0.0.1",
                "pekko.remote.artery.canonical.port = 0",
                "pekko.cluster.jmx.enabled = off",
                "pekko.cluster.log-info = off",
                "pekko.cluster.sharding.passivation.strategy = none",
                "pekko.cluster.sharding.number-of-shards = 128",
                // Regions and shards on the event loops too: a message routed through sharding
                // (every pub/sub command) then needs no thread hand-off on its way to an entity.
                "pekko.cluster.sharding.use-dispatcher = " + KEYSPACE_DISPATCHER,
                "pekko.coordinated-shutdown.exit-jvm = off",
                "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
                "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = " + Math.max(2, cores),
                "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = " + Math.max(2, cores),
                "pekko.actor.default-dispatcher.throughput = 64",
                KEYSPACE_DISPATCHER + ".type = Dispatcher",
                KEYSPACE_DISPATCHER + ".executor = \"" + EventLoopExecutorConfigurator.class.getName() + "\"",
                KEYSPACE_DISPATCHER + ".event-loops = \"" + eventLoops + "\"",
                KEYSPACE_DISPATCHER + ".throughput = 64"))
                .withFallback(persistenceConfig(config))
                .withFallback(ConfigFactory.load());
        // -Dpekko... system properties still win, for tuning without a rebuild
        return ConfigFactory.systemProperties().withFallback(defaults);
    }

    public int port() {
        return port;
    }

    public ServerContext context() {
        return context;
    }

    public boolean nativeTransport() {
        return gateway.nativeTransport();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sampler.shutdownNow();
        // stop accepting, stop the actors (entities run on the event loops), then the loops
        gateway.stopListening();
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway
        }
        gateway.close();
    }

    /**
     * SIGTERM or SIGINT: as Redis, a server without a journal saves its dump file first when save
     * rules are set (the journal holds everything already); a save that fails is logged, and the
     * server stops anyway (a signal cannot be refused here).
     */
    private void stopOnSignal() {
        if (closed) {
            return; // SHUTDOWN got here first and has saved already
        }
        SnapshotService saves = context.persistence();
        if (saves.savesOnShutdown(false, false)) {
            LOG.info("Saving the final snapshot before exiting.");
            try {
                saves.saveAfterCurrent().get(10, TimeUnit.MINUTES);
                LOG.info("DB saved on disk");
            } catch (Exception e) {
                LOG.error("Error trying to save the DB before exiting", e);
            }
        }
        close();
    }

    public static void main(String[] args) {
        // initialise logging before the actor system's threads race to do it
        org.slf4j.LoggerFactory.getLogger(RunnelServer.class);
        ServerConfig config;
        try {
            config = ServerConfig.fromArguments(args);
        } catch (ServerConfig.ConfigException | java.io.IOException e) {
            System.err.println("*** FATAL CONFIG ERROR ***");
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        try {
            long startedAt = System.nanoTime();
            RunnelServer server = start(config);
            server.context().onShutdown(() -> new Thread(() -> {
                server.close();
                System.exit(0);
            }, "runnel-shutdown").start());
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopOnSignal, "runnel-stop"));
            System.out.printf("Runnel %s (Redis %s compatible) ready to accept connections on %s port %d, pid %d, started in %d ms%n",
                    ServerContext.RUNNEL_VERSION, ServerContext.REDIS_VERSION, String.join(" ", config.bind()),
                    server.port(), ProcessHandle.current().pid(), Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
            System.out.flush();
        } catch (Exception e) {
            System.err.println("Runnel failed to start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }
}
