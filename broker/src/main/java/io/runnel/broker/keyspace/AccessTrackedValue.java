package io.runnel.broker.keyspace;

/** Holds the access data every value keeps for OBJECT IDLETIME and FREQ (see AccessClock). */
public abstract class AccessTrackedValue implements Value {

    private int access = -1;

    @Override
    public int access() {
        return access;
    }

    @Override
    public void access(int field) {
        access = field;
    }
}
