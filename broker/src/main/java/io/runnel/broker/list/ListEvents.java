package io.runnel.broker.list;

import io.runnel.broker.keyspace.KeyspaceEvent;
import io.runnel.broker.keyspace.ShardState;

/**
 * The events of lists. Each records what the command did in terms replay can repeat exactly:
 * positions are resolved by the command (an LINSERT records the index it inserted at), and a
 * list left empty is removed, as Redis removes it.
 */
public final class ListEvents {

    private ListEvents() {
    }

    private static ListValue listAt(ShardState state, int db, byte[] key) {
        return state.valueAt(db, key) instanceof ListValue list ? list : null;
    }

    /** Elements pushed one by one at the head ({@code left}) or the tail; the list is created when missing. */
    public record Pushed(int db, byte[] key, boolean left, byte[][] elements) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            ListValue list = listAt(state, db, key);
            if (list == null) {
                list = new ListValue();
                state.createKey(db, key, list);
            }
            for (byte[] element : elements) {
                if (left) {
                    list.addFirst(element);
                } else {
                    list.addLast(element);
                }
            }
            state.changedInPlace(db, key);
        }
    }

    /** {@code count} elements popped from the head ({@code left}) or the tail. */
    public record Popped(int db, byte[] key, boolean left, long count) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            ListValue list = listAt(state, db, key);
            if (list == null) {
                return;
            }
            for (long i = 0; i < count && list.size() > 0; i++) {
                if (left) {
                    list.removeFirst();
                } else {
                    list.removeLast();
                }
            }
            state.shrunk(db, key, list.size());
        }
    }

    /** The element at {@code index} (0-based from the head) replaced. */
    public record ElementSet(int db, byte[] key, long index, byte[] element) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            ListValue list = listAt(state, db, key);
            if (list != null && index >= 0 && index < list.size()) {
                list.set(index, element);
                state.changedInPlace(db, key);
            }
        }
    }

    /** An element inserted at {@code index} (0-based from the head; the size appends). */
    public record Inserted(int db, byte[] key, long index, byte[] element) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            ListValue list = listAt(state, db, key);
            if (list != null && index >= 0 && index <= list.size()) {
                list.insert(index, element);
                state.changedInPlace(db, key);
            }
        }
    }

    /** The elements at the given indexes (ascending, as they stood before) removed. */
    public record Removed(int db, byte[] key, long[] indexes) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            ListValue list = listAt(state, db, key);
            if (list == null) {
                return;
            }
            for (int i = indexes.length - 1; i >= 0; i--) {
                if (indexes[i] < list.size()) {
                    list.remove(indexes[i]);
                }
            }
            state.shrunk(db, key, list.size());
        }
    }

    /** Only the elements from {@code start} to {@code end} kept (resolved, inclusive); none when start > end. */
    public record Trimmed(int db, byte[] key, long start, long end) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            ListValue list = listAt(state, db, key);
            if (list == null) {
                return;
            }
            if (start > end || start >= list.size()) {
                while (list.size() > 0) {
                    list.removeLast();
                }
            } else {
                list.keep(start, Math.min(end, list.size() - 1));
            }
            state.shrunk(db, key, list.size());
        }
    }
}
