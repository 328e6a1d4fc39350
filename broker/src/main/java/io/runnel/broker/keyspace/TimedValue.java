package io.runnel.broker.keyspace;

/**
 * A value with work to do as time passes, done by its entity's periodic cycle (a stream's
 * maximum age, for instance). The work must be expressed as events emitted through the state,
 * so that it is journaled and replayed like any command's.
 */
public interface TimedValue extends Value {

    /**
     * Called about ten times a second while the value is registered.
     *
     * @return false when the value no longer needs ticks (the key is then forgotten)
     */
    boolean tick(ShardState state, int db, byte[] key, long now);
}
