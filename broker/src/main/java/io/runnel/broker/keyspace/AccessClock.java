package io.runnel.broker.keyspace;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The access data behind OBJECT IDLETIME and OBJECT FREQ, kept as Redis keeps it: one 24-bit
 * field per value that holds, depending on the maxmemory policy when it was last written,
 * either the LRU clock (seconds) or, under an LFU policy, the minute of the last decrement in
 * its high 16 bits and a logarithmic access counter in its low 8 bits. A value that Redis
 * would hold as one of its shared small integers has no field of its own: every key holding
 * that integer reads and touches the integer's one field, as in Redis.
 *
 * <p>One per server. Each value object carries its own field ({@link Value#access()}), so it
 * moves with the object (RENAME, MOVE) and a new object (SET, COPY) starts afresh; the shared
 * integers' fields are reached from every entity, hence atomic.
 */
public final class AccessClock {

    /** The counter a value starts with under LFU, so that new keys are not evicted at once. */
    private static final int LFU_INITIAL = 5;
    private static final int LFU_MAX = 255;
    private static final int SHARED_INTEGERS = 10000;

    private final AtomicIntegerArray sharedIntegers = new AtomicIntegerArray(SHARED_INTEGERS);
    private volatile boolean lfu;
    private volatile int lfuLogFactor = 10;
    private volatile int lfuDecayMinutes = 1;

    /** The clock of a server started at {@code startMillis} under {@code policy}. */
    public AccessClock(long startMillis, String policy) {
        policy(policy);
        // the shared integers exist from the start, with the data of that moment and policy
        int initial = initial(startMillis);
        for (int i = 0; i < SHARED_INTEGERS; i++) {
            sharedIntegers.set(i, initial);
        }
    }

    /** Follows CONFIG SET maxmemory-policy: values written from now on use the new meaning. */
    public void policy(String maxmemoryPolicy) {
        lfu = maxmemoryPolicy.endsWith("-lfu");
    }

    public boolean lfu() {
        return lfu;
    }

    public void lfuLogFactor(int factor) {
        lfuLogFactor = factor;
    }

    public void lfuDecayMinutes(int minutes) {
        lfuDecayMinutes = minutes;
    }

    /** The field of a value created at {@code now}. */
    int initial(long now) {
        return lfu ? (minutes(now) << 8) | LFU_INITIAL : KeyspaceStats.lruClock(now);
    }

    /** Starts the access data of a value object a command made, unless it has some already. */
    public void created(Value value, long now) {
        if (value.access() < 0 && sharedIndex(value) < 0) {
            value.access(initial(now));
        }
    }

    /**
     * RESTORE's IDLETIME or FREQ: under LFU the frequency (when given) with this minute's stamp,
     * otherwise the idle time (when given) set back from the LRU clock, as Redis applies them.
     */
    public void restore(Value value, long idleSeconds, long frequency, long now) {
        if (lfu) {
            if (frequency >= 0) {
                field(value, (minutes(now) << 8) | (int) frequency);
            }
        } else if (idleSeconds >= 0) {
            long clock = KeyspaceStats.lruClock(now) - idleSeconds;
            if (clock < 0) {
                clock += (1 << 24) - 1; // the 24-bit clock wrapped
            }
            field(value, (int) clock);
        }
    }

    /** Records an access to a value (a lookup that is not NOTOUCH in Redis's terms). */
    void touch(Value value, long now, SplittableRandom random) {
        field(value, touched(field(value), now, random));
    }

    /**
     * A key's value replaced by another: under LFU the new value takes over the old one's
     * access data, so that overwriting a key does not reset its frequency (this writes into a
     * shared integer's data when the new value is one, as Redis does).
     */
    void overwritten(Value old, Value fresh) {
        if (lfu) {
            field(fresh, field(old));
        }
    }

    private int touched(int field, long now, SplittableRandom random) {
        if (!lfu) {
            return KeyspaceStats.lruClock(now);
        }
        int counter = increment(decayed(field, now), random);
        return (minutes(now) << 8) | counter;
    }

    /** OBJECT IDLETIME: seconds since the value's field was last set, read as an LRU clock. */
    public long idleSeconds(Value value, long now) {
        return KeyspaceStats.idleSeconds(field(value), now);
    }

    /** OBJECT FREQ: the value's access counter after the decay due by now, not stored. */
    public int frequency(Value value, long now) {
        return decayed(field(value), now);
    }

    private int field(Value value) {
        int shared = sharedIndex(value);
        return shared >= 0 ? sharedIntegers.get(shared) : Math.max(0, value.access());
    }

    private void field(Value value, int field) {
        int shared = sharedIndex(value);
        if (shared >= 0) {
            sharedIntegers.set(shared, field);
        } else {
            value.access(field);
        }
    }

    private static int sharedIndex(Value value) {
        return value instanceof StringValue string ? string.sharedInteger() : -1;
    }

    /** Minutes in 16 bits: the LFU field's clock. */
    private static int minutes(long nowMillis) {
        return (int) ((nowMillis / 60_000) & 0xFFFF);
    }

    /** The counter less one for every decay period elapsed since the field was written. */
    private int decayed(int field, long now) {
        int counter = field & 0xFF;
        int last = field >>> 8;
        int current = minutes(now);
        int elapsed = current >= last ? current - last : 0xFFFF - last + current;
        int periods = lfuDecayMinutes > 0 ? elapsed / lfuDecayMinutes : 0;
        return periods > counter ? 0 : counter - periods;
    }

    /**
     * A logarithmic increment: certain while the counter is at its initial value or below, then
     * ever less likely as it grows, scaled by the log factor.
     */
    private int increment(int counter, SplittableRandom random) {
        if (counter >= LFU_MAX) {
            return LFU_MAX;
        }
        int base = Math.max(0, counter - LFU_INITIAL);
        double probability = 1.0 / (base * (double) lfuLogFactor + 1);
        return random.nextDouble() < probability ? counter + 1 : counter;
    }
}
