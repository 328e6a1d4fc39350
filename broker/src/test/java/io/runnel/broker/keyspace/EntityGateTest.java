package io.runnel.broker.keyspace;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-over between an entity's actor and a holder, step by step and under contention. */
class EntityGateTest {

    private final AtomicInteger wakes = new AtomicInteger();

    private EntityGate gate() {
        return new EntityGate(null, (txId, written) -> false, batch -> { }, wakes::incrementAndGet);
    }

    @Test
    void startsAsTheActorsUntilItIsLive() {
        EntityGate gate = gate();
        assertFalse(gate.tryHold(), "a holder must not take an entity that is still recovering");
        gate.actorLeave();
        assertTrue(gate.tryHold());
    }

    @Test
    void aHolderAndTheActorExcludeEachOther() {
        EntityGate gate = gate();
        gate.actorLeave();
        assertTrue(gate.actorEnter());
        assertFalse(gate.tryHold());
        gate.actorLeave();
        assertTrue(gate.tryHold());
        assertFalse(gate.actorEnter());
        gate.release();
        assertEquals(0, wakes.get(), "nothing was parked: no wake-up");
        assertTrue(gate.actorEnter());
    }

    @Test
    void theActorThatParkedIsWokenAndOwnsTheEntityUntilItReplayed() {
        EntityGate gate = gate();
        gate.actorLeave();
        assertTrue(gate.tryHold());
        assertFalse(gate.actorEnter());
        assertSame(EntityGate.AfterPark.WAIT, gate.actorParked());
        assertSame(EntityGate.AfterPark.WAIT, gate.actorParked(), "asking twice changes nothing");
        gate.release();
        assertEquals(1, wakes.get());
        assertFalse(gate.tryHold(), "handed to the actor: the next holder must wait for its replay");
        assertTrue(gate.actorClaimHanded());
        assertFalse(gate.actorClaimHanded());
        gate.actorLeave();
        assertTrue(gate.tryHold());
    }

    @Test
    void parkingAfterTheHolderLeftLetsTheActorReplayAtOnce() {
        EntityGate gate = gate();
        gate.actorLeave();
        assertTrue(gate.tryHold());
        assertFalse(gate.actorEnter());
        gate.release(); // before the actor asked to be woken
        assertSame(EntityGate.AfterPark.REPLAY, gate.actorParked());
        assertEquals(0, wakes.get());
        assertFalse(gate.tryHold());
    }

    @Test
    void anActorHandingOverByMessageLeavesTheReleaseToTheHolder() {
        EntityGate gate = gate();
        gate.actorLeave();
        assertTrue(gate.actorEnter());
        gate.actorHandToHolder();
        assertFalse(gate.actorEnter());
        gate.release();
        assertTrue(gate.actorEnter());
    }

    @Test
    void releasingWhatIsNotHeldIsABug() {
        EntityGate gate = gate();
        assertThrows(IllegalStateException.class, gate::release);
    }

    /**
     * One holder thread and one actor thread contend for the gate, each incrementing a plain
     * counter only while it has the entity; the actor parks when it cannot enter and replays on
     * the wake-up or at once. No increment may be lost, and no wake-up may be lost (the actor
     * would wait forever).
     */
    @Test
    void underContentionNoStepIsLostAndNoWakeUpIsMissed() throws Exception {
        long seed = Long.getLong("runnel.seed", System.nanoTime());
        System.out.println("EntityGateTest seed=" + seed);
        int rounds = 200_000;
        long[] counter = new long[1];
        AtomicLong wakeSignals = new AtomicLong();
        EntityGate gate = new EntityGate(null, (txId, written) -> false, batch -> { }, wakeSignals::incrementAndGet);
        gate.actorLeave();
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = new ArrayList<>();
        Thread holder = new Thread(() -> {
            Random random = new Random(seed);
            try {
                start.await();
                for (int i = 0; i < rounds; i++) {
                    while (!gate.tryHold()) {
                        Thread.onSpinWait();
                    }
                    counter[0]++;
                    if (random.nextInt(8) == 0) {
                        Thread.yield();
                    }
                    gate.release();
                }
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        });
        Thread actor = new Thread(() -> {
            long seenWakes = 0;
            try {
                start.await();
                for (int i = 0; i < rounds; i++) {
                    boolean entered = gate.actorEnter();
                    if (!entered && gate.actorParked() == EntityGate.AfterPark.WAIT) {
                        // wait for the wake-up message, then claim what the holder handed over
                        long deadline = System.nanoTime() + 10_000_000_000L;
                        while (wakeSignals.get() == seenWakes) {
                            if (System.nanoTime() > deadline) {
                                throw new AssertionError("no wake-up after parking, round " + i);
                            }
                            Thread.onSpinWait();
                        }
                        seenWakes++;
                        assertTrue(gate.actorClaimHanded());
                    }
                    counter[0]++;
                    gate.actorLeave();
                }
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        });
        holder.start();
        actor.start();
        start.countDown();
        holder.join(60_000);
        actor.join(60_000);
        assertTrue(failures.isEmpty(), "seed " + seed + ": " + failures);
        assertEquals(2L * rounds, counter[0], "seed " + seed);
    }
}
