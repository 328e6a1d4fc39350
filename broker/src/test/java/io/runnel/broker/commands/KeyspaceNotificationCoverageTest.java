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
 * Fails when a command that writes has no keyspace-notification test: every served command (and
 * subcommand) flagged "write" must appear as a quoted literal in a KeyspaceNotification*Test, so
 * a command family cannot add a write without showing which notifications it raises.
 */
class KeyspaceNotificationCoverageTest {

    @Test
    void everyWriteCommandHasANotificationTest() throws IOException {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("KeyspaceNotification")
                    && !f.getFileName().toString().startsWith("KeyspaceNotificationCoverage"))::iterator) {
                sources.append(Files.readString(file).toLowerCase(Locale.ROOT));
            }
        }
        String text = sources.toString();
        List<String> untested = new ArrayList<>();
        for (CommandSpec spec : CommandTable.build(Families.all()).all()) {
            if (spec.container()) {
                for (CommandSpec sub : spec.subcommands().values()) {
                    if (writes(sub) && !(mentions(text, spec.name()) && mentions(text, sub.name()))) {
                        untested.add(sub.fullName());
                    }
                }
            } else if (writes(spec) && !mentions(text, spec.name())) {
                untested.add(spec.name());
            }
        }
        assertTrue(untested.isEmpty(), "write commands without a keyspace-notification test: " + untested);
    }

    private static boolean writes(CommandSpec spec) {
        return spec.flags().contains("write");
    }

    private static boolean mentions(String text, String name) {
        return text.contains("\"" + name + "\"");
    }
}
