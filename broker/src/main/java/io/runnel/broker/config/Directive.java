package io.runnel.broker.config;

import java.util.List;
import java.util.function.Function;

/**
 * One configuration directive as redis.conf and CONFIG know it: its name, default, how a value
 * is checked and normalised, and whether CONFIG SET may change it while the server runs.
 *
 * @param normalise turns the given arguments into the value CONFIG GET shows, or throws
 *                  {@link IllegalArgumentException} with Redis's reason when they are invalid
 */
public record Directive(String name, String defaultValue, boolean mutable, Function<List<String>, String> normalise) {
}
