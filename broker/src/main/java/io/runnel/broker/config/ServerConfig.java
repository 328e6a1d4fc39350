package io.runnel.broker.config;

import io.runnel.protocol.InlineSplitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The server's configuration: redis.conf syntax in a file, then {@code --directive value}
 * overrides from the command line, then CONFIG SET at run time. Values are kept in the text form
 * CONFIG GET replies with; typed accessors read them.
 */
public final class ServerConfig {

    private static final Map<String, Directive> DIRECTIVES = new LinkedHashMap<>();
    /** Older names Redis still accepts for some directives (CONFIG GET lists them too). */
    private static final Map<String, String> ALIASES = Map.of(
            "hash-max-ziplist-entries", "hash-max-listpack-entries",
            "hash-max-ziplist-value", "hash-max-listpack-value",
            "zset-max-ziplist-entries", "zset-max-listpack-entries",
            "zset-max-ziplist-value", "zset-max-listpack-value",
            "lua-time-limit", "busy-reply-threshold");

    static {
        define("bind", "127.0.0.1", false, Normalise::words);
        define("port", "6379", false, Normalise.integer(0, 65535));
        define("dir", System.getProperty("user.dir"), true, Normalise::single);
        define("databases", "16", false, Normalise.integer(1, Integer.MAX_VALUE));
        define("requirepass", "", true, Normalise::single);
        define("maxclients", "10000", true, Normalise.integer(1, 4294967295L));
        define("timeout", "0", true, Normalise.integer(0, Integer.MAX_VALUE));
        define("tcp-keepalive", "300", true, Normalise.integer(0, Integer.MAX_VALUE));
        define("tcp-backlog", "511", false, Normalise.integer(0, Integer.MAX_VALUE));
        define("proto-max-bulk-len", "536870912", true, Normalise.memory(1024 * 1024, Long.MAX_VALUE));
        define("client-query-buffer-limit", "1073741824", true, Normalise.memory(1024 * 1024, Long.MAX_VALUE));
        // accepted from 0 and up, used (and shown) within 1..500
        define("hz", "10", true, Normalise.integer(0, Integer.MAX_VALUE, 1, 500));
        define("appendonly", "no", true, Normalise.yesNo());
        define("appendfsync", "everysec", true, Normalise.oneOf("everysec", "always", "no"));
        define("appendfilename", "appendonly.aof", false, Normalise::single);
        define("auto-aof-rewrite-percentage", "100", true, Normalise.integer(0, Integer.MAX_VALUE));
        define("auto-aof-rewrite-min-size", "67108864", true, Normalise.memory(0, Long.MAX_VALUE));
        define("save", "3600 1 300 100 60 10000", true, Normalise::saveRules);
        define("dbfilename", "dump.rdb", true, Normalise::single);
        define("loglevel", "notice", true, Normalise.oneOf("debug", "verbose", "notice", "warning"));
        define("logfile", "", false, Normalise::single);
        define("daemonize", "no", false, Normalise.yesNo());
        define("pidfile", "", false, Normalise::single);
        define("maxmemory", "0", true, Normalise.memory(0, Normalise.UNSIGNED_MAX));
        define("maxmemory-policy", "noeviction", true, Normalise.oneOf("volatile-lru", "volatile-lfu", "volatile-random",
                "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"));
        define("set-max-intset-entries", "512", true, Normalise.integer(0, Long.MAX_VALUE));
        define("hash-max-listpack-entries", "512", true, Normalise.integer(0, Long.MAX_VALUE));
        // how long (ms) a script runs before SCRIPT KILL may stop it
        define("busy-reply-threshold", "5000", true, Normalise.integer(0, Long.MAX_VALUE));
        define("hash-max-listpack-value", "64", true, Normalise.memory(0, Long.MAX_VALUE));
        define("hll-sparse-max-bytes", "3000", true, Normalise.memory(0, Long.MAX_VALUE));
        define("zset-max-listpack-entries", "128", true, Normalise.integer(0, Long.MAX_VALUE));
        define("zset-max-listpack-value", "64", true, Normalise.memory(0, Long.MAX_VALUE));
        define("lfu-log-factor", "10", true, Normalise.integer(0, Integer.MAX_VALUE));
        define("lfu-decay-time", "1", true, Normalise.integer(0, Integer.MAX_VALUE));
        DIRECTIVES.put("notify-keyspace-events", new Directive("notify-keyspace-events", "", true,
                Normalise::keyspaceEvents, Normalise::shownKeyspaceEvents));
        define("lazyfree-lazy-user-del", "no", true, Normalise.yesNo());
        define("lazyfree-lazy-user-flush", "no", true, Normalise.yesNo());
        define("protected-mode", "yes", true, Normalise.yesNo());
        define("io-threads", "1", false, Normalise.integer(1, 128));
        define("slowlog-log-slower-than", "10000", true, Normalise.integer(-1, Long.MAX_VALUE));
        define("slowlog-max-len", "128", true, Normalise.integer(0, Long.MAX_VALUE));
        define("latency-tracking", "yes", true, Normalise.yesNo());
        define("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
                true, Normalise::outputBufferLimits);
        // Runnel's own: keyspace notifications appended to a stream (docs/keyspace-notifications.md)
        define("notify-keyspace-stream", "", true, Normalise::single);
        define("notify-keyspace-stream-events", "A", true, Normalise::streamEvents);
        define("notify-keyspace-stream-maxlen", "1000000", true, Normalise.integer(0, Long.MAX_VALUE));
        // Runnel's own: where the journal and snapshots go (docs/persistence.md). "embedded" is
        // the segment journal under dir; "jdbc" is PostgreSQL, shared by several nodes.
        define("journal-backend", "embedded", false, Normalise.oneOf("embedded", "jdbc"));
        define("jdbc-url", "jdbc:postgresql://127.0.0.1:5432/runnel", false, Normalise::single);
        define("jdbc-user", "runnel", false, Normalise::single);
        define("jdbc-password", "", false, Normalise::single);
        // Runnel's own: how many entities the 16384 slots are split into (a power of two)
        define("keyspace-entities", "64", false, Normalise.integer(1, 16384));
    }

    private static void define(String name, String defaultValue, boolean mutable, Function<List<String>, String> normalise) {
        DIRECTIVES.put(name, new Directive(name, defaultValue, mutable, normalise));
    }

    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Path configFile;
    /** Incremented by every successful CONFIG SET, for readers that cache derived values. */
    private volatile int generation;

    public ServerConfig() {
        DIRECTIVES.values().forEach(d -> values.put(d.name(), d.defaultValue()));
    }

    /** Reads redis-server style arguments: an optional config file, then --directive overrides. */
    public static ServerConfig fromArguments(String[] args) throws IOException {
        ServerConfig config = new ServerConfig();
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("--")) {
            Path file = Path.of(args[0]);
            config.configFile = file.toAbsolutePath();
            try {
                config.loadFile(file);
            } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
                throw new ConfigException("Fatal error, can't open config file '" + file + "': " + e.getClass().getSimpleName());
            }
            i = 1;
        }
        while (i < args.length) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("Invalid argument '" + arg + "': directives are given as --name value");
            }
            String name = arg.substring(2).toLowerCase(Locale.ROOT);
            List<String> valueArgs = new ArrayList<>();
            i++;
            while (i < args.length && !args[i].startsWith("--")) {
                valueArgs.add(args[i++]);
            }
            config.apply(name, valueArgs, "command line");
        }
        return config;
    }

    private void loadFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            byte[][] words = InlineSplitter.split(bytes, 0, bytes.length);
            if (words == null) {
                throw new ConfigException(file + ":" + (n + 1) + ": unbalanced quotes in configuration line");
            }
            String name = new String(words[0], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            List<String> valueArgs = new ArrayList<>();
            for (byte[] word : Arrays.copyOfRange(words, 1, words.length)) {
                valueArgs.add(new String(word, StandardCharsets.UTF_8));
            }
            if (name.equals("include")) {
                for (String included : valueArgs) {
                    loadFile(file.resolveSibling(included));
                }
                continue;
            }
            apply(name, valueArgs, file + ":" + (n + 1));
        }
    }

    private void apply(String typed, List<String> valueArgs, String where) {
        String name = canonical(typed);
        Directive directive = DIRECTIVES.get(name);
        if (directive == null) {
            throw new ConfigException(where + ": Bad directive or wrong number of arguments: '" + typed + "'");
        }
        try {
            values.put(name, directive.normalise().apply(valueArgs));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": '" + name + "': " + e.getMessage());
        }
    }

    public static Map<String, Directive> directives() {
        return DIRECTIVES;
    }

    /** The older names still accepted, each with the directive it stands for. */
    public static Map<String, String> aliases() {
        return ALIASES;
    }

    /** The directive a name (lower case) stands for: itself, or what an older name became. */
    public static String canonical(String name) {
        return ALIASES.getOrDefault(name, name);
    }

    /** Changes whenever CONFIG SET changed something. */
    public int generation() {
        return generation;
    }

    public Path configFile() {
        return configFile;
    }

    public String get(String name) {
        return values.get(name);
    }

    /** The value as CONFIG GET shows it. */
    public String shown(String name) {
        return DIRECTIVES.get(name).shown().apply(values.get(name));
    }

    /**
     * Sets directives at run time, all or none (CONFIG SET), each change a name as the client
     * typed it and a value. First every name is checked (unknown, not settable, given twice),
     * then every value; the first failure is thrown with Redis's wording and nothing changes.
     */
    public synchronized void set(List<Map.Entry<String, String>> changes) {
        // a name given twice is refused; an older name and the directive it stands for are two names, the later winning
        Map<String, Map.Entry<Directive, String>> requested = new LinkedHashMap<>();
        for (Map.Entry<String, String> change : changes) {
            String typed = change.getKey();
            String lower = typed.toLowerCase(Locale.ROOT);
            Directive directive = DIRECTIVES.get(canonical(lower));
            if (directive == null) {
                throw new IllegalStateException("ERR Unknown option or number of arguments for CONFIG SET - '" + typed + "'");
            }
            switch (directive.change()) {
                case IMMUTABLE -> throw setFailed(typed, "can't set immutable config");
                case PROTECTED -> throw setFailed(typed, "can't set protected config");
                case MUTABLE -> {
                }
            }
            if (requested.put(lower, Map.entry(directive, change.getValue())) != null) {
                throw setFailed(typed, "duplicate parameter");
            }
        }
        Map<String, String> normalised = new LinkedHashMap<>();
        requested.values().forEach(request -> {
            Directive directive = request.getKey();
            String value = request.getValue();
            try {
                List<String> words = directive.name().equals("save") || directive.name().equals("client-output-buffer-limit")
                        || directive.name().equals("bind")
                        ? Normalise.splitWords(value) : List.of(value);
                normalised.put(directive.name(), directive.normalise().apply(words));
            } catch (IllegalArgumentException e) {
                throw setFailed(directive.name(), e.getMessage());
            }
        });
        values.putAll(normalised);
        generation++;
        normalised.forEach((k, v) -> listeners.forEach(l -> l.accept(k, v)));
    }

    /** {@link #set(List)} with the names as keys of a map, in its iteration order. */
    public void set(Map<String, String> changes) {
        set(new ArrayList<>(changes.entrySet()));
    }

    private static IllegalStateException setFailed(String name, String reason) {
        return new IllegalStateException("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }

    /** Called after each successful CONFIG SET of a directive, with its new value. */
    public void onChange(BiConsumer<String, String> listener) {
        listeners.add(listener);
    }

    /** Where the embedded journal and its snapshots live: {@code <dir>/appendonlydir}, as Redis 7's AOF. */
    public java.nio.file.Path journalDirectory() {
        return java.nio.file.Path.of(get("dir")).resolve("appendonlydir").toAbsolutePath();
    }

    public int getInt(String name) {
        return Integer.parseInt(values.get(name));
    }

    public long getLong(String name) {
        return Long.parseLong(values.get(name));
    }

    public boolean getBool(String name) {
        return values.get(name).equals("yes");
    }

    public int port() {
        return getInt("port");
    }

    public List<String> bind() {
        return Normalise.splitWords(values.get("bind"));
    }

    /** Raised for invalid configuration given at start-up. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
