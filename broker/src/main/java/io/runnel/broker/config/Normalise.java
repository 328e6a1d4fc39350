package io.runnel.broker.config;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Validation and normal forms of directive values, with Redis's reasons for rejecting them. */
final class Normalise {

    private Normalise() {
    }

    static List<String> splitWords(String value) {
        List<String> out = new ArrayList<>();
        for (String word : value.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                out.add(word);
            }
        }
        return out;
    }

    static String single(List<String> args) {
        if (args.size() != 1) {
            if (args.isEmpty()) {
                return "";
            }
            throw new IllegalArgumentException("wrong number of arguments");
        }
        return args.get(0);
    }

    static String words(List<String> args) {
        return String.join(" ", args);
    }

    /**
     * An integer directive: the strict decimal form Redis accepts (no sign but '-', no leading
     * zeros or spaces), within {@code [min, max]}.
     */
    static Function<List<String>, String> integer(long min, long max) {
        return integer(min, max, min, max);
    }

    /** An integer accepted within {@code [min, max]} and then clamped into {@code [low, high]} (hz). */
    static Function<List<String>, String> integer(long min, long max, long low, long high) {
        return args -> {
            String text = single(args);
            Long parsed = io.runnel.broker.keyspace.Numbers.parseLongStrict(text.getBytes(StandardCharsets.UTF_8));
            if (parsed == null) {
                throw new IllegalArgumentException("argument couldn't be parsed into an integer");
            }
            long value = parsed;
            if (value < min || value > max) {
                throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
            }
            return Long.toString(Math.max(low, Math.min(high, value)));
        };
    }

    static final BigInteger UNSIGNED_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** A memory amount (digits and an optional unit) within {@code [min, max]}, max at most 2^64-1. */
    static Function<List<String>, String> memory(long min, BigInteger max) {
        return args -> {
            BigInteger value = parseMemory(single(args));
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
            }
            return value.toString();
        };
    }

    static Function<List<String>, String> memory(long min, long max) {
        return memory(min, BigInteger.valueOf(max));
    }

    /**
     * Digits with an optional unit: k/m/g are powers of 1000, kb/mb/gb of 1024, any case. An
     * empty value is 0; a number beyond 64 bits saturates at 2^64-1, as Redis's unsigned parse.
     */
    static BigInteger parseMemory(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        long unit = 1;
        String digits = lower;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"}, {"m", "1000000"},
            {"g", "1000000000"}, {"b", "1"}};
        for (String[] u : units) {
            if (lower.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                digits = lower.substring(0, lower.length() - u[0].length());
                break;
            }
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw new IllegalArgumentException("argument must be a memory value");
            }
        }
        BigInteger number = digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits).min(UNSIGNED_MAX);
        return number.multiply(BigInteger.valueOf(unit)).min(UNSIGNED_MAX);
    }

    static Function<List<String>, String> yesNo() {
        return args -> {
            String value = single(args).toLowerCase(Locale.ROOT);
            if (!value.equals("yes") && !value.equals("no")) {
                throw new IllegalArgumentException("argument must be 'yes' or 'no'");
            }
            return value;
        };
    }

    /**
     * notify-keyspace-stream-events: the classes of notify-keyspace-events, shown the same way;
     * K and E choose pub/sub channels and mean nothing for the stream.
     */
    static String streamEvents(List<String> args) {
        String value = keyspaceEvents(args);
        if (value.indexOf('K') >= 0 || value.indexOf('E') >= 0) {
            throw new IllegalArgumentException("K and E select pub/sub channels; the notification stream takes event classes only.");
        }
        return value;
    }

    /** The event classes of notify-keyspace-events, in the order CONFIG GET shows them. */
    private static final String EVENT_CLASSES = "g$lshzxetdn";
    /** What 'A' stands for: every class but 'n' (new keys). */
    private static final String ALL_EVENT_CLASSES = "g$lshzxetd";

    /**
     * notify-keyspace-events: validated, then shown as Redis shows it: "A" when every class it
     * stands for is set (a set 'n' is then not shown, as in Redis), else the single classes in
     * a fixed order, then K, E and m.
     */
    static String keyspaceEvents(List<String> args) {
        String value = single(args);
        StringBuilder classes = new StringBuilder();
        boolean keyspace = false;
        boolean keyevent = false;
        boolean miss = false;
        for (char c : value.toCharArray()) {
            if (c == 'A') {
                classes.append(ALL_EVENT_CLASSES);
            } else if (c == 'K') {
                keyspace = true;
            } else if (c == 'E') {
                keyevent = true;
            } else if (c == 'm') {
                miss = true;
            } else if (EVENT_CLASSES.indexOf(c) >= 0) {
                classes.append(c);
            } else {
                throw new IllegalArgumentException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            }
        }
        StringBuilder out = new StringBuilder();
        boolean all = ALL_EVENT_CLASSES.chars().allMatch(c -> classes.indexOf(String.valueOf((char) c)) >= 0);
        if (all) {
            out.append('A');
        } else {
            for (char c : EVENT_CLASSES.toCharArray()) {
                if (classes.indexOf(String.valueOf(c)) >= 0) {
                    out.append(c);
                }
            }
        }
        if (keyspace) {
            out.append('K');
        }
        if (keyevent) {
            out.append('E');
        }
        if (miss) {
            out.append('m');
        }
        if (all && classes.indexOf("n") >= 0) {
            out.append('n'); // kept, though CONFIG GET does not show it (see shownKeyspaceEvents)
        }
        return out.toString();
    }

    /** notify-keyspace-events as Redis shows it: an 'n' beside 'A' is in force but not shown. */
    static String shownKeyspaceEvents(String stored) {
        return stored.startsWith("A") && stored.endsWith("n") ? stored.substring(0, stored.length() - 1) : stored;
    }

    static Function<List<String>, String> oneOf(String... allowed) {
        return args -> {
            String value = single(args).toLowerCase(Locale.ROOT);
            if (!Arrays.asList(allowed).contains(value)) {
                throw new IllegalArgumentException("argument(s) must be one of the following: " + String.join(", ", allowed));
            }
            return value;
        };
    }

    static String saveRules(List<String> args) {
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            words.addAll(splitWords(arg));
        }
        if (words.size() % 2 != 0) {
            throw new IllegalArgumentException("Invalid save parameters");
        }
        for (String word : words) {
            try {
                if (Long.parseLong(word) < 0) {
                    throw new IllegalArgumentException("Invalid save parameters");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid save parameters");
            }
        }
        return String.join(" ", words);
    }

    static String outputBufferLimits(List<String> args) {
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            words.addAll(splitWords(arg));
        }
        if (words.size() % 4 != 0) {
            throw new IllegalArgumentException("Wrong number of arguments in buffer limit configuration.");
        }
        String current = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
        List<String> merged = new ArrayList<>(splitWords(current));
        for (int i = 0; i < words.size(); i += 4) {
            String kind = words.get(i).toLowerCase(Locale.ROOT);
            if (kind.equals("replica")) {
                kind = "slave";
            }
            int at = merged.indexOf(kind);
            if (at < 0) {
                throw new IllegalArgumentException("Invalid client class specified in buffer limit configuration.");
            }
            merged.set(at + 1, parseMemory(words.get(i + 1)).toString());
            merged.set(at + 2, parseMemory(words.get(i + 2)).toString());
            merged.set(at + 3, Long.toString(Long.parseLong(words.get(i + 3))));
        }
        return String.join(" ", merged);
    }
}
