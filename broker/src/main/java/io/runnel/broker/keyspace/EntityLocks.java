package io.runnel.broker.keyspace;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Which entities are held by a command that spans several (see
 * {@link KeyspaceRouter#exclusively}): a request is granted once none of its entities is held,
 * in arrival order among requests that share an entity, so none waits forever. A granted
 * command then acquires all its entities at once: no two granted commands share one, so they
 * can never wait for each other, and one round trip replaces one per entity.
 */
final class EntityLocks {

    private record Request(int[] entities, Runnable granted) {
    }

    private final boolean[] held;
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();

    EntityLocks(int entities) {
        held = new boolean[entities];
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
            granted.run();
        }
    }

    /** Frees {@code entities} and grants the waiting requests that may go now. */
    void release(int[] entities) {
        java.util.List<Runnable> grants = new java.util.ArrayList<>();
        synchronized (this) {
            hold(entities, false);
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
        grants.forEach(Runnable::run);
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
