package io.runnel.broker.script;

import io.runnel.broker.command.CommandError;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scripts the server knows, by the SHA1 of their body (EVAL and SCRIPT LOAD add, EVALSHA
 * finds, SCRIPT FLUSH forgets). A script is compiled once; its compiled form is shared by every
 * thread that runs it.
 */
public final class ScriptCache {

    static {
        LuaLexer.useLua51Keywords(); // before the first compile (loadstring runs inside a compiled script)
    }

    /** A compiled script, the flags of its shebang line (none without one) and how long it runs. */
    public record Script(String sha, byte[] body, Prototype prototype, java.util.Set<String> flags, ScriptProfile profile) {
    }

    /** The flags a "#!lua flags=..." line may give. */
    private static final java.util.Set<String> SHEBANG_FLAGS = java.util.Set.of("no-writes", "allow-oom", "allow-stale",
            "no-cluster", "allow-cross-slot-keys");

    private final ConcurrentHashMap<String, Script> scripts = new ConcurrentHashMap<>();
    /**
     * The Java stack of a script thread: room for Lua 5.1's 20,000 nested calls
     * ({@link ScriptWatchdog#MAX_DEPTH}) with library functions between them (reserved, not
     * committed, until a script goes that deep).
     */
    static final long SCRIPT_STACK_BYTES = 64L << 20;

    /** The threads scripts run on (each with its own Lua world), never those of entities and connections. */
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(null, task, "runnel-script", SCRIPT_STACK_BYTES);
        thread.setDaemon(true);
        return thread;
    });

    public java.util.concurrent.Executor executor() {
        return executor;
    }

    /** The scripts running now, in any entity (SCRIPT KILL looks here). */
    private final java.util.Set<ScriptRun> running = ConcurrentHashMap.newKeySet();

    void started(ScriptRun run) {
        running.add(run);
    }

    void finished(ScriptRun run) {
        running.remove(run);
    }

    public boolean anyRunning() {
        return !running.isEmpty();
    }

    /**
     * Redis's BUSY error when a script or function that has run at least {@code busyMillis}
     * holds entity {@code entity} (its clients get it instead of an answer); null otherwise.
     */
    public String busyError(int entity, long busyMillis) {
        if (running.isEmpty()) {
            return null;
        }
        for (ScriptRun run : running) {
            if (run.runningMillis() >= busyMillis && run.holds(entity)) {
                return run.function() != null ? BUSY_FUNCTION : BUSY_SCRIPT;
            }
        }
        return null;
    }

    private static final String BUSY_SCRIPT = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    private static final String BUSY_FUNCTION = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

    /**
     * SCRIPT KILL ({@code functions} false) or FUNCTION KILL: stops the scripts (or functions)
     * that have run at least {@code busyMillis} and written nothing. Answers what Redis answers:
     * NOTBUSY without any, UNKILLABLE when one has written, BUSY naming the other KILL when what
     * runs is of the other kind.
     */
    public void kill(long busyMillis, boolean functions) {
        java.util.List<ScriptRun> busy = running.stream().filter(run -> run.runningMillis() >= busyMillis).toList();
        if (busy.isEmpty()) {
            throw new CommandError("NOTBUSY No scripts in execution right now.");
        }
        if (busy.stream().anyMatch(ScriptRun::wrote)) {
            throw new CommandError("UNKILLABLE Sorry the script already executed write commands against the dataset. "
                    + "You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.");
        }
        java.util.List<ScriptRun> ofKind = busy.stream().filter(run -> (run.function() != null) == functions).toList();
        if (ofKind.isEmpty()) {
            throw new CommandError(functions ? BUSY_SCRIPT : BUSY_FUNCTION);
        }
        ofKind.forEach(ScriptRun::kill);
    }

    /** The function running now for longest, for FUNCTION STATS; null when none runs. */
    public ScriptRun runningFunction() {
        ScriptRun longest = null;
        for (ScriptRun run : running) {
            if (run.function() != null && (longest == null || run.runningMillis() > longest.runningMillis())) {
                longest = run;
            }
        }
        return longest;
    }

    /** The script with this body, compiled and remembered on first sight. */
    public Script load(byte[] body) {
        Script remembered = remembered(body);
        if (remembered != null) {
            return remembered;
        }
        String sha = sha1hex(body);
        Script known = scripts.get(sha);
        if (known != null) {
            return known;
        }
        java.util.Set<String> flags = java.util.Set.of();
        byte[] source = body;
        int end = shebangEnd(body);
        if (end >= 0) {
            flags = shebangFlags(new String(body, 0, end, java.nio.charset.StandardCharsets.UTF_8));
            source = java.util.Arrays.copyOfRange(body, end, body.length); // the line goes, its line break stays
        }
        Script compiled = new Script(sha, body.clone(), compile(source), flags, new ScriptProfile());
        Script raced = scripts.putIfAbsent(sha, compiled);
        return raced != null ? raced : compiled;
    }

    /**
     * Whether a script command may run inline in its entity's batch: EVAL or EVALSHA of a known
     * script, or FCALL of a known function, whose recent runs have been short.
     */
    public boolean runsInline(io.runnel.broker.command.CommandSpec spec, byte[][] argv, FunctionRegistry functions) {
        ScriptProfile profile = switch (spec.name()) {
            case "eval", "eval_ro" -> {
                Script script = remember(argv[1], scripts.get(sha1hex(argv[1]))); // never compiles: a new body goes to a script thread
                yield script == null ? null : script.profile();
            }
            case "evalsha", "evalsha_ro" -> {
                Script script = remember(argv[1], get(argv[1]));
                yield script == null ? null : script.profile();
            }
            case "fcall", "fcall_ro" -> {
                LibraryFunction function = functions.function(new String(argv[1], java.nio.charset.StandardCharsets.UTF_8));
                yield function == null ? null : function.profile();
            }
            default -> null;
        };
        return profile != null && profile.runsInline();
    }

    /** The script of a SHA1 (any case), or null. */
    public Script get(byte[] sha) {
        Script remembered = remembered(sha);
        return remembered != null ? remembered
                : scripts.get(new String(sha, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The script the session found for a command's argument (its body or SHA1) when it chose
     * where to run it, so that the command's handler, given the very same array, does not hash
     * or look it up again. Matched by identity: another command's argument never matches.
     */
    private record Found(byte[] argument, Script script) {
    }

    private volatile Found found;

    private Script remembered(byte[] argument) {
        Found last = found;
        return last != null && last.argument() == argument ? last.script() : null;
    }

    private Script remember(byte[] argument, Script script) {
        if (script != null) {
            found = new Found(argument, script);
        }
        return script;
    }

    /** SCRIPT FLUSH: Redis starts a new Lua state, so the cjson settings scripts changed are back to their defaults too. */
    public void flush() {
        found = null;
        scripts.clear();
        LuaCjson.SHARED.reset();
        callDepth = ScriptWatchdog.FIRST_DEPTH;
    }

    /**
     * How deep scripts' calls may nest. Lua 5.1 grows its array of call records by doubling up
     * to 16,384 and refuses the next with "stack overflow"; after that error it keeps exactly
     * 20,000 records, so a Lua state that has overflowed once lets calls nest deeper, until
     * SCRIPT FLUSH makes a new state. Redis has one state for scripts: so has this.
     */
    private volatile int callDepth = ScriptWatchdog.FIRST_DEPTH;

    int callDepth() {
        return callDepth;
    }

    /** A script's calls overflowed: from now on they nest as deep as a state that has overflowed lets them. */
    void callsOverflowed() {
        callDepth = ScriptWatchdog.MAX_DEPTH;
    }

    public int size() {
        return scripts.size();
    }

    /**
     * Whether a script body may write by its own declaration: a shebang line without no-writes.
     * A body without one (Redis's compatibility mode, which decides write by write) or with an
     * invalid one (refused when the script is run) declares nothing.
     */
    public static boolean declaresWrites(byte[] body) {
        int end = shebangEnd(body);
        if (end < 0) {
            return false;
        }
        try {
            return !shebangFlags(new String(body, 0, end, java.nio.charset.StandardCharsets.UTF_8)).contains("no-writes");
        } catch (CommandError invalid) {
            return false;
        }
    }

    /** Where a body's shebang line ends (its line break, or the end of the body), or -1 without one. */
    private static int shebangEnd(byte[] body) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            return -1;
        }
        int end = 0;
        while (end < body.length && body[end] != '\n') {
            end++;
        }
        return end;
    }

    /** The flags of a "#!lua [flags=a,b]" line, refused in Redis's words when it says anything else. */
    private static java.util.Set<String> shebangFlags(String line) {
        String[] parts = line.trim().split(" +");
        if (!parts[0].equals("#!lua")) {
            throw new CommandError("ERR Unexpected engine in script shebang: " + parts[0]);
        }
        java.util.Set<String> flags = new java.util.HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("flags=")) {
                throw new CommandError("ERR Unknown lua shebang option: " + parts[i]);
            }
            for (String flag : parts[i].substring("flags=".length()).split(",")) {
                if (flag.isEmpty()) {
                    continue;
                }
                if (!SHEBANG_FLAGS.contains(flag)) {
                    throw new CommandError("ERR Unexpected flag in script shebang: " + flag);
                }
                flags.add(flag);
            }
        }
        return java.util.Set.copyOf(flags);
    }

    private static Prototype compile(byte[] body) {
        return compile(body, "user_script", "ERR Error compiling script (new function): ");
    }

    /**
     * Compiles Lua source as the chunk {@code chunk} (errors then say "chunk:line:"), refusing
     * it with {@code errorPrefix} and Lua 5.1's wording of the compile error.
     */
    static Prototype compile(byte[] body, String chunk, String errorPrefix) {
        Globals compiler = new Globals();
        LoadState.install(compiler);
        LuaC.install(compiler);
        try {
            return compiler.compilePrototype(new ByteArrayInputStream(body), "@" + chunk);
        } catch (LuaError e) {
            throw new CommandError(errorPrefix + e.getMessage()); // worded as Lua 5.1 does: LuaJPatch
        } catch (java.io.IOException e) {
            throw new CommandError(errorPrefix + e.getMessage());
        }
    }

    public static String sha1hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
