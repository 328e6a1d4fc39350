package io.runnel.broker.keyspace;

import io.runnel.broker.ServerContext;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandRunner;
import io.runnel.protocol.RespWriter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The actor that owns one slot range of the keyspace. It executes the commands for its keys one
 * at a time, which makes each command atomic without locks. Placed by Pekko Cluster Sharding,
 * so that with more nodes the slot ranges spread over them.
 *
 * <p>Besides batches of commands it can be held: {@link Acquire} hands its state to one
 * multi-entity command (its other messages wait in a stash) until the matching {@link Release}.
 */
public final class KeyspaceEntity {

    public sealed interface Command permits Execute, Acquire, Release, Started, ExpireCycle, Recheck, Recovered, Snapshot,
            JournalHealth {
    }

    /** From the entity's journal: why it refuses writes now, or null once it takes them again. */
    record JournalHealth(String failure) implements Command {
    }

    /**
     * Save the slot range as a snapshot (SAVE, BGSAVE, BGREWRITEAOF): the state is encoded now,
     * between two commands, and {@code done} completes once the snapshot is safe.
     */
    public record Snapshot(java.util.concurrent.CompletableFuture<Void> done) implements Command {
    }

    /** Execute a batch of commands and report their replies. */
    public record Execute(Batch batch) implements Command {
    }

    /**
     * Hold this entity for transaction {@code txId}: {@code granted} receives the state, which
     * the holder may read and change until it sends {@link Release}. Holders acquire entities in
     * ascending index order, so two holders never wait for each other in a cycle.
     */
    public record Acquire(long txId, Consumer<ShardState> granted) implements Command {
    }

    /**
     * Ends the hold of transaction {@code txId}. The entity journals what the holder changed here
     * as its part of the transaction, then tells {@code partWritten} whether it had a part (true
     * once written) or not (false, at once).
     */
    public record Release(long txId, java.util.function.Consumer<Boolean> partWritten) implements Command {
    }

    /**
     * Offers a key to its waiters again although it did not change: a waiter's condition may
     * depend on time (XREADGROUP CLAIM waits for pending entries to become idle enough).
     */
    public record Recheck(int db, byte[] key) implements Command {
    }

    /** Sent once at start-up so that every entity exists before clients arrive. */
    public record Started(Runnable ack) implements Command {
    }

    enum ExpireCycle implements Command {
        INSTANCE
    }

    /** From the entity's journal: the state is rebuilt, commands may run. */
    enum Recovered implements Command {
        INSTANCE
    }

    private static final int STASH_CAPACITY = 1_000_000;
    /** Redis runs its active expiry cycle ten times a second (hz 10) with a small time budget. */
    private static final Duration EXPIRE_PERIOD = Duration.ofMillis(100);
    private static final long EXPIRE_BUDGET_NANOS = 1_000_000;

    private final ShardState state;
    private final EntityDirectory directory;
    private final CommandContext commandContext;
    private final RespWriter writer = new RespWriter(2, 4096);
    private final StashBuffer<Command> stash;
    private final ActorContext<Command> context;
    private final ServerContext server;
    /** The events of the message being handled, encoded as they are emitted; null without a journal. */
    private io.runnel.broker.persist.EventCodecs.BatchWriter journalRecord;
    private org.apache.pekko.actor.ActorRef journal;
    /** Why this entity's journal refuses writes (a full disk), or null; reported to the server's count. */
    private String journalFailure;

    private KeyspaceEntity(ActorContext<Command> context, StashBuffer<Command> stash, ServerContext server,
                           int index, EntityDirectory directory) {
        this.context = context;
        this.stash = stash;
        this.server = server;
        this.directory = directory;
        this.state = new ShardState(index, server.databases(), server.keyspaceStats(), server.accessClock());
        this.commandContext = new CommandContext(server);
    }

    public static Behavior<Command> create(ServerContext server, int index, EntityDirectory directory) {
        return Behaviors.withStash(STASH_CAPACITY, stash -> Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(ExpireCycle.INSTANCE, EXPIRE_PERIOD);
            directory.register(index, context.getSelf());
            KeyspaceEntity entity = new KeyspaceEntity(context, stash, server, index, directory);
            return server.config().getBool("appendonly") ? entity.recoverFromJournal(index) : entity.live();
        })));
    }

    /** Starts taking commands: keyspace notifications on (after the dump file's data, if any, is in). */
    private Behavior<Command> live() {
        byte[] dumped = server.takeDumped(state.index());
        if (dumped != null) {
            try {
                io.runnel.broker.persist.ShardSnapshot.read(dumped, state);
            } catch (RuntimeException e) {
                server.loadFailed(new java.io.IOException(server.dumpFile() + ": " + e.getMessage(), e));
            }
        }
        state.notifications(server.notifier());
        return active();
    }

    /**
     * Starts the entity's journal, which replays the entity's events into the state (raising no
     * notifications), and waits for it: commands that arrive meanwhile are stashed. From then on
     * every event is encoded as it is emitted and the record of each message handled goes to
     * the journal.
     */
    private Behavior<Command> recoverFromJournal(int index) {
        io.runnel.broker.persist.EventCodecs codecs = io.runnel.broker.persist.EventCodecs.all();
        ActorRef<Command> self = context.getSelf();
        journal = org.apache.pekko.actor.typed.javadsl.Adapter.actorOf(context,
                org.apache.pekko.actor.Props.create(io.runnel.broker.persist.EntityJournal.class,
                        () -> new io.runnel.broker.persist.EntityJournal("keyspace-" + index, state, codecs,
                                server.committedTransactions(), () -> self.tell(Recovered.INSTANCE), server::loadFailed,
                                failure -> self.tell(new JournalHealth(failure))))
                        // beside the entities, on the event loops: a record and its confirmation
                        // cross no thread (see docs/persistence.md, "Threads")
                        .withDispatcher(io.runnel.broker.ServerContext.KEYSPACE_DISPATCHER),
                "journal");
        return Behaviors.receive(Command.class)
                .onMessageEquals(Recovered.INSTANCE, () -> {
                    journalRecord = codecs.batchWriter();
                    state.journalTo(journalRecord::add);
                    return stash.unstashAll(live());
                })
                .onMessage(Command.class, message -> {
                    stash.stash(message);
                    return Behaviors.same();
                })
                .build();
    }

    /**
     * Sends the events emitted while handling the current message to the journal as one record;
     * {@code written} runs once the journal has it (at once when there is no journal or nothing
     * was emitted). Replies wait for it, so no client is told of a write the journal does not hold.
     */
    private void journal(Runnable written) {
        if (!journal(0, written) && written != null) {
            written.run();
        }
    }

    /**
     * Sends the pending events as one record (an entity's part of transaction {@code txId}, or
     * a plain one with 0); returns false, without running {@code written}, when there was none.
     */
    private boolean journal(long txId, Runnable written) {
        int changes = state.takeChanges();
        if (changes > 0) {
            server.persistence().changed(changes);
        }
        byte[] record = journalRecord == null ? null : journalRecord.take(txId);
        List<Runnable> served = state.takeAfterJournal();
        if (record == null) {
            served.forEach(Runnable::run);
            return false;
        }
        Runnable all = served.isEmpty() ? written : () -> {
            if (written != null) {
                written.run();
            }
            served.forEach(Runnable::run);
        };
        journal.tell(new io.runnel.broker.persist.EntityJournal.Append(record, all),
                org.apache.pekko.actor.ActorRef.noSender());
        return true;
    }

    /**
     * The behaviours are built once and reused: a transaction or script switches each of its
     * entities to held and back, and building a behaviour costs more than the switch itself.
     */
    private Behavior<Command> activeBehavior;
    private Behavior<Command> heldBehavior;
    /** The transaction holding the entity while it is held. */
    private long heldBy;

    private Behavior<Command> active() {
        if (activeBehavior == null) {
            activeBehavior = buildActive();
        }
        return activeBehavior;
    }

    private Behavior<Command> held(long txId) {
        heldBy = txId;
        if (heldBehavior == null) {
            heldBehavior = buildHeld();
        }
        return heldBehavior;
    }

    private Behavior<Command> buildActive() {
        return Behaviors.receive(Command.class)
                .onMessage(Execute.class, this::onExecute)
                .onMessage(Acquire.class, this::onAcquire)
                .onMessage(Release.class, release -> {
                    release.partWritten().accept(false); // not held by it (any more): no part here
                    return Behaviors.same();
                })
                .onMessage(Recheck.class, recheck -> {
                    state.changedInPlace(recheck.db(), recheck.key());
                    state.serveReadyKeys();
                    journal(null);
                    return Behaviors.same();
                })
                .onMessage(Started.class, started -> {
                    started.ack().run();
                    return Behaviors.same();
                })
                .onMessageEquals(ExpireCycle.INSTANCE, this::onExpireCycle)
                .onMessage(Snapshot.class, this::onSnapshot)
                .onMessage(JournalHealth.class, health -> {
                    if ((journalFailure == null) != (health.failure() == null)) {
                        server.persistence().journalHealth(health.failure());
                    }
                    journalFailure = health.failure();
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, signal -> {
                    directory.unregister(state.index(), context.getSelf());
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> buildHeld() {
        return Behaviors.receive(Command.class)
                .onMessage(Release.class, release -> {
                    if (release.txId() != heldBy) {
                        return Behaviors.same();
                    }
                    state.serveReadyKeys();
                    // what the holder changed here, and what waiters took, as this entity's part
                    if (!journal(release.txId(), () -> release.partWritten().accept(true))) {
                        release.partWritten().accept(false);
                    }
                    while (!heldBatches.isEmpty()) {
                        onExecute(heldBatches.poll());
                    }
                    return stash.unstashAll(active());
                })
                .onMessage(Execute.class, execute -> {
                    heldBatches.add(execute);
                    return Behaviors.same();
                })
                .onMessageEquals(ExpireCycle.INSTANCE, () -> {
                    answerBusy(); // the cycle's own work waits for the next tick after the release
                    return Behaviors.same();
                })
                .onMessage(Command.class, message -> {
                    stash.stash(message);
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, signal -> {
                    directory.unregister(state.index(), context.getSelf());
                    return Behaviors.same();
                })
                .build();
    }

    /** Commands that arrived while the entity was held, in order (answered BUSY if a script holds it too long). */
    private final java.util.ArrayDeque<Execute> heldBatches = new java.util.ArrayDeque<>();

    /**
     * While a script that has run past busy-reply-threshold holds this entity, the commands
     * waiting for it are answered BUSY, as Redis answers clients while a script is busy.
     */
    private void answerBusy() {
        String busyError = heldBatches.isEmpty() ? null
                : server.scripts().busyError(state.index(), server.config().getLong("busy-reply-threshold"));
        if (busyError == null) {
            return;
        }
        while (!heldBatches.isEmpty()) {
            Batch batch = heldBatches.poll().batch();
            io.runnel.protocol.RespWriter busy = new io.runnel.protocol.RespWriter(batch.protocol);
            for (int i = 0; i < Math.max(1, batch.count); i++) {
                busy.error(busyError);
            }
            byte[] replies = busy.toByteArray();
            batch.completion.done(replies);
        }
    }

    private Behavior<Command> onExecute(Execute execute) {
        Batch batch = execute.batch();
        writer.reset();
        writer.protocol(batch.protocol);
        if (batch.whole != null) {
            batch.whole.run(state, writer);
            state.serveReadyKeys(); // clients blocked on keys it pushed to are served after all of it
            byte[] replies = writer.toByteArray();
            journal(() -> batch.completion.done(replies));
            return Behaviors.same();
        }
        String refusing = journal == null ? null : server.persistence().journalFailure();
        for (int i = 0; i < batch.count; i++) {
            if (refusing != null && batch.specs[i].flags().contains("write")) {
                // as Redis refuses every write while its AOF cannot be written; reads go on
                writer.error("MISCONF Errors writing to the AOF file: " + refusing);
                continue;
            }
            commandContext.reset(state, null, batch.db, batch.clientId, batch.protocol).allowSuspension(batch.suspension);
            if (batch.specs[i].runsScript()) {
                int mark = writer.length();
                try {
                    CommandRunner.run(batch.specs[i], commandContext.allowRerouting(), batch.argvs[i], writer);
                } catch (io.runnel.broker.command.RunElsewhere moved) {
                    writer.truncate(mark);
                    byte[] replies = writer.toByteArray();
                    int executed = i;
                    journal(() -> batch.completion.rerouted(replies, executed));
                    return Behaviors.same();
                }
            } else {
                CommandRunner.run(batch.specs[i], commandContext, batch.argvs[i], writer);
            }
            state.serveReadyKeys();
        }
        if (commandContext.suspended()) {
            journal(null);
            return Behaviors.same(); // the blocked command answers through its suspension
        }
        byte[] replies = writer.toByteArray();
        journal(() -> batch.completion.done(replies));
        return Behaviors.same();
    }

    private Behavior<Command> onSnapshot(Snapshot snapshot) {
        if (journal == null) {
            snapshot.done().completeExceptionally(new IllegalStateException("snapshots need appendonly yes"));
            return Behaviors.same();
        }
        journal(null);
        journal.tell(new io.runnel.broker.persist.EntityJournal.TakeSnapshot(
                io.runnel.broker.persist.ShardSnapshot.write(state), snapshot.done()), org.apache.pekko.actor.ActorRef.noSender());
        return Behaviors.same();
    }

    private Behavior<Command> onAcquire(Acquire acquire) {
        acquire.granted().accept(state);
        return held(acquire.txId());
    }

    private Behavior<Command> onExpireCycle() {
        long now = System.currentTimeMillis();
        state.activeExpire(now, EXPIRE_BUDGET_NANOS);
        state.tickTimedValues(now);
        state.pruneWatches();
        state.serveReadyKeys();
        state.pruneWaiters();
        journal(null);
        return Behaviors.same();
    }
}
