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
 * <p>Besides batches of commands it can be held by one command spanning several entities,
 * which takes the entity's {@link EntityGate} directly when the actor is idle (or through an
 * {@link Acquire} when it is not); messages arriving meanwhile are parked until the holder lets go.
 */
public final class KeyspaceEntity {

    public sealed interface Command permits Execute, Acquire, Wake, Started, ExpireCycle, Recheck, Recovered, Snapshot,
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
     * Hold this entity for a command spanning several: sent when its holder could not take the
     * entity's {@link EntityGate} at once (the actor was busy). The actor hands the gate over
     * between two of its messages; the holder then reads and changes the state and lets go
     * through the gate, as if it had taken it itself.
     */
    record Acquire(Consumer<EntityGate> granted) implements Command {
    }

    /** From a holder letting go: the entity is the actor's again, with the messages it parked meanwhile. */
    enum Wake implements Command {
        INSTANCE
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
    private final EntityGate gate;
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
        ActorRef<Command> self = context.getSelf();
        this.gate = new EntityGate(state, this::endHold, this::execute, () -> self.tell(Wake.INSTANCE));
    }

    public static Behavior<Command> create(ServerContext server, int index, EntityDirectory directory) {
        return Behaviors.withStash(STASH_CAPACITY, stash -> Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(ExpireCycle.INSTANCE, EXPIRE_PERIOD);
            KeyspaceEntity entity = new KeyspaceEntity(context, stash, server, index, directory);
            // registered not yet live: holders ask by message (stashed until recovery is over)
            directory.register(index, context.getSelf(), entity.gate);
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
        gate.actorLeave(); // the gate starts as the actor's: from now on holders may take it
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
                .onSignal(PostStop.class, signal -> {
                    directory.unregister(state.index(), context.getSelf());
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
     * Whether the actor has the entity's gate: while it handles a message, and not after
     * handing the gate to a holder ({@link Acquire}).
     */
    private boolean mine;
    /**
     * Messages that arrived while a holder had the entity, in order; replayed when it lets go
     * (the same order a stash would keep, without building behaviours to switch between).
     */
    private final java.util.ArrayDeque<Command> parked = new java.util.ArrayDeque<>();

    private Behavior<Command> active() {
        return Behaviors.receive(Command.class)
                .onMessage(Command.class, this::onMessage)
                .onSignal(PostStop.class, signal -> {
                    directory.unregister(state.index(), context.getSelf());
                    return Behaviors.same();
                })
                .build();
    }

    /**
     * Handles a message if the entity is the actor's (taking its gate for the message), else
     * parks it until the holder lets go. A message never overtakes one parked before it.
     */
    private Behavior<Command> onMessage(Command message) {
        if (message == Wake.INSTANCE) {
            if (gate.actorClaimHanded()) {
                mine = true;
                replayParked();
            }
            return Behaviors.same();
        }
        if (parked.isEmpty() && gate.actorEnter()) {
            mine = true;
            try {
                handle(message);
            } finally {
                leaveIfMine();
            }
            return Behaviors.same();
        }
        if (message == ExpireCycle.INSTANCE) {
            answerBusy(); // the cycle's own work waits for the next tick after the holder lets go
            return Behaviors.same();
        }
        parked.add(message);
        if (gate.actorParked() == EntityGate.AfterPark.REPLAY) {
            mine = true;
            replayParked();
        }
        return Behaviors.same();
    }

    /** With the gate the actor's: handles the parked messages until none is left or a holder takes the entity again. */
    private void replayParked() {
        try {
            while (true) {
                while (mine && !parked.isEmpty()) {
                    handle(parked.poll());
                }
                if (mine || parked.isEmpty() || gate.actorParked() == EntityGate.AfterPark.WAIT) {
                    return;
                }
                mine = true;
            }
        } finally {
            leaveIfMine();
        }
    }

    private void leaveIfMine() {
        if (mine) {
            mine = false;
            gate.actorLeave();
        }
    }

    private void handle(Command message) {
        if (message instanceof Execute execute) {
            execute(execute.batch());
        } else if (message instanceof Acquire acquire) {
            mine = false;
            gate.actorHandToHolder();
            acquire.granted().accept(gate);
        } else if (message instanceof Recheck recheck) {
            state.changedInPlace(recheck.db(), recheck.key());
            state.serveReadyKeys();
            journal(null);
        } else if (message instanceof Started started) {
            started.ack().run();
        } else if (message == ExpireCycle.INSTANCE) {
            onExpireCycle();
        } else if (message instanceof Snapshot snapshot) {
            onSnapshot(snapshot);
        } else if (message instanceof JournalHealth health) {
            if ((journalFailure == null) != (health.failure() == null)) {
                server.persistence().journalHealth(health.failure());
            }
            journalFailure = health.failure();
        }
        // Recovered and Wake never get here: they are answered before recovery ends and by onMessage
    }

    /**
     * The entity's end of a hold, run by the holder while it still has the gate: serves the
     * clients that the holder's changes unblocked and journals the changes (and what those
     * clients took) as this entity's part of transaction {@code txId}.
     */
    private boolean endHold(long txId, Runnable written) {
        state.serveReadyKeys();
        return journal(txId, written);
    }

    /**
     * While a script that has run past busy-reply-threshold holds this entity, the commands
     * waiting for it are answered BUSY, as Redis answers clients while a script is busy.
     */
    private void answerBusy() {
        boolean waitingBatch = parked.stream().anyMatch(Execute.class::isInstance);
        String busyError = !waitingBatch ? null
                : server.scripts().busyError(state.index(), server.config().getLong("busy-reply-threshold"));
        if (busyError == null) {
            return;
        }
        for (java.util.Iterator<Command> it = parked.iterator(); it.hasNext(); ) {
            if (!(it.next() instanceof Execute execute)) {
                continue;
            }
            it.remove();
            Batch batch = execute.batch();
            io.runnel.protocol.RespWriter busy = new io.runnel.protocol.RespWriter(batch.protocol);
            for (int i = 0; i < Math.max(1, batch.count); i++) {
                busy.error(busyError);
            }
            byte[] replies = busy.toByteArray();
            batch.completion.done(replies);
        }
    }

    /**
     * Runs a batch of commands and reports their replies: by the actor for an {@link Execute},
     * or by a client's thread that took the entity's gate (it owns the entity meanwhile).
     */
    private void execute(Batch batch) {
        writer.reset();
        writer.protocol(batch.protocol);
        String refusing = journal == null ? null : server.persistence().journalFailure();
        for (int i = 0; i < batch.count; i++) {
            if (refusing != null && batch.specs[i].flags().contains("write")) {
                // as Redis refuses every write while its AOF cannot be written; reads go on
                writer.error(io.runnel.broker.persist.SnapshotService.writeRefusal(refusing));
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
                    return;
                }
            } else {
                CommandRunner.run(batch.specs[i], commandContext, batch.argvs[i], writer);
            }
            state.serveReadyKeys();
        }
        if (commandContext.suspended()) {
            journal(null);
            return; // the blocked command answers through its suspension
        }
        byte[] replies = writer.toByteArray();
        journal(() -> batch.completion.done(replies));
    }

    private void onSnapshot(Snapshot snapshot) {
        if (journal == null) {
            snapshot.done().completeExceptionally(new IllegalStateException("snapshots need appendonly yes"));
            return;
        }
        journal(null);
        journal.tell(new io.runnel.broker.persist.EntityJournal.TakeSnapshot(
                io.runnel.broker.persist.ShardSnapshot.write(state), snapshot.done()), org.apache.pekko.actor.ActorRef.noSender());
    }

    private void onExpireCycle() {
        long now = System.currentTimeMillis();
        state.activeExpire(now, EXPIRE_BUDGET_NANOS);
        state.tickTimedValues(now);
        state.pruneWatches();
        state.serveReadyKeys();
        state.pruneWaiters();
        journal(null);
    }
}
