package io.runnel.broker.pubsub;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The pattern subscriptions of the node (PSUBSCRIBE). The router owns them: changes are made
 * here one at a time, and after each it publishes the whole table, immutable, to the
 * {@link ChannelRegistry} before it confirms. A PUBLISH matches that table on the publisher's
 * thread (as Redis matches its pattern list), so messages never wait for this actor.
 */
public final class PatternRouter {

    public sealed interface Command permits Subscribe, Unsubscribe {
    }

    public record Subscribe(byte[] pattern, Subscriber subscriber, Runnable done) implements Command {
    }

    public record Unsubscribe(byte[] pattern, long subscriberId, Runnable done) implements Command {
    }

    private PatternRouter() {
    }

    /** @param publish receives the table after every change, before the change is confirmed */
    public static Behavior<Command> create(Consumer<ChannelRegistry.PatternTable> publish) {
        return Behaviors.setup(context -> new Patterns(publish).behavior());
    }

    /**
     * The patterns and their subscribers, with each pattern's subscriber array kept ready, so a
     * change rebuilds one pattern's array and the outer table, not every array.
     */
    private static final class Patterns {
        private final Consumer<ChannelRegistry.PatternTable> publish;
        private final Map<ByteBuffer, Map<Long, Subscriber>> subscribers = new LinkedHashMap<>();
        private final Map<ByteBuffer, Subscriber[]> arrays = new LinkedHashMap<>();

        Patterns(Consumer<ChannelRegistry.PatternTable> publish) {
            this.publish = publish;
        }

        Behavior<Command> behavior() {
            return Behaviors.receive(Command.class)
                    .onMessage(Subscribe.class, subscribe -> {
                        ByteBuffer key = ByteBuffer.wrap(subscribe.pattern());
                        subscribers.computeIfAbsent(key, p -> new LinkedHashMap<>())
                                .put(subscribe.subscriber().id(), subscribe.subscriber());
                        changed(key);
                        subscribe.done().run();
                        return Behaviors.same();
                    })
                    .onMessage(Unsubscribe.class, unsubscribe -> {
                        ByteBuffer key = ByteBuffer.wrap(unsubscribe.pattern());
                        Map<Long, Subscriber> held = subscribers.get(key);
                        if (held != null && held.remove(unsubscribe.subscriberId()) != null) {
                            if (held.isEmpty()) {
                                subscribers.remove(key);
                            }
                            changed(key);
                        }
                        unsubscribe.done().run();
                        return Behaviors.same();
                    })
                    .build();
        }

        private void changed(ByteBuffer pattern) {
            Map<Long, Subscriber> held = subscribers.get(pattern);
            if (held == null) {
                arrays.remove(pattern);
            } else {
                arrays.put(pattern, held.values().toArray(new Subscriber[0]));
            }
            byte[][] names = new byte[arrays.size()][];
            Subscriber[][] tables = new Subscriber[arrays.size()][];
            int i = 0;
            for (Map.Entry<ByteBuffer, Subscriber[]> entry : arrays.entrySet()) {
                names[i] = entry.getKey().array();
                tables[i] = entry.getValue();
                i++;
            }
            publish.accept(new ChannelRegistry.PatternTable(names, tables));
        }
    }
}
