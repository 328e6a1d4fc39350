package io.runnel.broker.session;

import java.util.List;

/**
 * One class's line of {@code client-output-buffer-limit}: a client whose unsent output exceeds
 * {@code hardBytes}, or stays above {@code softBytes} for longer than {@code softSeconds}, is
 * disconnected. Zero disables a bound.
 */
public record OutputBufferLimit(long hardBytes, long softBytes, long softSeconds) {

    public static final OutputBufferLimit NONE = new OutputBufferLimit(0, 0, 0);

    /** The limit of {@code clientClass} ("normal", "slave", "pubsub") in the normalised config value. */
    public static OutputBufferLimit of(String configValue, String clientClass) {
        List<String> words = List.of(configValue.trim().split("\\s+"));
        int at = words.indexOf(clientClass);
        if (at < 0 || at + 3 >= words.size()) {
            return NONE;
        }
        return new OutputBufferLimit(Long.parseLong(words.get(at + 1)), Long.parseLong(words.get(at + 2)),
                Long.parseLong(words.get(at + 3)));
    }

    /**
     * Whether a client with {@code pendingBytes} unsent, above the soft limit since
     * {@code softSinceMillis} (or -1), must be closed at {@code nowMillis}.
     */
    public boolean exceeded(long pendingBytes, long softSinceMillis, long nowMillis) {
        if (hardBytes > 0 && pendingBytes >= hardBytes) {
            return true;
        }
        return softBytes > 0 && pendingBytes >= softBytes && softSinceMillis >= 0
                && nowMillis - softSinceMillis > softSeconds * 1000;
    }

    public boolean aboveSoft(long pendingBytes) {
        return softBytes > 0 && pendingBytes >= softBytes;
    }
}
