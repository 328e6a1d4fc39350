package io.runnel.broker.commands;

import io.runnel.broker.command.CommandFamily;

import java.util.List;

/** Every command family Runnel serves. */
public final class Families {

    private Families() {
    }

    public static List<CommandFamily> all() {
        return List.of(
                new ConnectionCommands(),
                new ClientCommands(),
                new ServerCommands(),
                new PersistenceCommands(),
                new ConfigCommands(),
                new InfoCommand(),
                new IntrospectionCommands(),
                new KeyCommands(),
                new StringCommands(),
                new TransactionCommands(),
                new io.runnel.broker.script.ScriptCommands(),
                new io.runnel.broker.script.FunctionCommands(),
                new io.runnel.broker.hash.HashCommands(),
                new io.runnel.broker.hash.HashExpiryCommands(),
                new io.runnel.broker.list.ListCommands(),
                new io.runnel.broker.list.ListBlockingCommands(),
                new io.runnel.broker.set.SetCommands(),
                new io.runnel.broker.set.SetAlgebraCommands(),
                new io.runnel.broker.bitmap.BitmapCommands(),
                new io.runnel.broker.bitmap.BitfieldCommands(),
                new io.runnel.broker.hll.HllCommands(),
                new io.runnel.broker.sort.SortCommands(),
                new io.runnel.broker.geo.GeoCommands(),
                new io.runnel.broker.dump.DumpCommands(),
                new MemoryCommands(),
                new io.runnel.broker.zset.ZSetCommands(),
                new io.runnel.broker.zset.ZSetRangeCommands(),
                new io.runnel.broker.zset.ZSetAlgebraCommands(),
                new io.runnel.broker.zset.ZSetPopCommands(),
                new io.runnel.broker.stream.StreamCommands(),
                new io.runnel.broker.stream.StreamGroupCommands(),
                new io.runnel.broker.stream.StreamClaimCommands(),
                new io.runnel.broker.stream.StreamInfoCommands(),
                new io.runnel.broker.stream.StreamDeletionCommands(),
                new io.runnel.broker.stream.StreamExtensionCommands(),
                new io.runnel.broker.stream.StreamNackCommand(),
                new io.runnel.broker.pubsub.PubSubCommands(),
                new io.runnel.broker.pubsub.PubSubInfoCommands());
    }
}
