package io.runnel.broker.commands;

import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.command.CommandTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fails when the server advertises a command that no differential test sends: every command
 * (and subcommand) in the table must appear as a quoted literal in some *DifferentialTest, or,
 * for commands newer than the reference redis-server, in a *ReferenceTest that asserts the
 * replies Redis's own tests expect, or, for Runnel's own extensions, in an *ExtensionTest.
 */
class CommandCoverageTest {

    @Test
    void everyAdvertisedCommandHasADifferentialTest() throws IOException {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> (f.toString().endsWith("DifferentialTest.java") || f.toString().endsWith("ReferenceTest.java")
                    || f.toString().endsWith("ExtensionTest.java")))::iterator) {
                sources.append(Files.readString(file).toLowerCase(Locale.ROOT));
            }
        }
        String text = sources.toString();
        List<String> untested = new ArrayList<>();
        CommandTable table = CommandTable.build(Families.all());
        for (CommandSpec spec : table.all()) {
            if (spec.container()) {
                for (CommandSpec sub : spec.subcommands().values()) {
                    if (!mentions(text, spec.name()) || !mentions(text, sub.name())) {
                        untested.add(sub.fullName());
                    }
                }
                if (spec.handler() != null && !mentions(text, spec.name())) {
                    untested.add(spec.name());
                }
            } else if (!mentions(text, spec.name())) {
                untested.add(spec.name());
            }
        }
        assertTrue(untested.isEmpty(), "commands without a differential test: " + untested);
    }

    private static boolean mentions(String text, String name) {
        return text.contains("\"" + name + "\"");
    }
}
