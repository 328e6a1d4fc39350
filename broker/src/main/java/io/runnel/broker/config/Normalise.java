package io.runnel.broker.config;

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

    static Function<List<String>, String> integer(long min, long max) {
        return args -> {
            String text = single(args);
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("argument couldn't be parsed into an integer");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
            }
            return Long.toString(value);
        };
    }

    static Function<List<String>, String> memory(long min, long max) {
        return args -> {
            long value = parseMemory(single(args));
            if (value < min || value > max) {
                throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
            }
            return Long.toString(value);
        };
    }

    static long parseMemory(String text) {
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
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("argument must be a memory value");
        }
    }

    static Function<List<String>, String> yesNo() {
        return oneOf("yes", "no");
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
            merged.set(at + 1, Long.toString(parseMemory(words.get(i + 1))));
            merged.set(at + 2, Long.toString(parseMemory(words.get(i + 2))));
            merged.set(at + 3, Long.toString(Long.parseLong(words.get(i + 3))));
        }
        return String.join(" ", merged);
    }
}
