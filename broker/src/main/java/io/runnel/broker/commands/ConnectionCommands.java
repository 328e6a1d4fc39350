package io.runnel.broker.commands;

import io.runnel.broker.ServerContext;
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
import java.security.MessageDigest;
import java.util.Arrays;

/** Commands about the connection itself: liveness, protocol, authentication, database. */
public final class ConnectionCommands implements CommandFamily {

    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);
    private static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    @Override
    public void register(CommandRegistry r) {
        r.command("ping", Route.SESSION, "Checks that the server answers.", ConnectionCommands::ping);
        r.command("echo", Route.SESSION, "Replies with the given message.", (c, a, o) -> o.bulk(a.next()));
        r.command("quit", Route.SESSION, "Closes the connection after replying.", ConnectionCommands::quit);
        r.command("select", Route.SESSION, "Selects the database the connection works in.", ConnectionCommands::select);
        r.command("hello", Route.SESSION, "Chooses the protocol version, optionally authenticating and naming the connection.", ConnectionCommands::hello);
        r.command("auth", Route.SESSION, "Authenticates the connection.", ConnectionCommands::auth);
        r.command("reset", Route.SESSION, "Returns the connection to its initial state.", ConnectionCommands::reset);
    }

    private static final byte[] PONG_LOWER = "pong".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static void ping(CommandContext ctx, Args args, RespWriter out) {
        if (args.remaining() > 1) {
            throw Errors.wrongArity("ping");
        }
        if (ctx.protocol() == 2 && ctx.hasSession() && ctx.session().subscriptions().active()) {
            // A RESP2 subscriber reads only arrays, so PING answers in the shape of a message.
            out.array(2).bulk(PONG_LOWER).bulk(args.hasNext() ? args.next() : new byte[0]);
        } else if (args.hasNext()) {
            out.bulk(args.next());
        } else {
            out.simple("PONG");
        }
    }

    private static void quit(CommandContext ctx, Args args, RespWriter out) {
        out.ok();
        ctx.session().closeAfterReply();
    }

    private static void select(CommandContext ctx, Args args, RespWriter out) {
        long index = args.nextLong();
        if (index < 0 || index >= ctx.server().databases()) {
            throw new CommandError(Errors.DB_INDEX);
        }
        ctx.session().select((int) index);
        out.ok();
    }

    private static void reset(CommandContext ctx, Args args, RespWriter out) {
        ctx.session().reset();
        out.simple("RESET");
    }

    private static void auth(CommandContext ctx, Args args, RespWriter out) {
        if (args.remaining() > 2) {
            throw Errors.syntax();
        }
        byte[] user = args.remaining() == 2 ? args.next() : null;
        byte[] password = args.next();
        String required = ctx.server().config().get("requirepass");
        if (user == null && required.isEmpty()) {
            throw new CommandError("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        if (!checkCredentials(ctx.server(), user, password)) {
            throw new CommandError(WRONGPASS);
        }
        ctx.session().authenticated(true);
        out.ok();
    }

    /** Only the default user exists; it accepts any password while requirepass is empty. */
    private static boolean checkCredentials(ServerContext server, byte[] user, byte[] password) {
        if (user != null && !Arrays.equals(user, DEFAULT_USER)) { // user names are case-sensitive
            return false;
        }
        String required = server.config().get("requirepass");
        if (required.isEmpty()) {
            return true;
        }
        return MessageDigest.isEqual(required.getBytes(StandardCharsets.UTF_8), password);
    }

    /**
     * HELLO [protover [AUTH user pass] [SETNAME name]]. The options take effect one by one as
     * they are read, as in Redis: a SETNAME before a bad option has already named the client.
     * The protocol changes only once every option has been accepted.
     */
    private static void hello(CommandContext ctx, Args args, RespWriter out) {
        ClientSession session = ctx.session();
        int version = session.protocol();
        if (args.hasNext()) {
            Long requested = io.runnel.broker.keyspace.Numbers.parseLongStrict(args.next());
            if (requested == null) {
                throw new CommandError("ERR Protocol version is not an integer or out of range");
            }
            if (requested < 2 || requested > 3) {
                throw new CommandError("NOPROTO unsupported protocol version");
            }
            version = requested.intValue();
        }
        while (args.hasNext()) {
            byte[] option = args.next();
            if (Args.is(option, "AUTH") && args.remaining() >= 2) {
                byte[] user = args.next();
                byte[] password = args.next();
                if (!checkCredentials(ctx.server(), user, password)) {
                    throw new CommandError(WRONGPASS);
                }
                session.authenticated(true);
            } else if (Args.is(option, "SETNAME") && args.hasNext()) {
                session.name(ClientCommands.validName(args.next()));
            } else {
                throw new CommandError("ERR Syntax error in HELLO option '" + Args.text(option) + "'");
            }
        }
        if (!session.authenticated()) {
            throw new CommandError("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
                    + "protocol version at the same time");
        }
        session.protocol(version);
        out.protocol(version);
        out.map(7);
        out.bulk("server").bulk("redis");
        out.bulk("version").bulk(ServerContext.REDIS_VERSION);
        out.bulk("proto").integer(version);
        out.bulk("id").integer(session.id());
        out.bulk("mode").bulk("standalone");
        out.bulk("role").bulk("master");
        out.bulk("modules").array(0);
    }
}
