package io.runnel.broker.config;

import java.util.List;
import java.util.function.Function;

/**
 * One configuration directive as redis.conf and CONFIG know it: its name, default, how a value
 * is checked and normalised, and whether CONFIG SET may change it while the server runs.
 *
 * @param normalise turns the given arguments into the stored value, or throws
 *                  {@link IllegalArgumentException} with Redis's reason when they are invalid
 * @param shown     turns the stored value into what CONFIG GET shows; the identity but where
 *                  Redis shows less than it keeps (notify-keyspace-events hides 'n' behind 'A')
 */
public record Directive(String name, String defaultValue, boolean mutable, Function<List<String>, String> normalise,
                        Function<String, String> shown) {

    public Directive(String name, String defaultValue, boolean mutable, Function<List<String>, String> normalise) {
        this(name, defaultValue, mutable, normalise, Function.identity());
    }

    /** Whether CONFIG SET may change it; {@link #PROTECTED} ones only from the config file. */
    public enum Change { MUTABLE, IMMUTABLE, PROTECTED }

    /** Directives Redis protects from CONFIG SET unless enable-protected-configs allows it. */
    public static final java.util.Set<String> PROTECTED = java.util.Set.of("dir", "dbfilename");

    public Change change() {
        if (!mutable) {
            return Change.IMMUTABLE;
        }
        return PROTECTED.contains(name) ? Change.PROTECTED : Change.MUTABLE;
    }
}
