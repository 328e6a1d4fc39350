package io.runnel.protocol;

/**
 * Raised by the decoder when a client breaks the protocol. The message is the text Redis sends
 * after {@code -ERR Protocol error: }; the connection is closed once it has been written.
 */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message, null, false, false);
    }

    /** The complete error line as Redis words it, without the leading '-' and the CRLF. */
    public String errorLine() {
        return "ERR Protocol error: " + getMessage();
    }
}
