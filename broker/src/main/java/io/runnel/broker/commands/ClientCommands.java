package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.session.ClientSession;
import io.runnel.protocol.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** CLIENT and its subcommands: naming, listing and killing connections, reply modes. */
public final class ClientCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.container("client", "Inspects and manages client connections.");
        r.subcommand("client", "id", Route.SESSION, "Returns the connection's unique id.", (c, a, o) -> o.integer(c.session().id()));
        r.subcommand("client", "setname", Route.SESSION, "Names the connection.", ClientCommands::setname);
        r.subcommand("client", "getname", Route.SESSION, "Returns the connection's name.", ClientCommands::getname);
        r.subcommand("client", "info", Route.SESSION, "Describes the connection.", (c, a, o) -> o.verbatim("txt", (c.session().describe() + "\n").getBytes(StandardCharsets.UTF_8)));
        r.subcommand("client", "list", Route.SESSION, "Describes every connection.", ClientCommands::list);
        r.subcommand("client", "kill", Route.SESSION, "Closes connections chosen by address, id or other filters.", ClientCommands::kill);
        r.subcommand("client", "no-evict", Route.SESSION, "Exempts the connection from client eviction.", ClientCommands::noEvict);
        r.subcommand("client", "reply", Route.SESSION, "Turns the server's replies to this connection on, off, or off for one command.", ClientCommands::reply);
        r.subcommand("client", "unblock", Route.SESSION, "Ends another client's blocking command early.", ClientCommands::unblock);
        r.subcommand("client", "help", Route.SESSION, "Describes the CLIENT subcommands.", (c, a, o) -> Help.reply(o, "CLIENT",
                "GETNAME", "    The name of this connection, or null.",
                "ID", "    The id of this connection.",
                "INFO", "    One line describing this connection, as in CLIENT LIST.",
                "KILL <ip:port> | <option> <value> [<option> <value> ...]",
                "    Close connections. Options: ID <id>, TYPE normal|master|replica|pubsub, USER <name>,",
                "    ADDR <ip:port>, LADDR <ip:port>, SKIPME yes|no.",
                "LIST [TYPE normal|master|replica|pubsub] [ID <id> ...]",
                "    One line per connection.",
                "NO-EVICT on|off", "    Exempt this connection from client eviction.",
                "REPLY on|off|skip", "    Control whether the server replies to this connection.",
                "SETNAME <name>", "    Name this connection."));
    }

    /** A connection name may not contain spaces, newlines or other special characters. */
    static String validName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw new CommandError("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return new String(name, StandardCharsets.UTF_8);
    }

    private static void unblock(CommandContext ctx, Args args, RespWriter out) {
        long id = args.nextLong();
        boolean withError = false;
        if (args.hasNext()) {
            byte[] mode = args.next();
            if (Args.is(mode, "ERROR")) {
                withError = true;
            } else if (!Args.is(mode, "TIMEOUT")) {
                throw new CommandError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        ClientSession target = ctx.server().clients().get(id);
        out.integer(target != null && target.unblock(withError) ? 1 : 0);
    }

    private static void setname(CommandContext ctx, Args args, RespWriter out) {
        ctx.session().name(validName(args.next()));
        out.ok();
    }

    private static void getname(CommandContext ctx, Args args, RespWriter out) {
        String name = ctx.session().name();
        if (name.isEmpty()) {
            out.nullBulk();
        } else {
            out.bulk(name);
        }
    }

    /** The client types CLIENT LIST and KILL accept; a Runnel client is "normal" or "pubsub". */
    private static String clientType(byte[] type) {
        for (String known : new String[] {"normal", "slave", "replica", "pubsub", "master"}) {
            if (Args.is(type, known)) {
                return known;
            }
        }
        throw new CommandError("ERR Unknown client type '" + Args.text(type) + "'");
    }

    /** CLIENT LIST [TYPE type] | [ID id [id ...]]: the ids are listed in the order given. */
    private static void list(CommandContext ctx, Args args, RespWriter out) {
        StringBuilder text = new StringBuilder();
        if (args.remaining() == 2 && Args.is(args.peek(), "TYPE")) {
            args.next();
            String type = clientType(args.next());
            ctx.server().clients().all().stream().filter(session -> session.clientType().equals(type))
                    .forEach(session -> text.append(session.describe()).append('\n'));
        } else if (args.remaining() >= 2 && Args.is(args.peek(), "ID")) {
            args.next();
            List<Long> ids = new ArrayList<>();
            while (args.hasNext()) {
                ids.add(args.nextLong("ERR Invalid client ID"));
            }
            for (long id : ids) {
                ClientSession session = ctx.server().clients().get(id);
                if (session != null) {
                    text.append(session.describe()).append('\n');
                }
            }
        } else if (args.hasNext()) {
            throw Errors.syntax();
        } else {
            ctx.server().clients().all().forEach(session -> text.append(session.describe()).append('\n'));
        }
        out.verbatim("txt", text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * CLIENT KILL ip:port (replies OK or "No such client", and may close the caller itself), or
     * CLIENT KILL option value [option value ...] (replies the number closed, skipping the caller
     * unless SKIPME no).
     */
    private static void kill(CommandContext ctx, Args args, RespWriter out) {
        ClientSession self = ctx.session();
        if (args.remaining() == 1) {
            String address = Args.text(args.next());
            long killed = killMatching(ctx, self, s -> s.remoteAddress().equals(address), false);
            if (killed == 0) {
                throw new CommandError("ERR No such client");
            }
            out.ok();
            return;
        }
        Long id = null;
        String address = null;
        String localAddress = null;
        String type = null;
        boolean skipMe = true;
        while (args.hasNext()) {
            byte[] option = args.next();
            if (!args.hasNext()) {
                throw Errors.syntax();
            }
            byte[] value = args.next();
            if (Args.is(option, "ID")) {
                id = io.runnel.broker.keyspace.Numbers.parseLongStrict(value);
                if (id == null || id <= 0) {
                    throw new CommandError("ERR client-id should be greater than 0");
                }
            } else if (Args.is(option, "TYPE")) {
                type = clientType(value);
            } else if (Args.is(option, "ADDR")) {
                address = Args.text(value);
            } else if (Args.is(option, "LADDR")) {
                localAddress = Args.text(value);
            } else if (Args.is(option, "USER")) {
                // only the default user exists
                if (!Args.text(value).equals("default")) {
                    throw new CommandError("ERR No such user '" + Args.text(value) + "'");
                }
            } else if (Args.is(option, "SKIPME")) {
                if (Args.is(value, "yes")) {
                    skipMe = true;
                } else if (Args.is(value, "no")) {
                    skipMe = false;
                } else {
                    throw Errors.syntax();
                }
            } else {
                throw Errors.syntax();
            }
        }
        Long wantedId = id;
        String wantedAddress = address;
        String wantedLocal = localAddress;
        String wantedType = type;
        out.integer(killMatching(ctx, self, s -> (wantedType == null || s.clientType().equals(wantedType))
                && (wantedId == null || s.id() == wantedId)
                && (wantedAddress == null || s.remoteAddress().equals(wantedAddress))
                && (wantedLocal == null || s.localAddress().equals(wantedLocal)), skipMe));
    }

    /** Closes the matching clients; the caller itself only after its reply has been sent. */
    private static long killMatching(CommandContext ctx, ClientSession self,
                                     java.util.function.Predicate<ClientSession> matches, boolean skipMe) {
        long killed = 0;
        for (ClientSession session : ctx.server().clients().all()) {
            if (!matches.test(session) || (skipMe && session == self)) {
                continue;
            }
            if (session == self) {
                self.closeAfterReply();
            } else {
                session.kill();
            }
            killed++;
        }
        return killed;
    }

    private static void noEvict(CommandContext ctx, Args args, RespWriter out) {
        byte[] mode = args.next();
        if (Args.is(mode, "on")) {
            ctx.session().noEvict(true);
        } else if (Args.is(mode, "off")) {
            ctx.session().noEvict(false);
        } else {
            throw Errors.syntax();
        }
        out.ok();
    }

    private static void reply(CommandContext ctx, Args args, RespWriter out) {
        byte[] mode = args.next();
        if (Args.is(mode, "on")) {
            ctx.session().replyMode(ClientSession.ReplyMode.ON);
            out.ok();
        } else if (Args.is(mode, "off")) {
            ctx.session().replyMode(ClientSession.ReplyMode.OFF);
        } else if (Args.is(mode, "skip")) {
            ctx.session().replyMode(ClientSession.ReplyMode.SKIP);
        } else {
            throw Errors.syntax();
        }
    }
}
