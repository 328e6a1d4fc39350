package io.runnel.broker.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.command.CommandTable;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.KeySpecs;
import io.runnel.broker.command.Route;
import io.runnel.broker.util.Glob;
import io.runnel.protocol.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** COMMAND and its subcommands, answered from the command table so that clients can introspect. */
public final class IntrospectionCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.container("command", "Describes the commands the server offers.", (c, a, o) -> all(c, o));
        r.subcommand("command", "count", Route.SESSION, "Returns how many commands the server offers.",
                (c, a, o) -> o.integer(c.server().commands().size()));
        r.subcommand("command", "list", Route.SESSION, "Lists command names, optionally filtered.", IntrospectionCommands::list);
        r.subcommand("command", "info", Route.SESSION, "Describes the given commands, or all of them.", IntrospectionCommands::info);
        r.subcommand("command", "docs", Route.SESSION, "Documents the given commands, or all of them.", IntrospectionCommands::docs);
        r.subcommand("command", "getkeys", Route.SESSION, "Extracts the key names from a full command line.", (c, a, o) -> getkeys(c, a, o, false));
        r.subcommand("command", "getkeysandflags", Route.SESSION, "Extracts key names and their access flags from a full command line.",
                (c, a, o) -> getkeys(c, a, o, true));
        r.subcommand("command", "help", Route.SESSION, "Describes the COMMAND subcommands.", (c, a, o) -> Help.reply(o, "COMMAND",
                "(no subcommand)", "    Describe every command.",
                "COUNT", "    The number of commands.",
                "INFO [<command-name> ...]", "    Describe the given commands, or every command.",
                "DOCS [<command-name> ...]", "    Document the given commands, or every command.",
                "GETKEYS <full-command>", "    The keys of a full command line.",
                "GETKEYSANDFLAGS <full-command>", "    The keys of a full command line, with their access flags.",
                "LIST [FILTERBY (MODULE <module-name>|ACLCAT <category>|PATTERN <pattern>)]",
                "    Command names, optionally filtered."));
    }

    /** COMMAND with no subcommand describes every command; the session routes it here. */
    public static void all(CommandContext ctx, RespWriter out) {
        out.array(ctx.server().commands().size());
        for (CommandSpec spec : ctx.server().commands().all()) {
            writeInfo(spec, out);
        }
    }

    private static void list(CommandContext ctx, Args args, RespWriter out) {
        String filter = null;
        byte[] value = null;
        if (args.hasNext()) {
            if (!args.nextIs("FILTERBY") || args.remaining() != 2) {
                throw Errors.syntax();
            }
            byte[] kind = args.next();
            value = args.next();
            if (Args.is(kind, "MODULE")) {
                filter = "module";
            } else if (Args.is(kind, "ACLCAT")) {
                filter = "aclcat";
            } else if (Args.is(kind, "PATTERN")) {
                filter = "pattern";
            } else {
                throw Errors.syntax();
            }
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : ctx.server().commands().all()) {
            addNames(spec, filter, value, names);
            for (CommandSpec sub : spec.subcommands().values()) {
                addNames(sub, filter, value, names);
            }
        }
        out.array(names.size());
        names.forEach(out::bulk);
    }

    private static void addNames(CommandSpec spec, String filter, byte[] value, List<String> names) {
        if (filter == null) {
            names.add(spec.fullName());
        } else if (filter.equals("aclcat")) {
            if (spec.aclCategories().contains("@" + Args.text(value).toLowerCase(java.util.Locale.ROOT))) {
                names.add(spec.fullName());
            }
        } else if (filter.equals("pattern")) {
            if (Glob.matches(value, spec.fullName().getBytes(StandardCharsets.UTF_8), true)) {
                names.add(spec.fullName());
            }
        }
    }

    private static void info(CommandContext ctx, Args args, RespWriter out) {
        if (!args.hasNext()) {
            all(ctx, out);
            return;
        }
        out.array(args.remaining());
        while (args.hasNext()) {
            CommandSpec spec = find(ctx.server().commands(), args.next());
            if (spec == null) {
                out.nullBulk();
            } else {
                writeInfo(spec, out);
            }
        }
    }

    private static CommandSpec find(CommandTable table, byte[] name) {
        String text = Args.text(name);
        int bar = text.indexOf('|');
        if (bar < 0) {
            return table.lookup(text);
        }
        CommandSpec container = table.lookup(text.substring(0, bar));
        return container == null ? null : container.subcommands().get(text.substring(bar + 1).toLowerCase(java.util.Locale.ROOT));
    }

    static void writeInfo(CommandSpec spec, RespWriter out) {
        JsonNode meta = spec.metadata();
        out.array(10);
        out.bulk(spec.fullName());
        out.integer(spec.arity());
        statusSet(out, meta.get("flags"));
        out.integer(spec.firstKey());
        out.integer(spec.lastKey());
        out.integer(spec.keyStep());
        statusSet(out, meta.get("acl_categories"));
        JsonNode tips = meta.get("tips");
        out.set(tips.size());
        tips.forEach(t -> out.bulk(t.asText()));
        // Redis sends the key specs and the subcommands as sets in RESP3
        JsonNode specs = meta.get("key_specs");
        out.set(specs.size());
        specs.forEach(s -> writeKeySpec(s, out));
        out.set(spec.subcommands().size());
        spec.subcommands().values().forEach(sub -> writeInfo(sub, out));
    }

    private static void statusSet(RespWriter out, JsonNode items) {
        out.set(items.size());
        items.forEach(i -> out.simple(i.asText()));
    }

    private static void writeKeySpec(JsonNode spec, RespWriter out) {
        out.map(3);
        out.bulk("flags");
        statusSet(out, spec.get("flags"));
        JsonNode begin = spec.get("begin_search");
        out.bulk("begin_search");
        out.map(2);
        String beginType = begin.get("type").asText();
        out.bulk("type").bulk(beginType);
        out.bulk("spec");
        JsonNode bs = begin.get("spec");
        switch (beginType) {
            case "index" -> {
                out.map(1);
                out.bulk("index").integer(bs.get("index").asLong());
            }
            case "keyword" -> {
                out.map(2);
                out.bulk("keyword").bulk(bs.get("keyword").asText());
                out.bulk("startfrom").integer(bs.get("startfrom").asLong());
            }
            default -> out.map(0);
        }
        JsonNode find = spec.get("find_keys");
        out.bulk("find_keys");
        out.map(2);
        String findType = find.get("type").asText();
        out.bulk("type").bulk(findType);
        out.bulk("spec");
        JsonNode fs = find.get("spec");
        switch (findType) {
            case "range" -> {
                out.map(3);
                out.bulk("lastkey").integer(fs.get("lastkey").asLong());
                out.bulk("keystep").integer(fs.get("keystep").asLong());
                out.bulk("limit").integer(fs.get("limit").asLong());
            }
            case "keynum" -> {
                out.map(3);
                out.bulk("keynumidx").integer(fs.get("keynumidx").asLong());
                out.bulk("firstkey").integer(fs.get("firstkey").asLong());
                out.bulk("keystep").integer(fs.get("keystep").asLong());
            }
            default -> out.map(0);
        }
    }

    private static void docs(CommandContext ctx, Args args, RespWriter out) {
        List<CommandSpec> specs = new ArrayList<>();
        if (!args.hasNext()) {
            specs.addAll(ctx.server().commands().all());
        } else {
            while (args.hasNext()) {
                CommandSpec spec = find(ctx.server().commands(), args.next());
                if (spec != null) {
                    specs.add(spec);
                }
            }
        }
        out.map(specs.size());
        for (CommandSpec spec : specs) {
            out.bulk(spec.fullName());
            writeDoc(spec, out);
        }
    }

    private static void writeDoc(CommandSpec spec, RespWriter out) {
        JsonNode docs = spec.metadata().path("docs");
        List<String> fields = new ArrayList<>(List.of("summary", "since", "group"));
        for (String optional : List.of("doc_flags", "deprecated_since", "replaced_by", "arguments")) {
            if (docs.has(optional)) {
                fields.add(optional);
            }
        }
        boolean hasSubcommands = !spec.subcommands().isEmpty();
        out.map(fields.size() + (hasSubcommands ? 1 : 0));
        for (String field : fields) {
            out.bulk(field);
            switch (field) {
                case "summary" -> out.bulk(spec.summary());
                case "doc_flags" -> statusSet(out, docs.get(field));
                case "arguments" -> writeArguments(docs.get(field), out);
                default -> out.bulk(docs.path(field).asText(""));
            }
        }
        if (hasSubcommands) {
            out.bulk("subcommands");
            out.map(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands().values()) {
                out.bulk(sub.fullName());
                writeDoc(sub, out);
            }
        }
    }

    private static final List<String> ARGUMENT_FIELDS = List.of("name", "type", "key_spec_index", "token", "since",
            "deprecated_since", "flags", "arguments");

    private static void writeArguments(JsonNode arguments, RespWriter out) {
        out.array(arguments.size());
        for (JsonNode argument : arguments) {
            List<String> present = new ArrayList<>();
            for (String field : ARGUMENT_FIELDS) {
                if (argument.has(field)) {
                    present.add(field);
                }
            }
            out.map(present.size());
            for (String field : present) {
                out.bulk(field);
                JsonNode value = argument.get(field);
                switch (field) {
                    case "key_spec_index" -> out.integer(value.asLong());
                    case "flags" -> statusSet(out, value);
                    case "arguments" -> writeArguments(value, out);
                    default -> out.bulk(value.asText());
                }
            }
        }
    }

    private static void getkeys(CommandContext ctx, Args args, RespWriter out, boolean withFlags) {
        byte[][] line = new byte[args.remaining()][];
        for (int i = 0; args.hasNext(); i++) {
            line[i] = args.next();
        }
        CommandSpec spec = ctx.server().commands().lookup(line[0]);
        if (spec != null && spec.container() && line.length >= 2) {
            spec = CommandTable.subcommand(spec, line[1]);
        }
        if (spec == null) {
            throw new CommandError("ERR Invalid command specified");
        }
        if (!KeySpecs.hasKeys(spec)) {
            throw new CommandError("ERR The command has no key arguments");
        }
        if (!spec.arityAccepts(line.length)) {
            throw new CommandError("ERR Invalid number of arguments specified for command");
        }
        List<KeySpecs.KeyRef> keys = KeySpecs.extract(spec, line);
        if (keys == null || keys.isEmpty()) {
            throw new CommandError("ERR Invalid arguments specified for command");
        }
        out.array(keys.size());
        for (KeySpecs.KeyRef key : keys) {
            if (withFlags) {
                out.array(2);
                out.bulk(line[key.position()]);
                out.set(key.flags().size());
                key.flags().forEach(out::simple);
            } else {
                out.bulk(line[key.position()]);
            }
        }
    }

    static Iterator<CommandSpec> iterate(CommandTable table) {
        return table.all().iterator();
    }
}
