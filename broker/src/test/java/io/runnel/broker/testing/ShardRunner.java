package io.runnel.broker.testing;

import io.runnel.broker.ServerContext;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandRunner;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.command.CommandTable;
import io.runnel.broker.commands.Families;
import io.runnel.broker.config.ServerConfig;
import io.runnel.broker.keyspace.KeyspaceStats;
import io.runnel.broker.keyspace.ShardState;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Runs command handlers directly on one slot range, without actors or network: for states a
 * running server cannot be brought into from outside (a value of a type Runnel does not serve
 * yet, expired keys that active expiry has not reached).
 */
public final class ShardRunner {

    private final ServerContext server;
    private final CommandTable table;
    private final ShardState shard;

    public ShardRunner() {
        try {
            server = new ServerContext(ServerConfig.fromArguments(new String[0]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        table = CommandTable.build(Families.all());
        shard = new ShardState(0, server.databases(), new KeyspaceStats(1, server.databases()), server.accessClock());
    }

    public ShardState shard() {
        return shard;
    }

    /** Runs one command with a new connection's state (RESP2, database 0); returns the reply, printable. */
    public String run(String... words) {
        return Differential.printable(reply(words));
    }

    /** Runs one command as {@link #run} does; returns the reply's bytes. */
    public byte[] reply(String... words) {
        byte[][] argv = RawClient.bytes(words);
        CommandSpec spec = table.lookup(argv[0]);
        if (spec.container()) {
            spec = CommandTable.subcommand(spec, argv[1]);
        }
        CommandContext ctx = new CommandContext(server).reset(shard, null, 0, 1, 2);
        io.runnel.protocol.RespWriter out = new io.runnel.protocol.RespWriter(2);
        CommandRunner.run(spec, ctx, argv, out);
        return out.toByteArray();
    }
}
