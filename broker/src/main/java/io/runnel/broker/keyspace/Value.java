package io.runnel.broker.keyspace;

/** A value stored under a key. Each data type has its own implementation. */
public interface Value {

    /** The name TYPE replies with. */
    String typeName();

    /** The name OBJECT ENCODING replies with, as Redis would name it for the same data. */
    String encoding();

    /** A deep copy, for COPY and for values that must not be shared between keys. */
    Value copy();

    /**
     * The value object's access data as Redis keeps it (see {@link AccessClock}); negative
     * until the command that made the object stores it. Not part of the keyspace's state.
     */
    int access();

    void access(int field);
}
