package io.runnel.broker.command;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the keys of a full command line from its command's key specs, each key with the access
 * flags of the spec that found it: what COMMAND GETKEYS and GETKEYSANDFLAGS answer.
 */
public final class KeySpecs {

    /** One key argument: its position in the command line and its flags (RO, RW, OW, access, ...). */
    public record KeyRef(int position, List<String> flags) {
    }

    private KeySpecs() {
    }

    public static boolean hasKeys(CommandSpec spec) {
        return spec.metadata().get("key_specs").size() > 0;
    }

    /**
     * The keys of {@code argv} (argv[0] is the command name) in key spec order, or null when a
     * spec does not fit the line.
     */
    public static List<KeyRef> extract(CommandSpec spec, byte[][] argv) {
        if (isSort(spec)) {
            return sortKeys(argv);
        }
        List<KeyRef> keys = new ArrayList<>();
        for (JsonNode keySpec : spec.metadata().get("key_specs")) {
            boolean incomplete = contains(keySpec.get("flags"), "incomplete");
            int first = beginSearch(keySpec.get("begin_search"), argv);
            if (first == KEYWORD_ABSENT) {
                continue;
            }
            if (first < 0) {
                if (incomplete) {
                    continue;
                }
                return null;
            }
            if (!findKeys(keySpec.get("find_keys"), argv, first, flags(spec, keySpec, argv), keys) && !incomplete) {
                return null;
            }
        }
        return keys;
    }

    private static boolean isSort(CommandSpec spec) {
        return spec.fullName().equals("sort") || spec.fullName().equals("sort_ro");
    }

    /**
     * SORT's keys, found as Redis finds them (its specs say "unknown"): the sorted key, and the
     * destination of the last STORE; LIMIT's two arguments and GET's and BY's one are skipped.
     */
    private static List<KeyRef> sortKeys(byte[][] argv) {
        List<KeyRef> keys = new ArrayList<>();
        keys.add(new KeyRef(1, List.of("RO", "access")));
        KeyRef store = null;
        for (int i = 2; i < argv.length; i++) {
            if (Args.is(argv[i], "LIMIT")) {
                i += 2;
            } else if (Args.is(argv[i], "GET") || Args.is(argv[i], "BY")) {
                i += 1;
            } else if (Args.is(argv[i], "STORE") && i + 1 < argv.length) {
                store = new KeyRef(i + 1, List.of("OW", "update"));
            }
        }
        if (store != null) {
            keys.add(store);
        }
        return keys;
    }

    /**
     * Whether a command may touch keys its key specs do not name, keys that may live in any
     * entity: SORT's BY and GET patterns with a '*' (GET # reads nothing), and a script that
     * declares no keys (EVAL, FCALL, ...: Redis lets such a script reach any key).
     */
    public static boolean mayTouchAnyKey(CommandSpec spec, byte[][] argv) {
        if (spec.runsScript()) {
            return spec.keyPositions(argv).length == 0;
        }
        if (!isSort(spec)) {
            return false;
        }
        for (int i = 2; i + 1 < argv.length; i++) {
            if (Args.is(argv[i], "LIMIT")) {
                i += 2;
            } else if (Args.is(argv[i], "GET") || Args.is(argv[i], "BY")) {
                byte[] pattern = argv[++i];
                for (byte b : pattern) {
                    if (b == '*') {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A keyword spec whose keyword the line does not hold: no keys from it (GEORADIUS without STORE). */
    private static final int KEYWORD_ABSENT = -2;

    /** The position where a spec's keys start, -1 when the line has no such position, or {@link #KEYWORD_ABSENT}. */
    private static int beginSearch(JsonNode begin, byte[][] argv) {
        JsonNode spec = begin.get("spec");
        switch (begin.get("type").asText()) {
            case "index" -> {
                int index = spec.get("index").asInt();
                return index < argv.length ? index : -1;
            }
            case "keyword" -> {
                String keyword = spec.get("keyword").asText();
                int from = spec.get("startfrom").asInt();
                int start = from >= 0 ? from : argv.length + from;
                int step = from >= 0 ? 1 : -1;
                for (int i = start; i > 0 && i < argv.length; i += step) {
                    if (Args.is(argv[i], keyword)) {
                        return i + 1 < argv.length ? i + 1 : -1;
                    }
                }
                return KEYWORD_ABSENT;
            }
            default -> {
                return -1;
            }
        }
    }

    private static boolean findKeys(JsonNode find, byte[][] argv, int first, List<String> flags, List<KeyRef> keys) {
        JsonNode spec = find.get("spec");
        int last;
        int step;
        switch (find.get("type").asText()) {
            case "range" -> {
                int lastKey = spec.get("lastkey").asInt();
                int limit = spec.get("limit").asInt();
                step = spec.get("keystep").asInt();
                if (lastKey >= 0) {
                    last = first + lastKey;
                } else if (limit <= 1) {
                    last = argv.length + lastKey;
                } else {
                    // a negative last key with a limit: only 1/limit of what follows holds keys
                    last = first + (argv.length - first) / limit + lastKey;
                }
            }
            case "keynum" -> {
                int numberAt = first + spec.get("keynumidx").asInt();
                if (numberAt >= argv.length) {
                    return false;
                }
                Long count = io.runnel.broker.keyspace.Numbers.parseLongStrict(argv[numberAt]);
                if (count == null || count < 0) {
                    return false;
                }
                step = spec.get("keystep").asInt();
                first = first + spec.get("firstkey").asInt();
                last = (int) Math.min(Integer.MAX_VALUE, first + (count - 1) * step);
            }
            default -> {
                return false;
            }
        }
        if (last >= argv.length || step <= 0) {
            return false;
        }
        for (int i = first; i <= last; i += step) {
            keys.add(new KeyRef(i, flags));
        }
        return true;
    }

    private static List<String> flags(CommandSpec command, JsonNode keySpec, byte[][] argv) {
        List<String> flags = new ArrayList<>();
        keySpec.get("flags").forEach(f -> flags.add(f.asText()));
        if (flags.contains("variable_flags") && command.fullName().equals("set")) {
            // SET only reads the old value when asked to return it with GET
            boolean get = false;
            for (int i = 3; i < argv.length; i++) {
                get |= Args.is(argv[i], "GET");
            }
            return get ? List.of("RW", "access", "update") : List.of("OW", "update");
        }
        return flags;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
