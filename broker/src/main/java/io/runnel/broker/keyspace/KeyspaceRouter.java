package io.runnel.broker.keyspace;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends work to the keyspace entities: single-entity batches on the hot path, and exclusive
 * access to several entities for commands whose keys span them (MSET, RENAME, FLUSHALL,
 * MULTI/EXEC, ...). Exclusive access first takes the entities in a lock table
 * ({@link EntityLocks}: granted when none is held, in arrival order), so concurrent holders can
 * never deadlock, then acquires them all at once, runs the command over all of them and
 * releases them: no other command observes it half applied.
 */
public final class KeyspaceRouter {

    private static final Logger LOG = LoggerFactory.getLogger(KeyspaceRouter.class);

    private final SlotLayout layout;
    private final EntityDirectory directory;
    private final AtomicLong transactions = new AtomicLong();
    private final int[] allEntities;
    private final EntityLocks locks;

    public KeyspaceRouter(SlotLayout layout, EntityDirectory directory) {
        this.layout = layout;
        this.directory = directory;
        this.allEntities = new int[layout.entities()];
        this.locks = new EntityLocks(layout.entities());
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

    /**
     * The entities holding the keys of a command routed by its keys, ascending: every entity when
     * it may touch any key (SORT by pattern, a script that declares none), entity 0 when it names
     * none.
     */
    public int[] entitiesOf(io.runnel.broker.command.CommandSpec spec, byte[][] argv) {
        if (io.runnel.broker.command.KeySpecs.mayTouchAnyKey(spec, argv)) {
            return allEntities;
        }
        int[] positions = spec.keyPositions(argv);
        if (positions.length == 0) {
            return new int[] {0};
        }
        return java.util.Arrays.stream(positions).map(p -> layout.entityOf(argv[p])).distinct().sorted().toArray();
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
        exclusively(sortedEntities, Runnable::run, body);
    }

    /**
     * As {@link #exclusively(int[], java.util.function.Function)}, with the body run by
     * {@code executor} instead of on the thread of the entity granted last: for work that may
     * run long (scripts), so that the threads entities and connections share stay free while
     * the entities wait, held, for it.
     */
    public void exclusively(int[] sortedEntities, java.util.concurrent.Executor executor,
                            java.util.function.Function<CompositeKeyAccess, Runnable> body) {
        long txId = transactions.incrementAndGet();
        locks.acquire(sortedEntities, () -> acquire(txId, sortedEntities, executor, body));
    }

    /** Acquires every entity at once (the lock table made them this command's alone), then runs the body. */
    private void acquire(long txId, int[] entities, java.util.concurrent.Executor executor,
                         java.util.function.Function<CompositeKeyAccess, Runnable> body) {
        ShardState[] granted = new ShardState[entities.length];
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(entities.length);
        for (int i = 0; i < entities.length; i++) {
            int slot = i;
            directory.tell(entities[i], new KeyspaceEntity.Acquire(txId, state -> {
                granted[slot] = state;
                if (left.decrementAndGet() == 0) {
                    executor.execute(() -> run(txId, entities, granted, body));
                }
            }));
        }
    }

    private void run(long txId, int[] entities, ShardState[] granted, java.util.function.Function<CompositeKeyAccess, Runnable> body) {
        Runnable afterwards = null;
        try {
            afterwards = body.apply(new CompositeKeyAccess(layout, java.util.Arrays.asList(granted)));
        } catch (RuntimeException e) {
            LOG.error("exclusive command failed", e);
        } finally {
            release(txId, entities, afterwards);
        }
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
        // a later holder's Acquire reaches each entity after this Release: the entities are free to grant
        locks.release(entities);
    }
}
