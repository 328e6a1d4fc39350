package io.runnel.broker.script;

import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandRunner;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.command.CommandTable;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.RunElsewhere;
import io.runnel.broker.keyspace.ShardState;
import io.runnel.protocol.RespWriter;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;

/**
 * One run of a script, inside the command (EVAL, EVALSHA, ...) that runs it: the entities that
 * own its keys are held for all of it, so it is atomic, and what it changes is journaled as the
 * events of the commands it called, never as the script. redis.call runs a command with the same
 * handlers clients reach, refusing what Redis refuses from scripts; blocking commands answer at
 * once, as nothing may wait inside a script.
 */
final class ScriptRun {

    private final CommandContext ctx;
    private final boolean readOnly;
    /** The function FCALL runs; null for EVAL's scripts. */
    private final LibraryFunction function;
    private final CommandContext inner;
    private int resp = 2;
    private final long startedAt = System.currentTimeMillis();
    /** Whether a command the script called changed data (SCRIPT KILL then refuses). */
    private volatile boolean wrote;
    private volatile boolean killRequested;
    /**
     * For a script run inline in an entity's batch: when it must give the thread back (nanoTime),
     * or 0 on a script thread. Past it, a script that has changed nothing is run again from the
     * start on a script thread ({@link RunElsewhere}); one that has changed something finishes here.
     */
    private long inlineUntil;
    /** Whether a command the script called may have had an effect (anything not flagged readonly). */
    private boolean hadEffects;

    /** How long a script may run in an entity's batch (on an event loop) before it moves to a script thread. */
    private static final long INLINE_BUDGET_NANOS = 2_000_000;

    private ScriptRun(CommandContext ctx, boolean readOnly, LibraryFunction function, byte[][] command) {
        this.ctx = ctx;
        this.readOnly = readOnly;
        this.function = function;
        this.command = command;
        this.inner = new CommandContext(ctx.server());
    }

    /** Runs {@code script} with its KEYS and ARGV and writes its result, or its error, as the reply. */
    static void run(CommandContext ctx, ScriptCache.Script script, byte[][] keys, byte[][] args, boolean readOnly, RespWriter out) {
        LuaSandbox sandbox = LuaSandbox.current();
        Lua51Tables.set(sandbox.globals, KEYS, strings(keys)); // past the globals' protection
        Lua51Tables.set(sandbox.globals, ARGV, strings(args));
        ScriptRun run = new ScriptRun(ctx, readOnly, null, null);
        run.inlineWhere(ctx);
        run.execute(sandbox, script.sha(), "user_script", script.profile(),
                () -> new LuaClosure(script.prototype(), sandbox.environment).call(), out);
    }

    /**
     * Runs a library's function with its keys and arguments (its two parameters) and writes its
     * result or error. Functions of one library share their library's variables, so two of them
     * never run at once.
     */
    static void run(CommandContext ctx, LibraryFunction function, byte[][] command, byte[][] keys, byte[][] args, boolean readOnly,
                    RespWriter out) {
        LuaSandbox sandbox = LuaSandbox.current();
        ScriptRun run = new ScriptRun(ctx, readOnly, function, command);
        run.inlineWhere(ctx);
        java.util.concurrent.locks.ReentrantLock lock = function.library().lock();
        if (run.inlineUntil != 0) {
            if (!lock.tryLock()) {
                throw RunElsewhere.INSTANCE; // an event loop never waits for another call of the library
            }
        } else {
            lock.lock();
        }
        try {
            run.execute(sandbox, function.name(), "user_function", function.profile(),
                    () -> function.callback().call(strings(keys), strings(args)), out);
        } finally {
            lock.unlock();
        }
    }

    private void inlineWhere(CommandContext ctx) {
        if (ctx.reroutable()) {
            inlineUntil = System.nanoTime() + INLINE_BUDGET_NANOS;
        }
    }

    private void execute(LuaSandbox sandbox, String label, String chunk, ScriptProfile profile,
                         java.util.function.Supplier<LuaValue> body, RespWriter out) {
        long started = ScriptProfile.cpuTime();
        ScriptRun previous = sandbox.current;
        sandbox.current = this;
        sandbox.watchdog.running = this;
        if (previous == null) {
            sandbox.watchdog.depth = 0; // whatever a run ended by a Java stack overflow left counted
        }
        sandbox.watchdog.depthLimit = ctx.server().scripts().callDepth();
        if (inlineUntil == 0) {
            register();
        }
        try {
            LuaValue result = body.get();
            LuaConversions.toReply(result, out, resp); // booleans follow redis.setresp, as in Redis
        } catch (LuaError e) {
            out.error(LuaErrors.reply(e, label, chunk));
        } catch (StackOverflowError e) {
            out.error("ERR Error running script (call to f_" + label + "): stack overflow");
        } finally {
            profile.record(nestedDeeply ? Long.MAX_VALUE : ScriptProfile.cpuTime() - started);
            if (registered) {
                ctx.server().scripts().finished(this);
            }
            sandbox.current = previous;
            sandbox.watchdog.running = previous;
        }
    }

    /** The command that called the function, for FUNCTION STATS (null for a script). */
    private final byte[][] command;

    byte[][] command() {
        return command;
    }

    /** The function this run serves (FUNCTION KILL and STATS), or null for a script. */
    LibraryFunction function() {
        return function;
    }

    /** SCRIPT KILL's view: how long it has run, and whether it may still be stopped. */
    long runningMillis() {
        return System.currentTimeMillis() - startedAt;
    }

    boolean wrote() {
        return wrote;
    }

    void kill() {
        killRequested = true;
    }

    /** Called by the watchdog: stops the script when SCRIPT KILL asked. */
    void checkKilled() {
        if (killRequested) {
            throw RedisLibrary.failure("Script killed by user with SCRIPT KILL...");
        }
        if (inlineUntil != 0) {
            long now = System.nanoTime();
            if (!hadEffects && now - inlineUntil > 0) {
                throw RunElsewhere.INSTANCE;
            }
            if (!registered && now - inlineUntil > -INLINE_BUDGET_NANOS / 2) {
                register(); // an inline run that lasts is seen by SCRIPT KILL, BUSY and FUNCTION STATS
            }
        }
    }

    /**
     * The run's calls nest deeper than an entity's thread has stack for: an inline run that has
     * not written starts again on a script thread; one that has written goes on.
     */
    void nestsDeeply() {
        if (inlineUntil != 0 && !hadEffects) {
            nestedDeeply = true;
            throw RunElsewhere.INSTANCE;
        }
    }

    /** The run's calls nested past the limit (Lua's "stack overflow"). */
    void callsOverflowed() {
        ctx.server().scripts().callsOverflowed();
    }

    /** Abandoned inline for nesting too deep: the profile counts it as a long run, so the next runs stay on script threads. */
    private boolean nestedDeeply;

    /** Whether SCRIPT KILL, BUSY and FUNCTION STATS see this run (inline runs only once they last). */
    private boolean registered;

    private void register() {
        registered = true;
        ctx.server().scripts().started(this);
    }

    private static final LuaValue KEYS = LuaValue.valueOf("KEYS");
    private static final LuaValue ARGV = LuaValue.valueOf("ARGV");

    private static LuaTable strings(byte[][] values) {
        LuaTable table = new LuaTable(); // grown as Redis grows KEYS and ARGV, not presized: sizes show in #
        for (int i = 0; i < values.length; i++) {
            table.rawset(i + 1, LuaString.valueOf(values[i]));
        }
        return table;
    }

    void resp(int version) {
        resp = version;
    }

    /** redis.call (an error reply raises it) and redis.pcall (an error reply is returned as {err=...}). */
    Varargs call(Varargs args, boolean protectedCall) {
        byte[] reply;
        try {
            reply = execute(args);
        } catch (Refused refused) {
            return failed(refused.getMessage(), protectedCall);
        }
        if (reply.length > 0 && reply[0] == '-') {
            return failed(new String(reply, 1, reply.length - 3, StandardCharsets.UTF_8), protectedCall);
        }
        return LuaConversions.toLua(reply);
    }

    private static LuaValue failed(String error, boolean protectedCall) {
        LuaTable table = LuaConversions.single("err", LuaValue.valueOf(error));
        if (protectedCall) {
            return table;
        }
        throw new LuaError(table);
    }

    /** A command refused before it runs, in Redis's words. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * redis.acl_check_cmd: whether the script's user may run the command. Runnel has one user,
     * allowed everything, so any command Redis would find (arity unchecked, as there) is allowed.
     */
    Varargs aclCheck(Varargs args) {
        byte[][] argv;
        try {
            argv = argv(args);
        } catch (Refused refused) {
            return failed(refused.getMessage(), false);
        }
        if (commandOf(argv) == null) {
            return failed("ERR Invalid command passed to redis.acl_check_cmd()", false);
        }
        return LuaValue.TRUE;
    }

    /** The command the arguments of redis.call name: a command, a container's subcommand, or a container alone; null if none. */
    private CommandSpec commandOf(byte[][] argv) {
        CommandSpec spec = ctx.server().commands().lookup(argv[0]);
        if (spec != null && spec.container() && argv.length >= 2) {
            spec = CommandTable.subcommand(spec, argv[1]);
        }
        return spec;
    }

    /** The arguments of redis.call as a command line (numbers as Redis 7.2 writes them). */
    private static byte[][] argv(Varargs args) {
        int count = args.narg();
        if (count == 0) {
            throw new Refused("ERR Please specify at least one argument for this redis lib call");
        }
        byte[][] argv = new byte[count][];
        for (int i = 0; i < count; i++) {
            LuaValue arg = args.arg(i + 1);
            if (!arg.isstring()) { // numbers are strings to Lua
                throw new Refused("ERR Lua redis lib command arguments must be strings or integers");
            }
            argv[i] = arg.type() == LuaValue.TNUMBER ? commandNumber(arg.todouble()) : LuaConversions.bytes(arg.checkstring());
        }
        return argv;
    }

    private byte[] execute(Varargs args) {
        byte[][] argv = argv(args);
        CommandSpec spec = commandOf(argv);
        if (spec == null || spec.container()) {
            throw new Refused("ERR Unknown Redis command called from script");
        }
        if (!spec.arityAccepts(argv.length)) {
            throw new Refused("ERR Wrong number of args calling Redis command from script");
        }
        if (spec.flags().contains("noscript") || spec.route() == Route.SESSION && !SESSION_COMMANDS.contains(spec.name())) {
            throw new Refused("ERR This Redis command is not allowed from script");
        }
        if (readOnly && spec.write()) {
            throw new Refused("ERR Write commands are not allowed from read-only scripts.");
        }
        if (spec.write() && !wrote) {
            // a script that has written goes on (failing it halfway would leave half its effects)
            String failure = ctx.server().persistence().journalFailure();
            if (failure != null) {
                throw new Refused(io.runnel.broker.persist.SnapshotService.writeRefusal(failure));
            }
        }
        for (int position : spec.keyPositions(argv)) {
            if (!held(argv[position])) {
                throw new Refused("ERR Script attempted to access a non local key in a cluster node");
            }
        }
        RespWriter out = new RespWriter(resp);
        inner.reset(ctx.keys(), null, ctx.db(), ctx.clientId(), resp);
        CommandRunner.run(spec, inner, argv, out);
        if (!wrote && spec.write()) {
            wrote = true;
        }
        if (!hadEffects && !spec.readOnly()) {
            hadEffects = true;
        }
        return out.toByteArray();
    }

    /**
     * A number given to redis.call, as Redis 7.2 writes it: an integer when it is one (within
     * 2^62, as its double2ll), otherwise the shortest text that reads back as the same double
     * (not Lua's "%.14g", which would lose precision).
     */
    private static byte[] commandNumber(double value) {
        if (value == (long) value && Math.abs(value) <= 0x1p62) {
            return Long.toString((long) value).getBytes(StandardCharsets.US_ASCII);
        }
        return io.runnel.protocol.RespDoubles.bytes(value);
    }

    /** Commands without keys that need no connection, which scripts may call. */
    private static final java.util.Set<String> SESSION_COMMANDS = java.util.Set.of("ping", "echo", "time", "lastsave");

    /** Whether the key's entity is one the script holds (those of its declared keys). */
    private boolean held(byte[] key) {
        return holds(ctx.server().router().layout().entityOf(key));
    }

    boolean holds(int entity) {
        for (ShardState shard : ctx.keys().shards()) {
            if (shard.index() == entity) {
                return true;
            }
        }
        return false;
    }
}
