package io.runnel.broker.keyspace;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends work to the keyspace entities: single-entity batches on the hot path, and exclusive
 * access to several entities for commands whose keys span them (MSET, RENAME, FLUSHALL,
 * MULTI/EXEC, ...). Exclusive access first takes the entities in a lock table
 * ({@link EntityLocks}: granted when none is held, in arrival order), so concurrent holders can
 * never deadlock, then takes each entity from its actor ({@link EntityGate}: directly when the
 * actor is idle, by message when it is busy), runs the command over all of them and lets them
 * go: no other command observes it half applied.
 */
public final class KeyspaceRouter {

    private static final Logger LOG = LoggerFactory.getLogger(KeyspaceRouter.class);

    private final SlotLayout layout;
    private final EntityDirectory directory;
    private final AtomicLong transactions = new AtomicLong();
    private final int[] allEntities;
    private final EntityLocks locks;

    /**
     * @param overflow runs the grants one thread leaves after serving a long run of waiting
     *                 multi-entity commands (see {@link EntityLocks})
     */
    public KeyspaceRouter(SlotLayout layout, EntityDirectory directory, java.util.concurrent.Executor overflow) {
        this.layout = layout;
        this.directory = directory;
        this.allEntities = new int[layout.entities()];
        this.locks = new EntityLocks(layout.entities(), overflow);
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
        if (positions.length == 1) {
            return new int[] {layout.entityOf(argv[positions[0]])};
        }
        EntitySet entities = new EntitySet(layout.entities());
        addKeys(argv, positions, entities);
        return entities.toArray();
    }

    /**
     * Adds the entities holding the keys of a command routed by its keys (entity 0 when it
     * names none); returns false, adding nothing, when it may touch any key.
     */
    public boolean addEntitiesOf(io.runnel.broker.command.CommandSpec spec, byte[][] argv, EntitySet entities) {
        if (io.runnel.broker.command.KeySpecs.mayTouchAnyKey(spec, argv)) {
            return false;
        }
        int[] positions = spec.keyPositions(argv);
        if (positions.length == 0) {
            entities.add(0);
        }
        addKeys(argv, positions, entities);
        return true;
    }

    private void addKeys(byte[][] argv, int[] positions, EntitySet entities) {
        for (int position : positions) {
            entities.add(layout.entityOf(argv[position]));
        }
    }

    /** Asks the entity owning {@code key} to offer it to its waiters again. */
    public void recheck(int db, byte[] key) {
        directory.tell(layout.entityOf(key), new KeyspaceEntity.Recheck(db, key));
    }

    /** Asks an entity to save its slot range as a snapshot; {@code done} completes when it is safe. */
    public void snapshot(int entity, java.util.concurrent.CompletableFuture<Void> done) {
        directory.tell(entity, new KeyspaceEntity.Snapshot(done));
    }

    /**
     * Runs a batch in its entity: at once on this thread when the entity is idle (its gate
     * taken for the batch, so the batch is as alone there as in the actor), else as a message
     * that the entity handles after what it has queued. Only for callers that are not running
     * inside an entity's command (a client's session): see {@link #enqueue}.
     */
    public void execute(int entity, Batch batch) {
        EntityGate gate = directory.gate(entity);
        if (gate != null && gate.tryHold()) {
            try {
                gate.runBatch(batch);
            } finally {
                gate.release();
            }
            return;
        }
        enqueue(entity, batch);
    }

    /**
     * Sends a batch to its entity as a message, always: for work raised while an entity's
     * command runs (the notification stream's XADD), which must not run inside that command.
     */
    public void enqueue(int entity, Batch batch) {
        directory.tell(entity, new KeyspaceEntity.Execute(batch));
    }

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
     * only then does the continuation run: recovery never shows half of the command. (Within
     * one entity the changes are one plain record, which needs no commit.)
     *
     * <p>The body runs on the thread that took the last of the entities (the caller's, when
     * all were free) and must not block.
     *
     * @param sortedEntities distinct entity indexes in ascending order
     */
    public void exclusively(int[] sortedEntities, java.util.function.Function<CompositeKeyAccess, Runnable> body) {
        exclusively(sortedEntities, Runnable::run, body);
    }

    /**
     * As {@link #exclusively(int[], java.util.function.Function)}, with the body run by
     * {@code executor} instead of on the thread that took the last entity: for work that may
     * run long (scripts), so that the threads entities and connections share stay free while
     * the entities wait, held, for it.
     */
    public void exclusively(int[] sortedEntities, java.util.concurrent.Executor executor,
                            java.util.function.Function<CompositeKeyAccess, Runnable> body) {
        long txId = transactions.incrementAndGet();
        locks.acquire(sortedEntities, () -> hold(txId, sortedEntities, executor, body));
    }

    /**
     * Takes every entity (the lock table made them this command's alone), then runs the body.
     * An entity whose actor is idle is taken through its gate at once; one whose actor is busy
     * (or that runs elsewhere) hands itself over by message between two of its commands.
     */
    private void hold(long txId, int[] entities, java.util.concurrent.Executor executor,
                      java.util.function.Function<CompositeKeyAccess, Runnable> body) {
        EntityGate[] gates = new EntityGate[entities.length];
        int missing = 0;
        for (int i = 0; i < entities.length; i++) {
            EntityGate gate = directory.gate(entities[i]);
            if (gate != null && gate.tryHold()) {
                gates[i] = gate;
            } else {
                missing++;
            }
        }
        if (missing == 0) {
            executor.execute(() -> run(txId, entities, gates, body));
            return;
        }
        // the decrements order each gate's store before the read of all of them
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(missing);
        for (int i = 0; i < entities.length; i++) {
            if (gates[i] != null) {
                continue;
            }
            int slot = i;
            directory.tell(entities[i], new KeyspaceEntity.Acquire(gate -> {
                gates[slot] = gate;
                if (left.decrementAndGet() == 0) {
                    executor.execute(() -> run(txId, entities, gates, body));
                }
            }));
        }
    }

    private void run(long txId, int[] entities, EntityGate[] gates, java.util.function.Function<CompositeKeyAccess, Runnable> body) {
        Runnable afterwards = null;
        try {
            ShardState[] states = new ShardState[gates.length];
            for (int i = 0; i < gates.length; i++) {
                states[i] = gates[i].state();
            }
            afterwards = body.apply(new CompositeKeyAccess(layout, java.util.Arrays.asList(states)));
        } catch (RuntimeException e) {
            LOG.error("exclusive command failed", e);
        } finally {
            release(txId, entities, gates, afterwards);
        }
    }

    /**
     * Ends the hold on every entity: each journals its part (on this thread, the entity still
     * held), then lets go; the commit record follows once every part is written, and only then
     * the continuation.
     */
    private void release(long txId, int[] entities, EntityGate[] gates, Runnable afterwards) {
        Runnable then = afterwards == null ? () -> { } : afterwards;
        // in one entity the changes are one journal record, whole or absent after a crash: a
        // plain record then, with no commit record to wait for
        boolean oneEntity = gates.length == 1;
        long partOf = oneEntity ? 0 : txId;
        java.util.concurrent.atomic.AtomicInteger unwritten = new java.util.concurrent.atomic.AtomicInteger(1);
        Runnable partWritten = () -> {
            if (unwritten.decrementAndGet() == 0) {
                if (oneEntity) {
                    then.run();
                } else {
                    // even a single part needs its commit: recovery keeps only committed parts
                    commits.commit(txId, then);
                }
            }
        };
        boolean anyPart = false;
        for (EntityGate gate : gates) {
            unwritten.incrementAndGet();
            if (gate.endHold(partOf, partWritten)) {
                anyPart = true;
            } else {
                unwritten.decrementAndGet();
            }
            gate.release();
        }
        if (anyPart) {
            partWritten.run(); // the count's own share: the commit waits for every part sent above
        } else {
            then.run();
        }
        // last: freeing the lock table may run the next holder on this thread at once
        locks.release(entities);
    }
}
