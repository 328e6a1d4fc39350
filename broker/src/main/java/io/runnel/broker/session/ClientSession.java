package io.runnel.broker.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.runnel.broker.ServerContext;
import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandRunner;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.command.CommandTable;
import io.runnel.broker.command.KeySpecs;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.Batch;
import io.runnel.broker.keyspace.SlotLayout;
import io.runnel.protocol.DecoderLimits;
import io.runnel.protocol.ProtocolException;
import io.runnel.protocol.RespDecoder;
import io.runnel.protocol.RespWriter;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One client connection: decodes its requests, routes each command to where it executes and
 * writes the replies back in request order.
 *
 * <p>All of its state is confined to the connection's event-loop thread. Commands run strictly
 * one step after the other: consecutive commands owned by the same entity travel together as one
 * batch, and nothing after a step is dispatched before that step has completed. That is what
 * makes a pipeline take effect in the order it was sent, as every other client observes it,
 * even when its keys live in different entities.
 */
public final class ClientSession {

    /** Stop reading from a client that has this many decoded commands waiting. */
    private static final int MAX_QUEUED_COMMANDS = 4096;
    private static final int MAX_BATCH = 1024;

    /** CLIENT REPLY: whether the replies of the following commands are sent. */
    public enum ReplyMode { ON, OFF, SKIP }

    private final ServerContext server;
    private final Channel channel;
    /** The small replies of the current drive, handed to the channel in one piece. */
    private final GatheredReplies outgoing;
    private final long id;
    private final long createdAtMillis = System.currentTimeMillis();
    private final RespDecoder decoder;
    private final ArrayDeque<byte[][]> queue = new ArrayDeque<>();
    private final RespWriter localOut = new RespWriter(2, 1024);
    private final CommandContext localContext;
    private final CommandTable table;
    private final SlotLayout layout;

    private byte[] readScratch = new byte[16 * 1024];
    private boolean inFlight;
    private volatile boolean blocked;
    private volatile io.runnel.broker.command.Unblockable blockedCommand;
    private boolean wroteSinceFlush;
    private String pendingProtocolError;
    private boolean closing;
    private volatile boolean closed;

    private volatile String name = "";
    private volatile int db;
    private volatile int protocol = 2;
    private volatile boolean authenticated;
    private volatile String lastCommand = "NULL";
    private volatile long lastInteractionMillis = createdAtMillis;
    private volatile boolean noEvict;
    /** CLIENT REPLY OFF: no reply is sent until CLIENT REPLY ON. */
    private boolean repliesOff;
    /** CLIENT REPLY SKIP was the last command: the next command's reply is dropped. */
    private boolean skipNext;
    /** The reply being written now is the one CLIENT REPLY SKIP asked to drop. */
    private boolean skipArmed;

    private CommandSpec resolved;
    private String resolveError;
    /** The command a failed resolution was for (arity, NOAUTH), for its rejected_calls; or null. */
    private CommandSpec rejected;

    public ClientSession(ServerContext server, Channel channel) {
        this.server = server;
        this.channel = channel;
        this.outgoing = new GatheredReplies(channel);
        this.id = server.clients().nextId();
        this.table = server.commands();
        this.layout = server.router().layout();
        this.localContext = new CommandContext(server);
        this.authenticated = server.config().get("requirepass").isEmpty();
        this.decoder = new RespDecoder(limits());
        decoder.pauseAfterEachCommand(!authenticated);
    }

    /** The configuration generation the decoder's limits were taken from. */
    private int limitsGeneration;

    private DecoderLimits limits() {
        limitsGeneration = server.config().generation();
        return new DecoderLimits(server.config().getLong("proto-max-bulk-len"), authenticated);
    }

    // ---- input -----------------------------------------------------------------------------

    /** Decodes one read; commands are executed by {@link #drive()} once the read burst is over. */
    public void onRead(ByteBuf buf) {
        server.stats().bytesIn(buf.readableBytes());
        lastInteractionMillis = System.currentTimeMillis();
        if (limitsGeneration != server.config().generation()) {
            decoder.limits(limits()); // CONFIG SET proto-max-bulk-len applies to connected clients too
        }
        try {
            if (buf.hasArray()) {
                decoder.decode(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes(), queue::add);
            } else {
                // epoll reads into direct memory: copy into a reused array (the decoder keeps
                // its own copies of whatever it must retain beyond this call)
                int length = buf.readableBytes();
                if (readScratch.length < length) {
                    readScratch = new byte[length];
                }
                buf.getBytes(buf.readerIndex(), readScratch, 0, length);
                decoder.decode(readScratch, 0, length, queue::add);
            }
        } catch (ProtocolException e) {
            pendingProtocolError = e.errorLine();
            channel.config().setAutoRead(false);
        }
    }

    /**
     * An unauthenticated client's input is decoded one command at a time, so that a command
     * pipelined after AUTH is held to the limits in force once AUTH has run. Decodes the next
     * kept command, if any; true when one was queued.
     */
    private boolean decodeKeptInput() {
        if (!decoder.paused() || pendingProtocolError != null) {
            return false;
        }
        try {
            decoder.resume(queue::add);
        } catch (ProtocolException e) {
            pendingProtocolError = e.errorLine();
            channel.config().setAutoRead(false);
        }
        return !queue.isEmpty();
    }

    /** Executes queued commands until one has to wait for an entity, then flushes the replies. */
    public void drive() {
        while (!inFlight && !closing) {
            byte[][] argv = queue.poll();
            if (argv == null && !decodeKeptInput()) {
                break;
            }
            if (argv != null) {
                dispatchingHere = true;
                try {
                    dispatch(argv);
                } finally {
                    dispatchingHere = false;
                }
                byte[] answered = answeredInline;
                if (answered != null) {
                    answeredInline = null;
                    inFlight = false;
                    writeReply(answered);
                }
            }
        }
        flushQueuedReplies();
        if (!inFlight && queue.isEmpty() && pendingProtocolError != null && !closing) {
            localOut.reset();
            localOut.error(pendingProtocolError);
            writeRaw(localOut.toByteArray());
            server.stats().errorReply(pendingProtocolError);
            closing = true;
        }
        if (wroteSinceFlush) {
            wroteSinceFlush = false;
            outgoing.handOver();
            server.stats().writeProcessed();
            if (closing) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.flush();
            }
        } else if (closing) {
            channel.close();
        }
        updateReading();
    }

    /** Pauses reading while the client has a backlog of commands or of unsent output. */
    public void updateReading() {
        boolean read = !closing && pendingProtocolError == null
                && queue.size() < MAX_QUEUED_COMMANDS && channel.isWritable();
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    // ---- dispatch --------------------------------------------------------------------------

    private void dispatch(byte[][] argv) {
        if (!resolve(argv)) {
            if (rejected != null) {
                rejected.stats().rejected();
            }
            if (transaction.active()) {
                transaction.abort(); // EXEC will refuse to run a transaction that lost a command
            }
            replyError(resolveError);
            return;
        }
        CommandSpec spec = resolved;
        String diskError = DiskErrorRefusal.refusal(server, spec, argv, transaction);
        if (diskError != null) {
            refuseForDiskError(spec, diskError);
            return;
        }
        if (transaction.active() && queueInTransaction(spec, argv)) {
            return;
        }
        lastCommand = spec.fullName();
        server.stats().commandsProcessed(1);
        switch (spec.route()) {
            case SESSION -> runHere(spec, argv);
            case KEYS -> routeByKeys(spec, argv);
            case ALL_ENTITIES -> runExclusive(server.router().allEntities(), spec, argv);
            case CURSOR -> sendBatch(layout.entityOfCursor(argv[1]), spec, argv);
        }
    }

    /**
     * A command refused while the journal fails: EXEC ends its transaction (EXECABORT, with the
     * reason), a command inside MULTI makes the coming EXEC abort, as a refused command does.
     */
    private void refuseForDiskError(CommandSpec spec, String error) {
        spec.stats().rejected();
        if (spec.name().equals("exec")) {
            transaction.discard();
            replyError("EXECABORT Transaction discarded because of: " + error);
            return;
        }
        if (transaction.active()) {
            transaction.abort();
        }
        replyError(error);
    }

    /** The commands MULTI does not queue: they act on the transaction itself or on the connection. */
    private static final java.util.Set<String> RUN_INSIDE_MULTI = java.util.Set.of("exec", "discard", "multi", "watch", "quit", "reset");

    /**
     * Inside MULTI: queues the command (answering QUEUED), or refuses it; returns false for the
     * commands that run at once.
     */
    private boolean queueInTransaction(CommandSpec spec, byte[][] argv) {
        String name = spec.name();
        if (name.equals("watch")) {
            replyError("ERR WATCH inside MULTI is not allowed");
            return true;
        }
        if (RUN_INSIDE_MULTI.contains(name)) {
            return false;
        }
        if (spec.flags().contains("no_multi")) {
            transaction.abort();
            replyError("ERR Command not allowed inside a transaction");
            return true;
        }
        transaction.queue(spec, argv);
        if (repliesOff || skipArmed || skipNext) {
            localOut.reset();
            localOut.simple("QUEUED");
            writeReply(localOut.toByteArray());
        } else {
            queuedReplies++; // written together with what follows: one write for a pipelined transaction
        }
        return true;
    }

    private static final byte[] QUEUED = "+QUEUED\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** QUEUED replies not written yet (see {@link #flushQueuedReplies}). */
    private int queuedReplies;

    private void flushQueuedReplies() {
        int count = queuedReplies;
        if (count == 0) {
            return;
        }
        queuedReplies = 0;
        byte[] bytes = new byte[QUEUED.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(QUEUED, 0, bytes, i * QUEUED.length, QUEUED.length);
        }
        writeRaw(bytes);
    }

    /** Finds the command and checks it may run; sets {@link #resolved} or {@link #resolveError}. */
    private boolean resolve(byte[][] argv) {
        rejected = null;
        CommandSpec spec = table.lookup(argv[0]);
        if (spec == null) {
            resolveError = unknownCommand(argv);
            return false;
        }
        if (spec.container() && argv.length >= 2) {
            CommandSpec sub = CommandTable.subcommand(spec, argv[1]);
            if (sub == null) {
                resolveError = "ERR unknown subcommand '" + Args.truncated(argv[1], 128) + "'. Try "
                        + spec.name().toUpperCase(java.util.Locale.ROOT) + " HELP.";
                return false;
            }
            spec = sub;
        }
        if (!spec.arityAccepts(argv.length)) {
            resolveError = "ERR wrong number of arguments for '" + spec.fullName() + "' command";
            rejected = spec;
            return false;
        }
        if (!authenticated && !spec.noAuth()) {
            resolveError = "NOAUTH Authentication required.";
            rejected = spec;
            return false;
        }
        if (server.loading() && !spec.flags().contains("loading")) {
            // only commands Redis marks as safe while loading (INFO, PING, CONFIG, ...) run now
            resolveError = "LOADING Redis is loading the dataset in memory";
            rejected = spec;
            return false;
        }
        if (protocol == 2 && subscriptions.active() && !ALLOWED_WHILE_SUBSCRIBED.contains(spec.name())) {
            resolveError = "ERR Can't execute '" + spec.fullName()
                    + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
            rejected = spec;
            return false;
        }
        resolved = spec;
        return true;
    }

    /** Redis quotes the arguments until the quoted text reaches 128 characters. */
    static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            int room = 128 - args.length();
            args.append('\'').append(Args.truncated(argv[i], room)).append("' ");
        }
        return "ERR unknown command '" + Args.truncated(argv[0], 128) + "', with args beginning with: " + args;
    }

    private void routeByKeys(CommandSpec spec, byte[][] argv) {
        if (spec.runsScript()) {
            // a script in one entity runs inline there, on this thread when the entity is idle, so
            // pipelined scripts each run at once, one after the other
            int entity = argv == mustRunOnScriptThread ? -1 : scriptEntity(spec, argv);
            mustRunOnScriptThread = null;
            if (entity >= 0) {
                sendBatch(entity, spec, argv); // runs inline; moves to a script thread if it runs long
            } else {
                // a script whose keys span entities (or that names none) holds them from a script
                // thread, which may run long while connections and entities stay free to answer
                runExclusive(server.router().entitiesOf(spec, argv), spec, argv);
            }
            return;
        }
        if (KeySpecs.mayTouchAnyKey(spec, argv)) {
            runExclusive(server.router().allEntities(), spec, argv); // its keys may be anywhere
            return;
        }
        int only = onlyKeyPosition(spec, argv);
        if (only > 0) {
            sendBatch(layout.entityOf(argv[only]), spec, argv);
            return;
        }
        int[] positions = spec.keyPositions(argv);
        if (positions.length == 0) {
            sendBatch(0, spec, argv);
            return;
        }
        int entity = entityOfAll(argv, positions);
        if (entity >= 0) {
            sendBatch(entity, spec, argv);
            return;
        }
        runExclusive(server.router().entitiesOf(spec, argv), spec, argv);
    }

    /** The entity every key at {@code positions} (at least one) lives in, or -1 when they span entities. */
    private int entityOfAll(byte[][] argv, int[] positions) {
        int first = layout.entityOf(argv[positions[0]]);
        for (int i = 1; i < positions.length; i++) {
            if (layout.entityOf(argv[positions[i]]) != first) {
                return -1;
            }
        }
        return first;
    }

    /** The most pipelined scripts one hold of entities runs. */
    private static final int MAX_SCRIPTS_PER_HOLD = 32;

    /**
     * Takes the scripts that follow in the client's pipeline into {@code specs} and {@code argvs},
     * to run in one hold of all their entities (as a batch runs in one entity: each script still
     * runs alone and whole, in order); returns the entities to hold, ascending.
     */
    private int[] takePipelinedScripts(int[] entities, java.util.List<CommandSpec> specs, java.util.List<byte[][]> argvs) {
        io.runnel.broker.keyspace.EntitySet held = new io.runnel.broker.keyspace.EntitySet(layout.entities());
        for (int entity : entities) {
            held.add(entity);
        }
        while (!skipArmed && !skipNext && specs.size() < MAX_SCRIPTS_PER_HOLD && !queue.isEmpty()) {
            byte[][] next = queue.peek();
            if (!resolve(next) || !resolved.runsScript()) {
                break;
            }
            queue.poll();
            if (!server.router().addEntitiesOf(resolved, next, held)) {
                held.addAll(); // a script that may touch any key holds them all
            }
            specs.add(resolved);
            argvs.add(next);
            lastCommand = resolved.fullName();
        }
        server.stats().commandsProcessed(specs.size() - 1);
        return held.toArray();
    }

    /**
     * The entity a script may run inline in, as a command of a batch: the one all its declared
     * keys live in, if its runs have been short (see {@link io.runnel.broker.script.ScriptProfile});
     * -1 when they span entities or it declares none (it may then reach any key).
     */
    private int scriptEntity(CommandSpec spec, byte[][] argv) {
        if (!server.scripts().runsInline(spec, argv, server.functions())) {
            return -1;
        }
        int[] positions = spec.keyPositions(argv);
        return positions.length == 0 ? -1 : entityOfAll(argv, positions);
    }

    /**
     * A script an entity handed back because it ran past its inline budget (see
     * {@link io.runnel.broker.command.RunElsewhere}): it runs again on a script thread.
     */
    private byte[][] mustRunOnScriptThread;

    /** The single entity a command runs in, or -1 if it needs several or runs elsewhere. */
    private int singleEntity(CommandSpec spec, byte[][] argv) {
        if (spec.runsScript()) {
            return argv == mustRunOnScriptThread ? -1 : scriptEntity(spec, argv);
        }
        if (spec.route() == Route.CURSOR) {
            return layout.entityOfCursor(argv[1]);
        }
        if (spec.route() != Route.KEYS || KeySpecs.mayTouchAnyKey(spec, argv)) {
            return -1;
        }
        int only = onlyKeyPosition(spec, argv);
        if (only > 0) {
            return layout.entityOf(argv[only]);
        }
        int[] positions = spec.keyPositions(argv);
        return positions.length == 0 ? 0 : entityOfAll(argv, positions);
    }

    /**
     * The position of a command's single key (GET, SET, INCR, ...), or 0 when it has more or none.
     * A command with movable keys may name one key in its table and more in its arguments
     * (ZUNIONSTORE's destination, then its sources).
     */
    private static int onlyKeyPosition(CommandSpec spec, byte[][] argv) {
        int first = spec.firstKey();
        return first > 0 && spec.lastKey() == first && !spec.movableKeys() && first < argv.length ? first : 0;
    }

    /** Redis's answer while a script runs past busy-reply-threshold; only the entities it holds are busy here. */
    private boolean busyScriptIn(int[] entities) {
        if (!server.scripts().anyRunning()) {
            return false; // the hot path: no script anywhere
        }
        long threshold = server.config().getLong("busy-reply-threshold");
        for (int entity : entities) {
            String busyError = server.scripts().busyError(entity, threshold);
            if (busyError != null) {
                replyError(busyError);
                return true;
            }
        }
        return false;
    }

    private void sendBatch(int entity, CommandSpec spec, byte[][] argv) {
        if (server.scripts().anyRunning() && busyScriptIn(new int[] {entity})) {
            return;
        }
        CommandSpec[] specs = new CommandSpec[8];
        byte[][][] argvs = new byte[8][][];
        specs[0] = spec;
        argvs[0] = argv;
        int count = 1;
        // CLIENT REPLY SKIP applies to exactly one reply, so such a batch holds one command
        boolean blocking = spec.blocking();
        while (!blocking && !skipArmed && !skipNext && count < MAX_BATCH && !queue.isEmpty()) {
            byte[][] next = queue.peek();
            // a blocking command travels alone, so that it may hold back its reply
            if (!resolve(next) || resolved.blocking() || singleEntity(resolved, next) != entity) {
                break;
            }
            queue.poll();
            if (count == specs.length) {
                specs = Arrays.copyOf(specs, count * 2);
                argvs = Arrays.copyOf(argvs, count * 2);
            }
            specs[count] = resolved;
            argvs[count] = next;
            lastCommand = resolved.fullName();
            count++;
        }
        server.stats().commandsProcessed(count - 1);
        inFlight = true;
        batchArgvs = argvs;
        Batch batch = new Batch(db, id, protocol, specs, argvs, count, batchCompletion, blocking ? suspension() : null);
        // the batch may run right here (its entity idle): pushes it raises to this client go out
        // before its replies, as they would from the entity
        runningHere = true;
        try {
            server.router().execute(entity, batch);
        } finally {
            runningHere = false;
        }
    }

    /** The commands of the batch in flight, in case the entity hands some back. */
    private byte[][][] batchArgvs;

    private final Batch.Completion batchCompletion = new Batch.Completion() {
        @Override
        public void done(byte[] replies) {
            completeFromElsewhere(replies);
        }

        @Override
        public void rerouted(byte[] replies, int executed) {
            byte[][][] argvs = batchArgvs;
            channel.eventLoop().execute(() -> {
                inFlight = false;
                writeReply(replies);
                int handedBack = 0;
                for (int i = argvs.length - 1; i >= executed; i--) {
                    if (argvs[i] != null) {
                        queue.addFirst(argvs[i]);
                        handedBack++;
                    }
                }
                server.stats().commandsProcessed(-handedBack); // they are counted again as they run
                mustRunOnScriptThread = argvs[executed];
                drive();
            });
        }
    };

    private void runExclusive(int[] entities, CommandSpec spec, byte[][] argv) {
        if (busyScriptIn(entities)) {
            return;
        }
        inFlight = true;
        int selectedDb = db;
        int resp = protocol;
        java.util.List<CommandSpec> specs = new java.util.ArrayList<>(java.util.List.of(spec));
        java.util.List<byte[][]> argvs = new java.util.ArrayList<>();
        argvs.add(argv);
        if (spec.runsScript()) {
            entities = takePipelinedScripts(entities, specs, argvs);
        }
        java.util.concurrent.Executor executor = spec.runsScript() ? server.scripts().executor() : Runnable::run;
        server.router().exclusively(entities, executor, access -> {
            RespWriter out = new RespWriter(resp);
            CommandContext ctx = new CommandContext(server);
            for (int i = 0; i < specs.size(); i++) {
                ctx.reset(access, null, selectedDb, id, resp);
                if (specs.get(i).blocking()) {
                    ctx.allowSuspension(suspension());
                }
                CommandRunner.run(specs.get(i), ctx, argvs.get(i), out);
                if (ctx.suspended()) {
                    return null; // a blocking command travels alone: it answers later
                }
            }
            byte[] replies = out.toByteArray();
            return () -> completeFromElsewhere(replies); // once every entity's part is durable
        });
    }

    /** How a blocking command of this client answers later (see Suspension). */
    private io.runnel.broker.command.Suspension suspension() {
        return new io.runnel.broker.command.Suspension(this::completeFromElsewhere, () -> closed, channel.eventLoop(),
                command -> {
                    blockedCommand = command;
                    blocked = true;
                    server.stats().clientBlocked();
                },
                () -> {
                    blockedCommand = null;
                    blocked = false;
                    server.stats().clientUnblocked();
                });
    }

    /** CLIENT UNBLOCK: ends this client's blocked command, if any; true when one was ended. */
    public boolean unblock(boolean withError) {
        io.runnel.broker.command.Unblockable command = blockedCommand;
        return command != null && command.unblock(withError);
    }

    public boolean blocked() {
        return blocked;
    }

    private void runHere(CommandSpec spec, byte[][] argv) {
        localOut.reset();
        localOut.protocol(protocol);
        localContext.reset(null, this, db, id, protocol);
        // a session command may answer later (SUBSCRIBE waits for channel entities, SAVE for
        // the snapshots); the suspension is made only if it asks
        localContext.allowSuspension(suspensionFactory);
        runningHere = true;
        try {
            CommandRunner.run(spec, localContext, argv, localOut);
        } finally {
            runningHere = false;
        }
        if (localContext.suspended()) {
            inFlight = true;
            return;
        }
        // the command may have changed the protocol (HELLO) or the reply mode (CLIENT REPLY)
        writeReply(localOut.toByteArray());
    }

    /** Only a command that blocks on keys reports itself blocked, so one kind of suspension serves all. */
    private final java.util.function.Supplier<io.runnel.broker.command.Suspension> suspensionFactory = this::suspension;

    /** True while {@link #drive} dispatches a command, on this client's event loop. */
    private boolean dispatchingHere;
    /**
     * The reply of the command being dispatched, when it came before the dispatch returned
     * (a transaction whose entities were all free ran on this thread at once): written in
     * place, with the replies before it, rather than in a task of its own and a write of its own.
     */
    private byte[] answeredInline;

    /** Replies computed elsewhere (another thread, or later): continue on the event loop. */
    private void completeFromElsewhere(byte[] replies) {
        if (dispatchingHere && channel.eventLoop().inEventLoop()) {
            answeredInline = replies;
            return;
        }
        channel.eventLoop().execute(() -> {
            inFlight = false;
            writeReply(replies);
            drive();
        });
    }

    // ---- output ----------------------------------------------------------------------------

    private void replyError(String error) {
        localOut.reset();
        localOut.error(error);
        server.stats().errorReply(error);
        writeReply(localOut.toByteArray());
    }

    /**
     * Writes the replies of one dispatched step (one command, or one batch without any reply
     * mode change inside) according to CLIENT REPLY.
     */
    private void writeReply(byte[] bytes) {
        boolean drop = repliesOff || skipArmed;
        // CLIENT REPLY SKIP drops the reply of the one command after it
        skipArmed = skipNext;
        skipNext = false;
        if (!drop) {
            writeRaw(bytes);
        }
    }

    private void writeRaw(byte[] bytes) {
        if (queuedReplies > 0) {
            flushQueuedReplies(); // replies keep their order
        }
        if (closed || bytes.length == 0) {
            return;
        }
        server.stats().bytesOut(bytes.length);
        outgoing.write(bytes);
        wroteSinceFlush = true;
    }

    /**
     * Sends an out-of-band message to this client. May be called from any thread; it lands
     * between two replies, never inside one.
     */
    public void push(byte[] frame) {
        push(null, Unpooled.wrappedBuffer(frame));
    }

    /**
     * Queues a message of a subscription (null for one of no subscription), which this session
     * then owns: it writes or releases it. The messages queued by every thread are written by
     * one task on this client's event loop, with one flush.
     */
    private void push(io.runnel.broker.pubsub.Subscription from, ByteBuf frame) {
        if (runningHere && channel.eventLoop().inEventLoop()) {
            // this client's own command (a PUBLISH to a channel it listens to): the message goes
            // out now, before the command's reply, as Redis orders them; earlier pushes first
            drainPushes();
            writePush(from, frame);
            return;
        }
        if (pushes.add(from, frame)) {
            channel.eventLoop().execute(this::drainPushes);
        }
    }

    /** True while a command or batch runs on this session's own thread (see push). */
    private boolean runningHere;
    private final PushQueue pushes = new PushQueue();

    /**
     * Writes every queued push and flushes once: a burst of messages to one subscriber costs one
     * task and one system call. A message whose subscription the client has left since is
     * dropped, so nothing of a channel follows the confirmation that the client left it.
     */
    private void drainPushes() {
        if (pushes.drain(this::writePush) > 0) {
            channel.flush();
            enforcePubsubOutputLimit();
        }
    }

    /** Writes one push (without flushing) or releases it; returns the bytes written. */
    private int writePush(io.runnel.broker.pubsub.Subscription from, ByteBuf frame) {
        if (closed || (from != null && from.cancelled())) {
            frame.release();
            return 0;
        }
        int length = frame.readableBytes();
        server.stats().bytesOut(length);
        outgoing.handOver(); // the replies before it go first
        channel.write(frame, channel.voidPromise());
        wroteSinceFlush = true;
        return length;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientSession.class);

    /** When the output of a subscribed client last rose above the soft limit, or -1. */
    private long softLimitSince = -1;

    /**
     * A subscriber that does not read lets pushes pile up in its outbound buffer (they share
     * the publisher's bytes, but each still holds memory until sent). Past the pubsub class's
     * limits the connection is closed, as Redis does, so one slow reader cannot exhaust the
     * server; publishers and other subscribers never wait for it.
     */
    private void enforcePubsubOutputLimit() {
        if (!subscriptions.active()) {
            return;
        }
        io.netty.channel.ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
        OutputBufferLimit limit = server.pubsubOutputLimit();
        long now = System.currentTimeMillis();
        if (limit.aboveSoft(pending)) {
            if (softLimitSince < 0) {
                softLimitSince = now;
            }
        } else {
            softLimitSince = -1;
        }
        if (limit.exceeded(pending, softLimitSince, now)) {
            LOG.warn("Closing client id={} addr={}: pubsub output buffer {} bytes over its limit", id,
                    channel.remoteAddress(), pending);
            softLimitSince = -1;
            channel.close();
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------

    public void closed() {
        closed = true;
        outgoing.release();
        transaction.discard();
        server.clients().remove(this);
        subscriptions.dropAll(server.pubSub(), id);
    }

    /** This client's MULTI state and watched keys. */
    private final Transaction transaction = new Transaction();

    public Transaction transaction() {
        return transaction;
    }

    // ---- pub/sub -------------------------------------------------------------------------------

    /** What a subscribed client may still send in RESP2 (Redis's "subscribed mode"). */
    private static final java.util.Set<String> ALLOWED_WHILE_SUBSCRIBED = java.util.Set.of("subscribe", "unsubscribe",
            "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe", "ping", "quit", "reset");

    private final io.runnel.broker.pubsub.Subscriptions subscriptions = new io.runnel.broker.pubsub.Subscriptions();

    /** This client as its subscriptions see it. */
    private final io.runnel.broker.pubsub.Subscription.Sink sink = new io.runnel.broker.pubsub.Subscription.Sink() {
        @Override
        public long id() {
            return id;
        }

        @Override
        public int protocol() {
            return protocol;
        }

        @Override
        public boolean gone() {
            return closed;
        }

        @Override
        public void push(io.runnel.broker.pubsub.Subscription from, ByteBuf frame) {
            ClientSession.this.push(from, frame);
        }
    };

    public io.runnel.broker.pubsub.Subscription.Sink sink() {
        return sink;
    }

    /** The client class of CLIENT LIST/KILL TYPE and of the output limits: "pubsub" while subscribed. */
    public String clientType() {
        return subscriptions.active() ? "pubsub" : "normal";
    }

    /** The flags letters of CLIENT LIST, in Redis's order; "N" when none applies. */
    private String flags() {
        String flags = (subscriptions.active() ? "P" : "") + (transaction.active() ? "x" : "") + (blocked ? "b" : "")
                + (transaction.dirty() ? "d" : "") + (noEvict ? "e" : "");
        return flags.isEmpty() ? "N" : flags;
    }

    /** This client's channels and patterns (touched only on its event loop). */
    public io.runnel.broker.pubsub.Subscriptions subscriptions() {
        return subscriptions;
    }

    /** Closes the connection once the replies written so far have been sent (QUIT). */
    public void closeAfterReply() {
        closing = true;
    }

    /** Disconnects the client from any thread (CLIENT KILL). */
    public void kill() {
        channel.eventLoop().execute(channel::close);
    }

    // ---- state the commands use ------------------------------------------------------------

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public void name(String value) {
        this.name = value;
    }

    public int db() {
        return db;
    }

    public void select(int index) {
        this.db = index;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int version) {
        this.protocol = version;
        localOut.protocol(version);
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticated(boolean value) {
        this.authenticated = value;
        decoder.limits(limits());
        decoder.pauseAfterEachCommand(!value);
    }

    /** CLIENT REPLY; called while that command runs, before its own reply is written. */
    public void replyMode(ReplyMode mode) {
        switch (mode) {
            case ON -> {
                repliesOff = false;
                skipArmed = false;
            }
            case OFF -> repliesOff = true;
            case SKIP -> skipNext = !repliesOff;
        }
    }

    public void noEvict(boolean value) {
        this.noEvict = value;
    }

    /** RESET: back to a fresh connection's state, keeping the connection. */
    public void reset() {
        transaction.discard();
        subscriptions.dropAll(server.pubSub(), id);
        db = 0;
        protocol(2);
        name = "";
        repliesOff = false;
        skipNext = false;
        skipArmed = false;
        noEvict = false;
        authenticated(server.config().get("requirepass").isEmpty());
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** One line of CLIENT LIST / CLIENT INFO, with the fields Redis reports. */
    public String describe() {
        long now = System.currentTimeMillis();
        return "id=" + id
                + " addr=" + address(channel.remoteAddress())
                + " laddr=" + address(channel.localAddress())
                + " fd=" + fd()
                + " name=" + name
                + " age=" + (now - createdAtMillis) / 1000
                + " idle=" + (now - lastInteractionMillis) / 1000
                + " flags=" + flags()
                + " db=" + db
                + " sub=" + subscriptions.count(io.runnel.broker.pubsub.Subscriptions.Kind.CHANNEL)
                + " psub=" + subscriptions.count(io.runnel.broker.pubsub.Subscriptions.Kind.PATTERN) + " ssub="
                + subscriptions.count(io.runnel.broker.pubsub.Subscriptions.Kind.SHARD_CHANNEL) + " multi=" + transaction.queuedCount()
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=1024"
                + " events=r cmd=" + lastCommand
                + " user=default redir=-1 resp=" + protocol;
    }

    public String remoteAddress() {
        return address(channel.remoteAddress());
    }

    public String localAddress() {
        return address(channel.localAddress());
    }

    private int fd() {
        if (channel instanceof io.netty.channel.epoll.EpollSocketChannel epoll) {
            return epoll.fd().intValue();
        }
        return -1;
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
