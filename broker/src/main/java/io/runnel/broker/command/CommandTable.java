package io.runnel.broker.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The command table: every command Runnel serves, each declared once by its family and joined
 * with Redis's metadata for it. Built at start-up; a command registered without metadata, or a
 * container without its subcommands' metadata, stops the start.
 */
public final class CommandTable {

    private static final String METADATA = "/io/runnel/broker/commands.json";
    /** Hand-written metadata of commands newer than the server the main table comes from. */
    private static final String EXTRA_METADATA = "/io/runnel/broker/commands-extra.json";

    private final Map<String, CommandSpec> commands;
    private final CommandIndex index;

    private CommandTable(Map<String, CommandSpec> commands) {
        this.commands = commands;
        this.index = new CommandIndex(commands);
    }

    public static CommandTable build(List<CommandFamily> families) {
        CommandRegistry registry = new CommandRegistry();
        families.forEach(family -> family.register(registry));
        Map<String, JsonNode> metadata = loadMetadata();

        Map<String, Map<String, CommandSpec>> subcommandsByContainer = new HashMap<>();
        Map<String, CommandRegistry.Container> containers = new HashMap<>();
        for (CommandRegistry.Container container : registry.containers()) {
            containers.put(container.name(), container);
            subcommandsByContainer.put(container.name(), new TreeMap<>());
        }
        Map<String, CommandSpec> table = new TreeMap<>();
        for (CommandRegistry.Registration r : registry.registrations()) {
            if (r.container() == null) {
                JsonNode meta = require(metadata, r.name());
                put(table, r.name(), new CommandSpec(r.name(), r.name(), r.summary(), r.route(), r.handler(), meta, Map.of()));
            } else {
                JsonNode parent = require(metadata, r.container());
                JsonNode meta = null;
                String fullName = r.container() + "|" + r.name();
                for (JsonNode sub : parent.get("subcommands")) {
                    if (sub.get("name").asText().equals(fullName)) {
                        meta = sub;
                    }
                }
                if (meta == null) {
                    throw new IllegalStateException("no metadata for subcommand " + fullName);
                }
                Map<String, CommandSpec> subs = subcommandsByContainer.get(r.container());
                if (subs == null) {
                    throw new IllegalStateException("subcommand of undeclared container " + fullName);
                }
                put(subs, r.name(), new CommandSpec(r.name(), fullName, r.summary(), r.route(), r.handler(), meta, Map.of()));
            }
        }
        subcommandsByContainer.forEach((name, subs) -> {
            if (subs.isEmpty()) {
                throw new IllegalStateException("container " + name + " has no subcommands");
            }
            CommandRegistry.Container container = containers.get(name);
            put(table, name, new CommandSpec(name, name, container.summary(), Route.SESSION, container.bareHandler(),
                    require(metadata, name), Collections.unmodifiableMap(new LinkedHashMap<>(subs))));
        });
        return new CommandTable(Collections.unmodifiableMap(table));
    }

    private static void put(Map<String, CommandSpec> map, String name, CommandSpec spec) {
        if (map.put(name, spec) != null) {
            throw new IllegalStateException("command registered twice: " + spec.fullName());
        }
    }

    private static JsonNode require(Map<String, JsonNode> metadata, String name) {
        JsonNode meta = metadata.get(name);
        if (meta == null) {
            throw new IllegalStateException("no metadata for command " + name);
        }
        return meta;
    }

    private static Map<String, JsonNode> loadMetadata() {
        Map<String, JsonNode> byName = new HashMap<>();
        for (String resource : new String[] {METADATA, EXTRA_METADATA}) {
            try (InputStream in = CommandTable.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                new ObjectMapper().readTree(in).get("commands").forEach(c -> byName.put(c.get("name").asText(), c));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return byName;
    }

    /** The command named by {@code name} in any letter case, or null. */
    public CommandSpec lookup(byte[] name) {
        return index.find(name);
    }

    public CommandSpec lookup(String name) {
        return commands.get(name.toLowerCase(Locale.ROOT));
    }

    /** The subcommand of {@code container} named by {@code name}, or null. */
    public static CommandSpec subcommand(CommandSpec container, byte[] name) {
        if (name.length > 64) {
            return null;
        }
        return container.subcommands().get(lower(name));
    }

    public Collection<CommandSpec> all() {
        return commands.values();
    }

    public int size() {
        return commands.size();
    }

    private static String lower(byte[] name) {
        char[] chars = new char[name.length];
        for (int i = 0; i < name.length; i++) {
            int c = name[i] & 0xff;
            chars[i] = (char) (c >= 'A' && c <= 'Z' ? c | 0x20 : c);
        }
        return new String(chars);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
