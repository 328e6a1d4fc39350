package io.runnel.broker.keyspace;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Routes messages to keyspace entities. Entities running on this node register their own
 * reference when they start, and messages to them skip the shard region and shard actors (two
 * mailbox hops per message); entities not known here go through Cluster Sharding, which also
 * starts them on demand.
 *
 * <p>Keyspace entities are never passivated, so a registered reference stays valid while this
 * node owns the slot range. A rebalance to another node (several nodes) unregisters it on stop.
 */
public final class EntityDirectory {

    private final AtomicReferenceArray<ActorRef<KeyspaceEntity.Command>> local;
    private final AtomicReferenceArray<EntityGate> gates;
    private volatile EntityRef<KeyspaceEntity.Command>[] sharded;

    public EntityDirectory(int entities) {
        this.local = new AtomicReferenceArray<>(entities);
        this.gates = new AtomicReferenceArray<>(entities);
    }

    /** Connects the directory to Cluster Sharding, once sharding is initialised. */
    public void attach(EntityRef<KeyspaceEntity.Command>[] refs) {
        this.sharded = refs;
    }

    public int size() {
        return local.length();
    }

    void register(int index, ActorRef<KeyspaceEntity.Command> ref, EntityGate gate) {
        gates.set(index, gate);
        local.set(index, ref);
    }

    void unregister(int index, ActorRef<KeyspaceEntity.Command> ref) {
        if (local.compareAndSet(index, ref, null)) {
            gates.set(index, null);
        }
    }

    /** The gate of an entity running on this node, or null (held through messages then). */
    EntityGate gate(int index) {
        return gates.get(index);
    }

    public void tell(int index, KeyspaceEntity.Command message) {
        ActorRef<KeyspaceEntity.Command> ref = local.get(index);
        if (ref != null) {
            ref.tell(message);
        } else {
            sharded[index].tell(message);
        }
    }
}
