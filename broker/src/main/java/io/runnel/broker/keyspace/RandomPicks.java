package io.runnel.broker.keyspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The picks of HRANDFIELD, SRANDMEMBER, SPOP and ZRANDMEMBER with a count, as Redis makes them:
 * a negative count is that many independent picks (repeats allowed); a count at least the size
 * is the whole collection in its own order; a smaller one is that many distinct elements.
 */
public final class RandomPicks {

    private RandomPicks() {
    }

    /** The count argument of HRANDFIELD or ZRANDMEMBER and whether its WITHVALUES / WITHSCORES word follows. */
    public record Count(long count, boolean withValues) {

        /** Reads them as Redis does, its range errors included (a count with values must fit twice in a long). */
        public static Count parse(io.runnel.broker.command.Args args, String withWord) {
            long count = args.nextLong();
            if (count == Long.MIN_VALUE) {
                throw new io.runnel.broker.command.CommandError(
                        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
            }
            boolean withValues = false;
            if (args.hasNext()) {
                if (!args.nextIs(withWord) || args.hasNext()) {
                    throw io.runnel.broker.command.Errors.syntax();
                }
                withValues = true;
                if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
                    throw new io.runnel.broker.command.CommandError("ERR value is out of range");
                }
            }
            return new Count(count, withValues);
        }
    }

    /**
     * @param count  the count argument (not 0, not Long.MIN_VALUE)
     * @param size   the collection's size (not 0)
     * @param one    one element at random
     * @param every  visits every element in the collection's order
     */
    public static <T> List<T> pick(long count, int size, Supplier<T> one, Consumer<Consumer<T>> every, RandomGenerator random) {
        List<T> picked = new ArrayList<>();
        if (count < 0) {
            for (long i = 0; i < -count; i++) {
                picked.add(one.get());
            }
            return picked;
        }
        List<T> all = new ArrayList<>(size);
        every.accept(all::add);
        if (count >= size) {
            return all;
        }
        for (int i = 0; i < count; i++) { // a partial shuffle: count distinct elements
            Collections.swap(all, i, i + random.nextInt(all.size() - i));
            picked.add(all.get(i));
        }
        return picked;
    }
}
