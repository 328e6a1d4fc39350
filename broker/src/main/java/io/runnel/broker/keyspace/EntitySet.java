package io.runnel.broker.keyspace;

/**
 * The entities a command or transaction needs, gathered key by key and handed out in ascending
 * order (the order {@link KeyspaceRouter#exclusively} wants): one flag per entity, so gathering
 * boxes nothing and sorting is a walk over the flags.
 */
public final class EntitySet {

    private final boolean[] members;
    private int size;

    public EntitySet(int entities) {
        members = new boolean[entities];
    }

    public void add(int entity) {
        if (!members[entity]) {
            members[entity] = true;
            size++;
        }
    }

    public void addAll() {
        java.util.Arrays.fill(members, true);
        size = members.length;
    }

    public int size() {
        return size;
    }

    public int[] toArray() {
        int[] sorted = new int[size];
        for (int entity = 0, at = 0; at < size; entity++) {
            if (members[entity]) {
                sorted[at++] = entity;
            }
        }
        return sorted;
    }
}
