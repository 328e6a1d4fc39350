package io.runnel.broker.pubsub;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.commands.Help;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.List;

/** PUBSUB: which channels are active and how many subscribe to them, read from the registry. */
public final class PubSubInfoCommands implements CommandFamily {

    @Override
    public void register(CommandRegistry r) {
        r.container("pubsub", "Reports on channels, shard channels and patterns.");
        r.subcommand("pubsub", "channels", Route.SESSION, "Lists active channels, optionally matching a pattern.",
                (ctx, args, out) -> active(Subscriptions.Kind.CHANNEL, ctx, args, out));
        r.subcommand("pubsub", "shardchannels", Route.SESSION, "Lists active shard channels, optionally matching a pattern.",
                (ctx, args, out) -> active(Subscriptions.Kind.SHARD_CHANNEL, ctx, args, out));
        r.subcommand("pubsub", "numsub", Route.SESSION, "Counts the subscribers of channels.",
                (ctx, args, out) -> subscribers(Subscriptions.Kind.CHANNEL, ctx, args, out));
        r.subcommand("pubsub", "shardnumsub", Route.SESSION, "Counts the subscribers of shard channels.",
                (ctx, args, out) -> subscribers(Subscriptions.Kind.SHARD_CHANNEL, ctx, args, out));
        r.subcommand("pubsub", "numpat", Route.SESSION, "Counts the distinct patterns subscribed to.",
                (ctx, args, out) -> out.integer(ctx.server().pubSub().registry().patterns()));
        r.subcommand("pubsub", "help", Route.SESSION, "Describes the PUBSUB subcommands.", PubSubInfoCommands::help);
    }

    private static void active(Subscriptions.Kind kind, CommandContext ctx, Args args, RespWriter out) {
        byte[] pattern = args.hasNext() ? args.next() : null;
        if (args.hasNext()) {
            throw Errors.subcommandSyntax(args.get(1), "pubsub");
        }
        List<byte[]> names = ctx.server().pubSub().registry().active(kind, pattern);
        out.array(names.size());
        names.forEach(out::bulk);
    }

    private static void subscribers(Subscriptions.Kind kind, CommandContext ctx, Args args, RespWriter out) {
        List<byte[]> names = new ArrayList<>();
        while (args.hasNext()) {
            names.add(args.next());
        }
        ChannelRegistry registry = ctx.server().pubSub().registry();
        out.array(names.size() * 2L);
        for (byte[] name : names) {
            out.bulk(name).integer(registry.subscribers(kind, name));
        }
    }

    private static void help(CommandContext ctx, Args args, RespWriter out) {
        String[] lines = {
                "CHANNELS [<pattern>]",
                "    Return the currently active channels matching a <pattern> (default: '*').",
                "NUMPAT",
                "    Return number of subscriptions to patterns.",
                "NUMSUB [<channel> ...]",
                "    Return the number of subscribers for the specified channels, excluding",
                "    pattern subscriptions(default: no channels).",
                "SHARDCHANNELS [<pattern>]",
                "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                "SHARDNUMSUB [<shardchannel> ...]",
                "    Return the number of subscribers for the specified shard level channel(s)"};
        Help.reply(out, "PUBSUB", lines);
    }
}
