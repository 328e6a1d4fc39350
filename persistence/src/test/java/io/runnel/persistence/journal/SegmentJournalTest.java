package io.runnel.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.AbstractPersistentActor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The journal plugin under real Pekko persistent actors: events of several persistence ids,
 * written in interleaved batches, come back to each actor in order after the whole actor system
 * restarts; deletions hold; a torn tail costs only the cut event, and writing goes on after it.
 */
class SegmentJournalTest {

    @TempDir
    Path dir;

    /** Persists every "add" and answers "get" with everything it holds (recovered or new). */
    static final class Recorder extends AbstractPersistentActor {
        private final String id;
        private final List<String> events = new ArrayList<>();

        Recorder(String id) {
            this.id = id;
        }

        @Override
        public String persistenceId() {
            return id;
        }

        @Override
        public Receive createReceiveRecover() {
            return receiveBuilder().match(String.class, events::add).build();
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .matchEquals("get", get -> getSender().tell(new ArrayList<>(events), getSelf()))
                    .matchEquals("last", last -> getSender().tell(lastSequenceNr(), getSelf()))
                    .match(Long.class, upTo -> {
                        deleteMessages(upTo);
                        getSender().tell("deleting", getSelf());
                    })
                    .match(String.class, event -> {
                        ActorRef replyTo = getSender();
                        persistAsync(event, persisted -> {
                            events.add(persisted);
                            replyTo.tell("ok", getSelf());
                        });
                    })
                    .build();
        }
    }

    private ActorSystem start(String fsync) {
        Config config = ConfigFactory.parseString(String.join("\n",
                "pekko.loglevel = WARNING",
                "pekko.persistence.journal.plugin = runnel-journal",
                "pekko.persistence.snapshot-store.plugin = pekko.persistence.no-snapshot-store",
                "runnel-journal.class = io.runnel.persistence.journal.SegmentJournal",
                "runnel-journal.dir = \"" + dir.resolve("journal") + "\"",
                "runnel-journal.fsync = " + fsync,
                "runnel-journal.segment-size = 4k",
                "runnel-journal.truncate-corrupt = off")).withFallback(ConfigFactory.load());
        return ActorSystem.create("journal-test", config);
    }

    private static Object ask(ActorRef actor, Object message) throws Exception {
        return Patterns.ask(actor, message, Duration.ofSeconds(10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void stop(ActorSystem system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static List<String> range(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void eventsComeBackToEachActorInOrderAfterARestart() throws Exception {
        for (String fsync : new String[] {"always", "everysec", "no"}) {
            ActorSystem system = start(fsync);
            ActorRef a = system.actorOf(Props.create(Recorder.class, () -> new Recorder("a-" + fsync)));
            ActorRef b = system.actorOf(Props.create(Recorder.class, () -> new Recorder("b-" + fsync)));
            List<java.util.concurrent.CompletableFuture<Object>> acks = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                acks.add(Patterns.ask(a, "a" + i, Duration.ofSeconds(10)).toCompletableFuture());
                if (i <= 100) {
                    acks.add(Patterns.ask(b, "b" + i, Duration.ofSeconds(10)).toCompletableFuture());
                }
            }
            for (var ack : acks) {
                assertEquals("ok", ack.get(10, TimeUnit.SECONDS));
            }
            stop(system);

            system = start(fsync);
            a = system.actorOf(Props.create(Recorder.class, () -> new Recorder("a-" + fsync)));
            b = system.actorOf(Props.create(Recorder.class, () -> new Recorder("b-" + fsync)));
            assertEquals(range("a", 1, 200), ask(a, "get"), fsync);
            assertEquals(range("b", 1, 100), ask(b, "get"), fsync);
            assertEquals("ok", ask(a, "a201"));
            assertEquals(201L, ask(a, "last"));
            stop(system);
        }
    }

    @Test
    void deletedEventsStayDeleted() throws Exception {
        ActorSystem system = start("always");
        ActorRef a = system.actorOf(Props.create(Recorder.class, () -> new Recorder("d")));
        for (int i = 1; i <= 30; i++) {
            assertEquals("ok", ask(a, "e" + i));
        }
        assertEquals("deleting", ask(a, 20L));
        Thread.sleep(300);
        stop(system);

        system = start("always");
        a = system.actorOf(Props.create(Recorder.class, () -> new Recorder("d")));
        assertEquals(range("e", 21, 30), ask(a, "get"));
        assertEquals(30L, ask(a, "last"));
        stop(system);
    }

    @Test
    void aTornTailCostsOnlyTheCutEvent() throws Exception {
        ActorSystem system = start("always");
        ActorRef a = system.actorOf(Props.create(Recorder.class, () -> new Recorder("t")));
        for (int i = 1; i <= 10; i++) {
            assertEquals("ok", ask(a, "e" + i));
        }
        stop(system);
        Path last;
        try (Stream<Path> files = Files.list(dir.resolve("journal"))) {
            last = files.sorted().reduce((x, y) -> y).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(last);
        Files.write(last, java.util.Arrays.copyOf(bytes, bytes.length - 3)); // the crash cut the last record

        system = start("always");
        a = system.actorOf(Props.create(Recorder.class, () -> new Recorder("t")));
        assertEquals(range("e", 1, 9), ask(a, "get"));
        assertEquals("ok", ask(a, "e10 again"));
        stop(system);

        system = start("always");
        a = system.actorOf(Props.create(Recorder.class, () -> new Recorder("t")));
        List<String> expected = range("e", 1, 9);
        expected.add("e10 again");
        assertEquals(expected, ask(a, "get"));
        stop(system);
    }
}
