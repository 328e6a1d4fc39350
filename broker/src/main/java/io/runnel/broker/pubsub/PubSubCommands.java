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
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Channel pub/sub: SUBSCRIBE, UNSUBSCRIBE and PUBLISH. Subscriptions are registered in the
 * channel entities before they are confirmed, so a message published after the confirmation
 * reaches the subscriber; confirmations and messages are pushes in RESP3, arrays in RESP2.
 */
public final class PubSubCommands implements CommandFamily {

    private static final byte[] SUBSCRIBE = "subscribe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNSUBSCRIBE = "unsubscribe".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void register(CommandRegistry r) {
        r.command("subscribe", Route.SESSION, "Listens for messages published to channels.", PubSubCommands::subscribe);
        r.command("unsubscribe", Route.SESSION, "Stops listening to channels, or to all of them.", PubSubCommands::unsubscribe);
        r.command("publish", Route.SESSION, "Sends a message to a channel's subscribers.", PubSubCommands::publish);
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
     * Applies {@code change} to each channel entity and answers once every one acknowledged, so
     * that the confirmations never run ahead of the channel tables. Where the reply cannot wait
     * (no suspension is offered) the changes are sent and the confirmations written at once.
     */
    private static void confirmAfter(CommandContext ctx, RespWriter out, List<byte[]> changed,
                                     Consumer<RespWriter> confirmations, BiConsumer<byte[], Runnable> change) {
        Suspension suspension = ctx.suspend();
        if (suspension == null) {
            changed.forEach(name -> change.accept(name, () -> { }));
            confirmations.accept(out);
            return;
        }
        Runnable acknowledged = afterAll(changed.size(), suspension, ctx.protocol(), confirmations);
        changed.forEach(name -> change.accept(name, acknowledged));
    }

    private static void subscribe(CommandContext ctx, Args args, RespWriter out) {
        ClientSession session = ctx.session();
        List<byte[]> names = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<byte[]> added = new ArrayList<>();
        while (args.hasNext()) {
            byte[] name = args.next();
            if (session.addChannel(name)) {
                added.add(name);
            }
            names.add(name);
            counts.add(session.subscriptionCount());
        }
        Consumer<RespWriter> confirmations = w -> {
            for (int i = 0; i < names.size(); i++) {
                w.push(3).bulk(SUBSCRIBE).bulk(names.get(i)).integer(counts.get(i));
            }
        };
        confirmAfter(ctx, out, added, confirmations,
                (name, done) -> ctx.server().pubSub().subscribe(name, session.subscriber(), done));
    }

    private static void unsubscribe(CommandContext ctx, Args args, RespWriter out) {
        ClientSession session = ctx.session();
        List<byte[]> names = new ArrayList<>();
        if (args.hasNext()) {
            while (args.hasNext()) {
                names.add(args.next());
            }
        } else {
            names.addAll(session.channels());
        }
        List<Integer> counts = new ArrayList<>();
        List<byte[]> removed = new ArrayList<>();
        for (byte[] name : names) {
            if (session.removeChannel(name)) {
                removed.add(name);
            }
            counts.add(session.subscriptionCount());
        }
        Consumer<RespWriter> confirmations = w -> {
            if (names.isEmpty()) {
                w.push(3).bulk(UNSUBSCRIBE).nullBulk().integer(session.subscriptionCount());
                return;
            }
            for (int i = 0; i < names.size(); i++) {
                w.push(3).bulk(UNSUBSCRIBE).bulk(names.get(i)).integer(counts.get(i));
            }
        };
        confirmAfter(ctx, out, removed, confirmations,
                (name, done) -> ctx.server().pubSub().unsubscribe(name, session.id(), done));
    }

    private static void publish(CommandContext ctx, Args args, RespWriter out) {
        byte[] channel = args.next();
        byte[] message = args.next();
        Suspension suspension = ctx.suspend();
        if (suspension == null) {
            out.integer(0);
            return;
        }
        int protocol = ctx.protocol();
        ctx.server().pubSub().publish(channel, message, receivers -> {
            RespWriter reply = new RespWriter(protocol);
            reply.integer(receivers);
            suspension.reply().accept(reply.toByteArray());
        });
    }
}
