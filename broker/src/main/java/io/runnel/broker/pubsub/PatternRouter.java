package io.runnel.broker.pubsub;

import io.runnel.broker.util.Glob;
import io.runnel.protocol.RespWriter;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The pattern subscriptions of the node (PSUBSCRIBE). Every PUBLISH passes through here after
 * its channel entity delivered it, so a client subscribed both to a channel and to a matching
 * pattern sees "message" before "pmessage", as in Redis; each matching pattern is encoded once
 * per protocol and shared by its subscribers.
 */
public final class PatternRouter {

    public sealed interface Command permits Subscribe, Unsubscribe, Publish {
    }

    public record Subscribe(byte[] pattern, Subscriber subscriber, Runnable done) implements Command {
    }

    public record Unsubscribe(byte[] pattern, long subscriberId, Runnable done) implements Command {
    }

    /** Delivers to matching patterns and reports {@code channelReceivers} plus the clients reached here. */
    public record Publish(byte[] channel, byte[] message, long channelReceivers, Consumer<Long> receivers)
            implements Command {
    }

    private static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);

    private PatternRouter() {
    }

    /** @param distinct told the number of distinct patterns after every change, before it is confirmed */
    public static Behavior<Command> create(IntConsumer distinct) {
        Map<ByteBuffer, Map<Long, Subscriber>> patterns = new HashMap<>();
        return Behaviors.receive(Command.class)
                .onMessage(Subscribe.class, subscribe -> {
                    patterns.computeIfAbsent(ByteBuffer.wrap(subscribe.pattern()), p -> new LinkedHashMap<>())
                            .put(subscribe.subscriber().id(), subscribe.subscriber());
                    distinct.accept(patterns.size());
                    subscribe.done().run();
                    return Behaviors.same();
                })
                .onMessage(Unsubscribe.class, unsubscribe -> {
                    ByteBuffer key = ByteBuffer.wrap(unsubscribe.pattern());
                    Map<Long, Subscriber> subscribers = patterns.get(key);
                    if (subscribers != null) {
                        subscribers.remove(unsubscribe.subscriberId());
                        if (subscribers.isEmpty()) {
                            patterns.remove(key);
                            distinct.accept(patterns.size());
                        }
                    }
                    unsubscribe.done().run();
                    return Behaviors.same();
                })
                .onMessage(Publish.class, publish -> {
                    long reached = publish.channelReceivers();
                    var entries = patterns.entrySet().iterator();
                    while (entries.hasNext()) {
                        var entry = entries.next();
                        Map<Long, Subscriber> subscribers = entry.getValue();
                        subscribers.values().removeIf(Subscriber::gone);
                        if (subscribers.isEmpty()) {
                            entries.remove();
                            distinct.accept(patterns.size());
                            continue;
                        }
                        byte[] pattern = entry.getKey().array();
                        if (!Glob.matches(pattern, publish.channel())) {
                            continue;
                        }
                        byte[] resp2 = frame(2, pattern, publish.channel(), publish.message());
                        byte[] resp3 = frame(3, pattern, publish.channel(), publish.message());
                        for (Subscriber subscriber : subscribers.values()) {
                            subscriber.deliver(resp2, resp3);
                        }
                        reached += subscribers.size();
                    }
                    publish.receivers().accept(reached);
                    return Behaviors.same();
                })
                .build();
    }

    /** The "pmessage" push: an array in RESP2, a push in RESP3. */
    static byte[] frame(int protocol, byte[] pattern, byte[] channel, byte[] message) {
        RespWriter out = new RespWriter(protocol, 48 + pattern.length + channel.length + message.length);
        out.push(4).bulk(PMESSAGE).bulk(pattern).bulk(channel).bulk(message);
        return out.toByteArray();
    }
}
