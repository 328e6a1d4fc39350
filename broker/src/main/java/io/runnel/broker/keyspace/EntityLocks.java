package io.runnel.broker.keyspace;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Which entities are held by a command that spans several (see
 * {@link KeyspaceRouter#exclusively}): a request is granted once none of its entities is held,
 * in arrival order among requests that share an entity, so none waits forever. A granted
 * command then acquires all its entities at once: no two granted commands share one, so they
 * can never wait for each other, and one round trip replaces one per entity.
 *
 * <p>Grants run on the thread that frees the entities, so a transaction waiting for the one
 * before it starts the moment that one ends, without a hand-off. As a granted command may end
 * (and grant the next) before its grant returns, grants made while one runs on the same thread
 * queue behind it instead of nesting; after a run of {@link #GRANTS_PER_THREAD} the rest go to
 * {@code overflow}, so one thread does not serve everybody's transactions while its own
 * connections wait.
 */
final class EntityLocks {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EntityLocks.class);

    static final int GRANTS_PER_THREAD = 64;

    /** The grants queued on this thread behind the one it runs, or null when it runs none. */
    private static final ThreadLocal<ArrayDeque<Runnable>> QUEUED_GRANTS = new ThreadLocal<>();

    private record Request(int[] entities, Runnable granted) {
    }

    private final boolean[] held;
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();

    private final java.util.concurrent.Executor overflow;

    EntityLocks(int entities, java.util.concurrent.Executor overflow) {
        held = new boolean[entities];
        this.overflow = overflow;
    }

    /** Runs {@code granted} (outside the lock) once every one of {@code entities} is free. */
    void acquire(int[] entities, Runnable granted) {
        boolean now;
        synchronized (this) {
            now = waiting.isEmpty() && free(entities);
            if (now) {
                hold(entities, true);
            } else {
                waiting.add(new Request(entities, granted));
            }
        }
        if (now) {
            grant(granted);
        }
    }

    /** Frees {@code entities} and grants the waiting requests that may go now. */
    void release(int[] entities) {
        java.util.List<Runnable> grants = new java.util.ArrayList<>();
        synchronized (this) {
            hold(entities, false);
            if (waiting.isEmpty()) {
                return;
            }
            // a request may not overtake an earlier one that shares an entity with it
            boolean[] claimedByEarlier = new boolean[held.length];
            Iterator<Request> it = waiting.iterator();
            while (it.hasNext()) {
                Request request = it.next();
                if (free(request.entities()) && !any(claimedByEarlier, request.entities())) {
                    hold(request.entities(), true);
                    grants.add(request.granted());
                    it.remove();
                } else {
                    for (int entity : request.entities()) {
                        claimedByEarlier[entity] = true;
                    }
                }
            }
        }
        grants.forEach(this::grant);
    }

    private void grant(Runnable granted) {
        ArrayDeque<Runnable> queued = QUEUED_GRANTS.get();
        if (queued != null) {
            queued.add(granted);
            return;
        }
        queued = new ArrayDeque<>();
        QUEUED_GRANTS.set(queued);
        try {
            runGuarded(granted);
            for (int run = 1; !queued.isEmpty(); run++) {
                Runnable next = queued.poll();
                if (run < GRANTS_PER_THREAD) {
                    runGuarded(next);
                } else {
                    overflow.execute(next);
                }
            }
        } finally {
            QUEUED_GRANTS.remove();
        }
    }

    /** A grant that throws must not strand the grants queued behind it (their entities would stay held). */
    private static void runGuarded(Runnable granted) {
        try {
            granted.run();
        } catch (RuntimeException e) {
            LOG.error("granted command failed", e);
        }
    }

    private boolean free(int[] entities) {
        return !any(held, entities);
    }

    private static boolean any(boolean[] flags, int[] entities) {
        for (int entity : entities) {
            if (flags[entity]) {
                return true;
            }
        }
        return false;
    }

    private void hold(int[] entities, boolean value) {
        for (int entity : entities) {
            held[entity] = value;
        }
    }
}
