package io.runnel.broker.command;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command of the table: Redis's metadata for it (arity, flags, key positions, key specs,
 * ACL categories, docs), where it runs and what runs it. Container commands (CLIENT, CONFIG,
 * OBJECT, ...) have subcommands and no handler of their own.
 */
public final class CommandSpec {

    private final String name;
    private final String fullName;
    private final String summary;
    private final Route route;
    private final CommandHandler handler;
    private final JsonNode metadata;
    private final int arity;
    private final Set<String> flags;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final Map<String, CommandSpec> subcommands;
    private final CommandStats stats = new CommandStats();
    private final boolean write;
    private final boolean movableKeys;
    private final boolean blocking;
    private final boolean readOnly;
    private final boolean noAuth;
    private final boolean runsScript;

    CommandSpec(String name, String fullName, String summary, Route route, CommandHandler handler, JsonNode metadata,
                Map<String, CommandSpec> subcommands) {
        this.name = name;
        this.fullName = fullName;
        this.summary = summary;
        this.route = route;
        this.handler = handler;
        this.metadata = metadata;
        this.arity = metadata.get("arity").asInt();
        this.flags = Collections.unmodifiableSet(strings(metadata.get("flags")));
        this.firstKey = metadata.get("first_key").asInt();
        this.lastKey = metadata.get("last_key").asInt();
        this.keyStep = metadata.get("step").asInt();
        this.subcommands = subcommands;
        this.write = flags.contains("write");
        this.movableKeys = flags.contains("movablekeys");
        this.blocking = flags.contains("blocking");
        this.readOnly = flags.contains("readonly");
        this.noAuth = flags.contains("no_auth");
        this.runsScript = flags.contains("no_mandatory_keys");
    }

    private static Set<String> strings(JsonNode array) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    public String name() {
        return name;
    }

    /** "get", or "client|list" for a subcommand: the name Redis uses in errors and stats. */
    public String fullName() {
        return fullName;
    }

    public String summary() {
        return summary;
    }

    public Route route() {
        return route;
    }

    public CommandHandler handler() {
        return handler;
    }

    public JsonNode metadata() {
        return metadata;
    }

    public int arity() {
        return arity;
    }

    public Set<String> flags() {
        return flags;
    }

    public boolean write() {
        return write;
    }

    /** A command that may wait for data (XREAD BLOCK, BLPOP, ...). */
    public boolean blocking() {
        return blocking;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /**
     * Runs a script (EVAL, FCALL and their forms: Redis flags them as needing no keys): it may
     * touch any key when it declares none.
     */
    public boolean runsScript() {
        return runsScript;
    }

    /** May run before the client has authenticated (AUTH, HELLO, QUIT, RESET). */
    public boolean noAuth() {
        return noAuth;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public boolean container() {
        return !subcommands.isEmpty();
    }

    public Map<String, CommandSpec> subcommands() {
        return subcommands;
    }

    public CommandStats stats() {
        return stats;
    }

    /** Whether the command's keys are found in its arguments (its table's first/last key may name only some). */
    public boolean movableKeys() {
        return movableKeys;
    }

    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** The positions of the key arguments of {@code argv}, from first/last/step. */
    public int[] keyPositions(byte[][] argv) {
        if (movableKeys) {
            // keys found by a keyword (XREAD ... STREAMS k1 k2 id1 id2): read the key specs
            java.util.List<KeySpecs.KeyRef> keys = KeySpecs.extract(this, argv);
            if (keys == null) {
                return NO_KEYS;
            }
            int[] positions = new int[keys.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = keys.get(i).position();
            }
            return positions;
        }
        if (firstKey <= 0) {
            return NO_KEYS;
        }
        int last = lastKey < 0 ? argv.length + lastKey : lastKey;
        last = Math.min(last, argv.length - 1);
        if (last < firstKey) {
            return NO_KEYS;
        }
        int count = (last - firstKey) / keyStep + 1;
        int[] positions = new int[count];
        for (int i = 0; i < count; i++) {
            positions[i] = firstKey + i * keyStep;
        }
        return positions;
    }

    public List<String> aclCategories() {
        List<String> out = new java.util.ArrayList<>();
        metadata.get("acl_categories").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static final int[] NO_KEYS = new int[0];
}
