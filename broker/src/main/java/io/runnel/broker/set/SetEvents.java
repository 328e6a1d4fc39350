package io.runnel.broker.set;

import io.runnel.broker.keyspace.KeyspaceEvent;
import io.runnel.broker.keyspace.ShardState;

/** The events of sets; a set left empty is removed, as Redis removes it. */
public final class SetEvents {

    private SetEvents() {
    }

    /** Members added, the set created when missing; an intset becomes a table beyond the limit in force when the command ran. */
    public record MembersAdded(int db, byte[] key, byte[][] members, int maxIntsetEntries) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            SetValue set = state.valueAt(db, key) instanceof SetValue existing ? existing : null;
            if (set == null) {
                set = new SetValue();
                state.createKey(db, key, set);
            }
            for (byte[] member : members) {
                set.add(member, maxIntsetEntries);
            }
            state.changedInPlace(db, key);
        }
    }

    public record MembersRemoved(int db, byte[] key, byte[][] members) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            if (!(state.valueAt(db, key) instanceof SetValue set)) {
                return;
            }
            for (byte[] member : members) {
                set.remove(member);
            }
            state.shrunk(db, key, set.size());
        }
    }
}
