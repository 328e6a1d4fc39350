package io.runnel.broker.net;

import com.typesafe.config.Config;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A Pekko dispatcher executor that runs actors on the gateway's Netty event loops, each actor
 * pinned to one loop. The keyspace entities use it: a session and an entity on the same loop
 * hand work to each other through that loop's task queue, with no thread wake-up and no
 * cross-core traffic, the thread-per-core arrangement of Seastar-style servers; actor semantics
 * (one message at a time, mailbox order) are unchanged because Pekko still runs the mailbox.
 *
 * <p>Configured as {@code executor = "io.runnel.broker.net.EventLoopExecutorConfigurator"} with
 * {@code event-loops = <name>}; the loops are registered under that name by {@link #install}
 * before the actor system starts.
 */
public final class EventLoopExecutorConfigurator extends ExecutorServiceConfigurator {

    /** Event loop groups by name: several servers may run in one JVM (tests). */
    private static final Map<String, EventLoopGroup> INSTALLED = new ConcurrentHashMap<>();

    private final String groupName;

    public EventLoopExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        this.groupName = config.getString("event-loops");
    }

    /** Registers {@code group} under {@code name}, for dispatchers whose event-loops setting names it. */
    public static void install(String name, EventLoopGroup group) {
        INSTALLED.put(name, group);
        group.terminationFuture().addListener(done -> INSTALLED.remove(name, group));
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        EventLoopGroup group = INSTALLED.get(groupName);
        if (group == null) {
            throw new IllegalStateException("no event loops installed for dispatcher " + id);
        }
        return () -> new PinnedExecutor(group);
    }

    /**
     * Sends each task to a loop chosen by the identity of the task: Pekko submits an actor's
     * mailbox itself as the task, so every run of one actor lands on the same loop.
     */
    private static final class PinnedExecutor extends AbstractExecutorService {
        private final EventLoop[] loops;
        private volatile boolean shutdown;

        PinnedExecutor(EventLoopGroup group) {
            List<EventLoop> list = new ArrayList<>();
            group.forEach(executor -> list.add((EventLoop) executor));
            this.loops = list.toArray(new EventLoop[0]);
        }

        @Override
        public void execute(Runnable task) {
            int hash = System.identityHashCode(task);
            loops[((hash ^ (hash >>> 16)) & 0x7fffffff) % loops.length].execute(task);
        }

        // The loops belong to the gateway, which shuts them down; Pekko's shutdown only stops
        // submitting to them.
        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
