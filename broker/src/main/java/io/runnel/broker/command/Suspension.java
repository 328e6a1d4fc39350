package io.runnel.broker.command;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a blocking command (XREAD BLOCK, BLPOP, ...) needs to answer later instead of now: the
 * client's reply channel, a way to tell that the client has gone, and a scheduler for its
 * timeout. The executor of a lone blocking command offers one; a command that suspends writes
 * no reply and calls {@link #reply} exactly once, from whichever thread serves or times it out.
 */
public record Suspension(Consumer<byte[]> reply, BooleanSupplier clientGone, ScheduledExecutorService timers,
                         Consumer<Unblockable> onBlocked, Runnable onUnblocked) {
}
