package io.runnel.broker.persist;

import io.runnel.broker.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's snapshots: SAVE, BGSAVE and BGREWRITEAOF make every keyspace entity save its
 * state as a snapshot (each entity pauses only for the time it takes to encode its own slot
 * range) after which the journal's older events are deleted and its segments compacted. The
 * {@code save <seconds> <changes>} rules start background saves, and the INFO persistence fields
 * come from here. With appendonly no there is no journal: a save writes the dump file
 * ({@link DumpFile}), which the next start loads, and there is nothing to rewrite.
 */
public final class SnapshotService {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);

    /** What is under way; SAVE and BGSAVE are saves, BGREWRITEAOF a rewrite, Redis counts them apart. */
    public enum Kind { SAVE, REWRITE }

    private final ServerContext server;
    private final LongAdder changes = new LongAdder();
    private volatile long lastSaveSeconds;
    private volatile long lastSaveAttemptMillis;
    private volatile boolean saving;
    private volatile boolean rewriting;
    private volatile boolean rewriteScheduled;
    private volatile boolean saveScheduled;
    private volatile boolean lastSaveOk = true;
    private volatile boolean lastRewriteOk = true;
    private volatile long saves;
    private volatile long rewrites;
    private volatile long lastSaveDurationSeconds = -1;
    private volatile long lastRewriteDurationSeconds = -1;
    private volatile long startedMillis;
    private long changesAtStart;

    public SnapshotService(ServerContext server) {
        this.server = server;
        this.lastSaveSeconds = System.currentTimeMillis() / 1000;
        this.lastSaveAttemptMillis = System.currentTimeMillis();
    }

    private final java.util.concurrent.atomic.AtomicInteger refusingJournals = new java.util.concurrent.atomic.AtomicInteger();

    private volatile String journalFailure = "";

    /** An entity's journal started refusing writes (with why) or, with null, stopped: aof_last_write_status. */
    public void journalHealth(String failure) {
        if (failure != null) {
            journalFailure = failure;
        }
        refusingJournals.addAndGet(failure == null ? -1 : 1);
    }

    public boolean journalWritesOk() {
        return refusingJournals.get() <= 0;
    }

    /**
     * Why writes are refused now (any entity's journal refusing them, as Redis refuses every write
     * while its AOF cannot be written), or null.
     */
    public String journalFailure() {
        return journalWritesOk() ? null : journalFailure;
    }

    /** Redis's error for a write refused because the journal cannot be written, for {@code failure}. */
    public static String writeRefusal(String failure) {
        return "MISCONF Errors writing to the AOF file: " + failure;
    }

    /** Counts events written since the last snapshot (rdb_changes_since_last_save). */
    public void changed(int events) {
        changes.add(events);
    }

    /** Whether snapshots go to the journal's snapshot store (appendonly yes) rather than the dump file. */
    public boolean journaled() {
        return server.config().getBool("appendonly");
    }

    public boolean inProgress() {
        return saving || rewriting;
    }

    /**
     * Starts a snapshot of every entity; the future completes when all are safe. Fails at once
     * when one is under way already or snapshots cannot be taken.
     */
    public synchronized CompletableFuture<Void> start(Kind kind) {
        if (kind == Kind.REWRITE && !journaled()) {
            return CompletableFuture.failedFuture(new IllegalStateException("rewrites need appendonly yes"));
        }
        if (inProgress()) {
            return CompletableFuture.failedFuture(new IllegalStateException("already in progress"));
        }
        if (kind == Kind.SAVE) {
            saving = true;
        } else {
            rewriting = true;
        }
        startedMillis = System.currentTimeMillis();
        lastSaveAttemptMillis = startedMillis;
        changesAtStart = changes.sum();
        if (!journaled()) {
            current = dump().whenComplete((ok, failure) -> finish(kind, failure));
            return current;
        }
        // the transaction log's mark first: commit records up to it vouch only for parts written
        // before the snapshots are taken, which the snapshots then hold
        org.apache.pekko.actor.ActorRef log = server.transactionLog();
        CompletableFuture<Long> mark = new CompletableFuture<>();
        if (log == null) {
            mark.complete(0L);
        } else {
            log.tell(new TransactionLog.Mark(mark), org.apache.pekko.actor.ActorRef.noSender());
        }
        // a transaction log that does not answer fails the save instead of leaving it under way forever
        current = mark.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).thenCompose(markedAt -> {
            List<CompletableFuture<Void>> entities = new ArrayList<>();
            for (int entity : server.router().allEntities()) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                server.router().snapshot(entity, done);
                entities.add(done);
            }
            return CompletableFuture.allOf(entities.toArray(new CompletableFuture[0])).thenRun(() -> {
                if (log != null) {
                    log.tell(new TransactionLog.Forget(markedAt), org.apache.pekko.actor.ActorRef.noSender());
                }
            });
        }).whenComplete((ok, failure) -> finish(kind, failure));
        return current;
    }

    /** The save or rewrite under way (or the last one). */
    private CompletableFuture<Void> current = CompletableFuture.completedFuture(null);

    /**
     * A save that starts once the one under way, if any, is over (SHUTDOWN and SIGTERM save
     * what the server holds at that moment, whatever a background save began with).
     */
    public synchronized CompletableFuture<Void> saveAfterCurrent() {
        if (!inProgress()) {
            return start(Kind.SAVE);
        }
        return current.handle((ok, failure) -> null).thenCompose(ignored -> saveAfterCurrent());
    }

    /**
     * FLUSHALL with save rules set and no journal: the emptied keyspace goes to the dump file, as
     * Redis saves it then, so that a restart does not bring back what was flushed (a save under
     * way is followed by this one). With a journal the flush is journaled like any write.
     */
    public void afterFlushAll() {
        if (!journaled() && !server.config().get("save").isBlank()) {
            saveAfterCurrent();
        }
    }

    /**
     * Whether stopping the server saves first, as Redis does: without a journal (the journal
     * holds everything already), when save rules are set or SHUTDOWN SAVE asks, unless NOSAVE.
     */
    public boolean savesOnShutdown(boolean save, boolean noSave) {
        return !journaled() && !noSave && (save || !server.config().get("save").isBlank());
    }

    /** Writes the dump file away from the event loops (a large dataset takes a while). */
    private final java.util.concurrent.ExecutorService dumpWriter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "runnel-save");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Saves the dump file: every entity is held at once, as by a command spanning them all, and
     * encodes its slot range, so the file is one moment of the whole keyspace (a command spanning
     * entities is in it whole or not at all); the holds end once all are encoded, and the file is
     * written in the background.
     */
    private CompletableFuture<Void> dump() {
        CompletableFuture<List<byte[]>> encoded = new CompletableFuture<>();
        int[] entities = server.router().allEntities();
        server.router().exclusively(entities, access -> {
            try {
                byte[][] parts = new byte[entities.length][];
                for (io.runnel.broker.keyspace.ShardState shard : access.shards()) {
                    parts[shard.index()] = ShardSnapshot.write(shard);
                }
                encoded.complete(java.util.Arrays.asList(parts));
            } catch (RuntimeException e) {
                encoded.completeExceptionally(e);
            }
            return null;
        });
        java.nio.file.Path file = server.dumpFile();
        byte[] functions = server.functions().dump();
        return encoded.thenAcceptAsync(parts -> {
            try {
                DumpFile.write(file, parts, functions);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e.getMessage(), e);
            }
        }, dumpWriter);
    }

    private synchronized void finish(Kind kind, Throwable failure) {
        long seconds = (System.currentTimeMillis() - startedMillis) / 1000;
        if (kind == Kind.SAVE) {
            saving = false;
            lastSaveOk = failure == null;
            lastSaveDurationSeconds = seconds;
        } else {
            rewriting = false;
            lastRewriteOk = failure == null;
            lastRewriteDurationSeconds = seconds;
        }
        if (failure == null) {
            changes.add(-changesAtStart);
            lastSaveSeconds = System.currentTimeMillis() / 1000;
            if (kind == Kind.SAVE) {
                saves++;
            } else {
                rewrites++;
            }
            journalBaseBytes = -1; // measured again at the next check, once the compaction is done
        } else {
            LOG.error("snapshot failed", failure);
        }
        if (rewriteScheduled) {
            rewriteScheduled = false;
            start(Kind.REWRITE);
        } else if (saveScheduled) {
            saveScheduled = false;
            start(Kind.SAVE);
        }
    }

    /** BGREWRITEAOF while a save runs, BGSAVE SCHEDULE while a rewrite runs: done right after it. */
    public synchronized void schedule(Kind kind) {
        if (kind == Kind.REWRITE) {
            rewriteScheduled = true;
        } else {
            saveScheduled = true;
        }
    }

    /**
     * Checks the save rules (run about once a second): a rule "seconds changes" starts a
     * background save once that many changes are older than the last save by that many seconds.
     * After a failed save, the next try waits 5 seconds, as in Redis.
     */
    public void checkRules() {
        if (inProgress()) {
            return;
        }
        if (journaled() && journalOutgrown()) {
            LOG.info("Starting automatic rewriting of the journal on {}% growth",
                    server.config().getLong("auto-aof-rewrite-percentage"));
            start(Kind.REWRITE);
            return;
        }
        long now = System.currentTimeMillis();
        if (!lastSaveOk && now - lastSaveAttemptMillis < 5000) {
            return;
        }
        String[] rule = server.config().get("save").trim().split("\\s+");
        long pending = changes.sum();
        for (int i = 0; i + 1 < rule.length; i += 2) {
            long seconds = Long.parseLong(rule[i]);
            long needed = Long.parseLong(rule[i + 1]);
            if (pending >= needed && now / 1000 - lastSaveSeconds >= seconds) {
                LOG.info("{} changes in {} seconds. Saving...", needed, seconds);
                start(Kind.SAVE);
                return;
            }
        }
    }

    /** The journal's size after the last rewrite (or at start), for auto-aof-rewrite-percentage. */
    private volatile long journalBaseBytes = -1;

    /**
     * Redis's automatic AOF rewrite: once the journal is over auto-aof-rewrite-min-size and has
     * grown by auto-aof-rewrite-percentage since the last rewrite (or the start), compact it, so
     * that a restart replays a bounded journal after the snapshots.
     */
    private boolean journalOutgrown() {
        long percentage = server.config().getLong("auto-aof-rewrite-percentage");
        if (percentage == 0 || !server.config().get("journal-backend").equals("embedded")) {
            return false;
        }
        long size = io.runnel.persistence.log.RecordLog.bytesIn(server.config().journalDirectory());
        if (journalBaseBytes < 0) {
            journalBaseBytes = size;
        }
        long base = Math.max(journalBaseBytes, 1);
        return size >= server.config().getLong("auto-aof-rewrite-min-size") && (size - base) * 100 / base >= percentage;
    }

    public long changesSinceLastSave() {
        return Math.max(0, changes.sum());
    }

    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    public boolean saving() {
        return saving;
    }

    public boolean rewriting() {
        return rewriting;
    }

    public boolean rewriteScheduled() {
        return rewriteScheduled;
    }

    public boolean lastSaveOk() {
        return lastSaveOk;
    }

    public boolean lastRewriteOk() {
        return lastRewriteOk;
    }

    public long saves() {
        return saves;
    }

    public long rewrites() {
        return rewrites;
    }

    public long lastSaveDurationSeconds() {
        return lastSaveDurationSeconds;
    }

    public long lastRewriteDurationSeconds() {
        return lastRewriteDurationSeconds;
    }

    /** Seconds the save under way has run, or -1. */
    public long currentSeconds(Kind kind) {
        boolean running = kind == Kind.SAVE ? saving : rewriting;
        return running ? (System.currentTimeMillis() - startedMillis) / 1000 : -1;
    }
}
