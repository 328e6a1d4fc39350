package io.runnel.broker.keyspace;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends work to the keyspace entities: single-entity batches on the hot path, and exclusive
 * access to several entities for commands whose keys span them (MSET, RENAME, FLUSHALL, ...;
 * later MULTI/EXEC and scripts). Exclusive access acquires the entities one after the other in
 * ascending index order, so concurrent holders can never deadlock, then runs the command over
 * all of them at once and releases them: no other command observes it half applied.
 */
public final class KeyspaceRouter {

    private static final Logger LOG = LoggerFactory.getLogger(KeyspaceRouter.class);

    private final SlotLayout layout;
    private final EntityDirectory directory;
    private final AtomicLong transactions = new AtomicLong();
    private final int[] allEntities;

    public KeyspaceRouter(SlotLayout layout, EntityDirectory directory) {
        this.layout = layout;
        this.directory = directory;
        this.allEntities = new int[layout.entities()];
        // transaction ids stay unique across restarts: they start from the clock
        this.transactions.set(System.currentTimeMillis() * 1000);
        for (int i = 0; i < allEntities.length; i++) {
            allEntities[i] = i;
        }
    }

    public SlotLayout layout() {
        return layout;
    }

    public int[] allEntities() {
        return allEntities;
    }

    /** Asks the entity owning {@code key} to offer it to its waiters again. */
    public void recheck(int db, byte[] key) {
        directory.tell(layout.entityOf(key), new KeyspaceEntity.Recheck(db, key));
    }

    /** Asks an entity to save its slot range as a snapshot; {@code done} completes when it is safe. */
    public void snapshot(int entity, java.util.concurrent.CompletableFuture<Void> done) {
        directory.tell(entity, new KeyspaceEntity.Snapshot(done));
    }

    public void execute(int entity, Batch batch) {
        directory.tell(entity, new KeyspaceEntity.Execute(batch));
    }

    /**
     * Runs {@code body} with the given entities held. The body runs on the thread of the entity
     * granted last and must not block; the entities are released as soon as it returns.
     *
     * @param sortedEntities distinct entity indexes in ascending order
     */
    /** Writes a transaction's commit record and runs the continuation once it is written. */
    @FunctionalInterface
    public interface Commits {
        void commit(long transactionId, Runnable done);
    }

    /** Without a journal there is nothing to commit: the continuation runs at once. */
    private volatile Commits commits = (transactionId, done) -> done.run();

    /** Connects the transaction log (appendonly yes). */
    public void commits(Commits value) {
        this.commits = value;
    }

    /**
     * Runs {@code body} with the given entities held, then releases them. The body returns what
     * to do once its effects are durable (the reply), or null (a blocked command answers
     * later). Each entity journals its part of the changes marked with the transaction's id;
     * when any entity changed, the transaction's commit record is written after all parts, and
     * only then does the continuation run: recovery never shows half of the command.
     */
    public void exclusively(int[] sortedEntities, java.util.function.Function<CompositeKeyAccess, Runnable> body) {
        long txId = transactions.incrementAndGet();
        acquire(txId, sortedEntities, 0, new ArrayList<>(sortedEntities.length), body);
    }

    private void acquire(long txId, int[] entities, int next, List<ShardState> granted,
                         java.util.function.Function<CompositeKeyAccess, Runnable> body) {
        directory.tell(entities[next], new KeyspaceEntity.Acquire(txId, state -> {
            granted.add(state);
            if (next + 1 < entities.length) {
                acquire(txId, entities, next + 1, granted, body);
                return;
            }
            Runnable afterwards = null;
            try {
                afterwards = body.apply(new CompositeKeyAccess(layout, granted));
            } catch (RuntimeException e) {
                LOG.error("exclusive command failed", e);
            } finally {
                release(txId, entities, afterwards);
            }
        }));
    }

    private void release(long txId, int[] entities, Runnable afterwards) {
        java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger(entities.length);
        java.util.concurrent.atomic.AtomicInteger parts = new java.util.concurrent.atomic.AtomicInteger();
        Runnable then = afterwards == null ? () -> { } : afterwards;
        for (int entity : entities) {
            directory.tell(entity, new KeyspaceEntity.Release(txId, wrotePart -> {
                if (wrotePart) {
                    parts.incrementAndGet();
                }
                if (pending.decrementAndGet() == 0) {
                    if (parts.get() > 0) {
                        // even a single part needs its commit: recovery keeps only committed parts
                        commits.commit(txId, then);
                    } else {
                        then.run();
                    }
                }
            }));
        }
    }
}
