package io.runnel.broker.persist;

/** A journal record that does not decode: damaged, or written by an unknown version. */
public final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }
}
