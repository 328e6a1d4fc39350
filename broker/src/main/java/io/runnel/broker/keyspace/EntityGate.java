package io.runnel.broker.keyspace;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may touch one entity's state right now: its own actor (while it handles a message), one
 * holder (a command spanning several entities, see {@link KeyspaceRouter#exclusively}, or a
 * client's batch run on its own thread, see {@link KeyspaceRouter#execute}), or nobody. A
 * holder that finds the entity idle takes it with one compare-and-set instead of a message
 * round trip to the actor, and gives it back the same way; one that finds it taken falls back
 * to a message. The actor, finding the entity held, parks its messages and asks for a wake-up,
 * which the holder sends when it lets go. Only the holder of the moment changes the state away
 * from held, so would-be holders racing for a free entity need nothing more than the
 * compare-and-set.
 */
final class EntityGate {

    /** The actor handles no message and no holder has the entity. */
    private static final int FREE = 0;
    /** The actor is handling a message (also: not yet live). */
    private static final int ACTOR = 1;
    /** A holder has the entity. */
    private static final int HELD = 2;
    /** A holder has the entity and the actor has parked messages: the holder must wake it. */
    private static final int HELD_ACTOR_WAITING = 3;
    /** The holder let go and handed the entity to the actor, whose wake-up message is on its way. */
    private static final int HANDED_TO_ACTOR = 4;

    /** What the actor should do after parking a message. */
    enum AfterPark {
        /** The holder wakes the actor when it lets go. */
        WAIT,
        /** The holder already let go: the actor has the entity again and replays what it parked. */
        REPLAY
    }

    /** The entity's end of a hold: journals the holder's changes as the entity's part of it. */
    @FunctionalInterface
    interface HoldEnd {
        /**
         * Serves the clients the holder's changes unblocked and journals the changes as part
         * of transaction {@code txId}; returns false, without running {@code written}, when
         * there was nothing to journal.
         */
        boolean end(long txId, Runnable written);
    }

    private final AtomicInteger owner = new AtomicInteger(ACTOR);
    private final ShardState state;
    private final HoldEnd holdEnd;
    private final java.util.function.Consumer<Batch> batchRunner;
    private final Runnable wake;

    /**
     * @param batchRunner runs a batch as the entity's actor would (see {@link #runBatch})
     * @param wake        sends the actor the message that tells it the entity is its own again
     */
    EntityGate(ShardState state, HoldEnd holdEnd, java.util.function.Consumer<Batch> batchRunner, Runnable wake) {
        this.state = state;
        this.holdEnd = holdEnd;
        this.batchRunner = batchRunner;
        this.wake = wake;
    }

    ShardState state() {
        return state;
    }

    // --- the actor's side

    /** The actor starts handling a message if the entity is free. */
    boolean actorEnter() {
        return owner.get() == FREE && owner.compareAndSet(FREE, ACTOR);
    }

    /** The actor is done with its message (or, first of all, has become live). */
    void actorLeave() {
        owner.set(FREE);
    }

    /** On the wake-up message: the entity the holder handed over is the actor's. */
    boolean actorClaimHanded() {
        return owner.compareAndSet(HANDED_TO_ACTOR, ACTOR);
    }

    /** After the actor parked a message: asks to be woken, or takes the entity if it is free by now. */
    AfterPark actorParked() {
        while (true) {
            int now = owner.get();
            switch (now) {
                case HELD -> {
                    if (owner.compareAndSet(HELD, HELD_ACTOR_WAITING)) {
                        return AfterPark.WAIT;
                    }
                }
                case HELD_ACTOR_WAITING, HANDED_TO_ACTOR -> {
                    return AfterPark.WAIT;
                }
                case FREE -> {
                    if (owner.compareAndSet(FREE, ACTOR)) {
                        return AfterPark.REPLAY;
                    }
                }
                default -> throw new IllegalStateException("entity gate in state " + now + " while its actor parks");
            }
        }
    }

    /** The actor, handling an {@link KeyspaceEntity.Acquire}, hands the entity to its holder. */
    void actorHandToHolder() {
        owner.set(HELD);
    }

    // --- the holder's side

    /** Takes the entity if neither its actor nor anyone else has it. */
    boolean tryHold() {
        return owner.get() == FREE && owner.compareAndSet(FREE, HELD);
    }

    /** See {@link HoldEnd#end}: runs on the holder's thread while it still holds the entity. */
    boolean endHold(long txId, Runnable written) {
        return holdEnd.end(txId, written);
    }

    /**
     * Runs a batch on the holder's thread, exactly as the actor runs an {@link
     * KeyspaceEntity.Execute}: for a batch whose entity was idle, which then costs no message.
     */
    void runBatch(Batch batch) {
        batchRunner.accept(batch);
    }

    /** Lets go of the entity, waking its actor if it parked messages meanwhile. */
    void release() {
        while (true) {
            int now = owner.get();
            if (now == HELD && owner.compareAndSet(HELD, FREE)) {
                return;
            }
            if (now == HELD_ACTOR_WAITING) {
                owner.set(HANDED_TO_ACTOR); // only this holder changes the state from here
                wake.run();
                return;
            }
            if (now != HELD) {
                throw new IllegalStateException("entity gate in state " + now + " while its holder lets go");
            }
        }
    }
}
