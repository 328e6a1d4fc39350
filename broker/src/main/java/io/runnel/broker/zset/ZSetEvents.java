package io.runnel.broker.zset;

import io.runnel.broker.keyspace.KeyspaceEvent;
import io.runnel.broker.keyspace.ShardState;

/**
 * The events of sorted sets. Scores are recorded as they end up (an increment is journaled as its
 * result), so replay never computes. A set left empty is removed, as Redis removes it.
 */
public final class ZSetEvents {

    private ZSetEvents() {
    }

    /**
     * Members get these scores, the set created when missing; {@code limits} are the listpack
     * limits in force when the command ran.
     */
    public record ScoresSet(int db, byte[] key, byte[][] members, double[] scores, ZSetValue.Limits limits)
            implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            ZSetValue zset = state.valueAt(db, key) instanceof ZSetValue existing ? existing : null;
            if (zset == null) {
                zset = new ZSetValue();
                state.createKey(db, key, zset);
            }
            for (int i = 0; i < members.length; i++) {
                zset.put(members[i], scores[i], limits);
            }
            state.changedInPlace(db, key);
        }
    }

    public record MembersRemoved(int db, byte[] key, byte[][] members) implements KeyspaceEvent {
        @Override
        public void applyTo(ShardState state) {
            if (!(state.valueAt(db, key) instanceof ZSetValue zset)) {
                return;
            }
            for (byte[] member : members) {
                zset.remove(member);
            }
            state.shrunk(db, key, zset.size());
        }
    }
}
