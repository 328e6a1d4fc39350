package io.runnel.protocol;

/**
 * The request-size limits Redis enforces while parsing. Connections that still have to
 * authenticate get Redis's much smaller limits (10 arguments, 16 KiB per argument), so that an
 * anonymous peer cannot make the server buffer large requests.
 *
 * @param maxBulkLength  proto-max-bulk-len: the largest single argument, in bytes
 * @param authenticated  false while a password is required and not yet given
 */
public record DecoderLimits(long maxBulkLength, boolean authenticated) {

    /** Redis's PROTO_INLINE_MAX_SIZE: the longest line without a newline. */
    public static final int INLINE_MAX = 64 * 1024;
    public static final long DEFAULT_MAX_BULK = 512L * 1024 * 1024;
    static final long UNAUTHENTICATED_MAX_ARGS = 10;
    static final long UNAUTHENTICATED_MAX_BULK = 16384;

    public static final DecoderLimits DEFAULT = new DecoderLimits(DEFAULT_MAX_BULK, true);

    public DecoderLimits withAuthenticated(boolean value) {
        return new DecoderLimits(maxBulkLength, value);
    }
}
