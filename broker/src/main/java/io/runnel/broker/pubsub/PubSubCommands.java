package io.runnel.broker.pubsub;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.Suspension;
import io.runnel.broker.session.ClientSession;
import io.runnel.protocol.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Channel, pattern and shard-channel pub/sub: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH and
 * SPUBLISH. Subscriptions are registered in the channel entities (and the pattern router) before
 * they are confirmed, so a message published after the confirmation reaches the subscriber;
 * confirmations and messages are pushes in RESP3, arrays in RESP2.
 */
public final class PubSubCommands implements CommandFamily {

    private static final byte[] SUBSCRIBE = "subscribe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNSUBSCRIBE = "unsubscribe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PSUBSCRIBE = "psubscribe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PUNSUBSCRIBE = "punsubscribe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SSUBSCRIBE = "ssubscribe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUNSUBSCRIBE = "sunsubscribe".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void register(CommandRegistry r) {
        r.command("subscribe", Route.SESSION, "Listens for messages published to channels.",
                (ctx, args, out) -> subscribe(Subscriptions.Kind.CHANNEL, SUBSCRIBE, ctx, args, out));
        r.command("unsubscribe", Route.SESSION, "Stops listening to channels, or to all of them.",
                (ctx, args, out) -> unsubscribe(Subscriptions.Kind.CHANNEL, UNSUBSCRIBE, ctx, args, out));
        r.command("psubscribe", Route.SESSION, "Listens for messages published to channels matching glob patterns.",
                (ctx, args, out) -> subscribe(Subscriptions.Kind.PATTERN, PSUBSCRIBE, ctx, args, out));
        r.command("punsubscribe", Route.SESSION, "Stops listening to patterns, or to all of them.",
                (ctx, args, out) -> unsubscribe(Subscriptions.Kind.PATTERN, PUNSUBSCRIBE, ctx, args, out));
        r.command("ssubscribe", Route.SESSION, "Listens for messages published to shard channels.",
                (ctx, args, out) -> subscribe(Subscriptions.Kind.SHARD_CHANNEL, SSUBSCRIBE, ctx, args, out));
        r.command("sunsubscribe", Route.SESSION, "Stops listening to shard channels, or to all of them.",
                (ctx, args, out) -> unsubscribe(Subscriptions.Kind.SHARD_CHANNEL, SUNSUBSCRIBE, ctx, args, out));
        r.command("spublish", Route.SESSION, "Sends a message to a shard channel's subscribers.",
                (ctx, args, out) -> publish(Subscriptions.Kind.SHARD_CHANNEL, ctx, args, out));
        r.command("publish", Route.SESSION, "Sends a message to a channel's subscribers.",
                (ctx, args, out) -> publish(Subscriptions.Kind.CHANNEL, ctx, args, out));
    }

    /** Waits for {@code count} acknowledgements, then answers with what {@code reply} writes. */
    private static Runnable afterAll(int count, Suspension suspension, int protocol, Consumer<RespWriter> reply) {
        AtomicInteger remaining = new AtomicInteger(count);
        Runnable finish = () -> {
            RespWriter out = new RespWriter(protocol);
            reply.accept(out);
            suspension.reply().accept(out.toByteArray());
        };
        if (count == 0) {
            finish.run();
            return () -> { };
        }
        return () -> {
            if (remaining.decrementAndGet() == 0) {
                finish.run();
            }
        };
    }

    /**
     * Makes each change (one per channel entity or pattern, told when to acknowledge) and answers
     * once every one acknowledged, so that the confirmations never run ahead of the channel
     * tables. Where the reply cannot wait (no suspension is offered) the changes are sent and
     * the confirmations written at once.
     */
    private static void confirmAfter(CommandContext ctx, RespWriter out, List<Consumer<Runnable>> changes,
                                     Consumer<RespWriter> confirmations) {
        Suspension suspension = ctx.suspend();
        if (suspension == null) {
            changes.forEach(change -> change.accept(() -> { }));
            confirmations.accept(out);
            return;
        }
        Runnable acknowledged = afterAll(changes.size(), suspension, ctx.protocol(), confirmations);
        changes.forEach(change -> change.accept(acknowledged));
    }

    private static void subscribe(Subscriptions.Kind kind, byte[] confirmation, CommandContext ctx, Args args, RespWriter out) {
        ClientSession session = ctx.session();
        Subscriptions subscriptions = session.subscriptions();
        List<byte[]> names = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<Consumer<Runnable>> changes = new ArrayList<>();
        while (args.hasNext()) {
            byte[] name = args.next();
            Subscription subscription = subscriptions.add(kind, name, session.sink());
            if (subscription != null) {
                changes.add(done -> ctx.server().pubSub().subscribe(kind, name, subscription, done));
            }
            names.add(name);
            counts.add(subscriptions.confirmationCount(kind));
        }
        Consumer<RespWriter> confirmations = w -> {
            for (int i = 0; i < names.size(); i++) {
                w.push(3).bulk(confirmation).bulk(names.get(i)).integer(counts.get(i));
            }
        };
        confirmAfter(ctx, out, changes, confirmations);
    }

    private static void unsubscribe(Subscriptions.Kind kind, byte[] confirmation, CommandContext ctx, Args args, RespWriter out) {
        ClientSession session = ctx.session();
        Subscriptions subscriptions = session.subscriptions();
        List<byte[]> names = new ArrayList<>();
        if (args.hasNext()) {
            while (args.hasNext()) {
                names.add(args.next());
            }
        } else {
            names.addAll(subscriptions.names(kind));
        }
        List<Integer> counts = new ArrayList<>();
        List<Consumer<Runnable>> changes = new ArrayList<>();
        for (byte[] name : names) {
            if (subscriptions.remove(kind, name)) {
                changes.add(done -> ctx.server().pubSub().unsubscribe(kind, name, session.id(), done));
            }
            counts.add(subscriptions.confirmationCount(kind));
        }
        int remaining = subscriptions.confirmationCount(kind);
        Consumer<RespWriter> confirmations = w -> {
            if (names.isEmpty()) {
                w.push(3).bulk(confirmation).nullBulk().integer(remaining);
                return;
            }
            for (int i = 0; i < names.size(); i++) {
                w.push(3).bulk(confirmation).bulk(names.get(i)).integer(counts.get(i));
            }
        };
        confirmAfter(ctx, out, changes, confirmations);
    }

    private static void publish(Subscriptions.Kind kind, CommandContext ctx, Args args, RespWriter out) {
        byte[] channel = args.next();
        byte[] message = args.next();
        out.integer(ctx.server().pubSub().publish(kind, channel, message));
    }
}
