package io.runnel.broker.dump;

/** A payload that does not hold a value in Redis's serialization format. */
final class RdbFormatException extends Exception {
    RdbFormatException(String message) {
        super(message, null, false, false);
    }
}
