package io.runnel.protocol;

import java.util.Arrays;

/**
 * Incremental decoder of client requests: RESP multibulk commands and inline commands, exactly
 * as Redis parses them. Bytes may be split anywhere across reads and one read may hold many
 * commands (pipelining); every complete command is handed to the sink as soon as it is decoded.
 *
 * <p>Arguments are raw bytes. A bulk argument's announced length is never trusted for
 * allocation: large arguments grow as their bytes actually arrive. Once a protocol error has
 * been raised the decoder stays failed and ignores all further input.
 *
 * <p>Not thread-safe: one decoder per connection, fed by that connection's reads in order.
 */
public final class RespDecoder {

    /** Receives each decoded command; {@code argv[0]} is the command name. */
    @FunctionalInterface
    public interface CommandSink {
        void onCommand(byte[][] argv);
    }

    /** Arguments at or below this size are allocated at their announced length straight away. */
    private static final int EXACT_ALLOCATION_LIMIT = 64 * 1024;
    private static final int ARGV_PREALLOCATION_LIMIT = 1024;
    /**
     * The longest argument a byte array can hold. proto-max-bulk-len may be configured larger
     * (Redis accepts up to LONG_MAX), but longer announcements cannot be honoured here.
     */
    private static final long MAX_ARGUMENT_LENGTH = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_CARRY = 256;

    private enum State { COMMAND_START, BULK_HEADER, BULK_BODY, BULK_TRAILER }

    private DecoderLimits limits;
    private State state = State.COMMAND_START;

    /** Unconsumed bytes of an incomplete header or inline line, kept until more arrive. */
    private byte[] carry = EMPTY;
    private int carryLength;
    /**
     * Where the search for the end of the line may resume in {@link #carry}: the carried bytes
     * before it are known not to hold it. Without this, a client sending a long line a byte at a
     * time would make every read rescan (and recopy) all that came before.
     */
    private int carryScanned;
    /** Stop after each command (clients that must authenticate first, as Redis parses them). */
    private boolean pauseAfterCommand;
    private boolean paused;
    /** The position in the buffer being decoded before which the current line has been searched. */
    private int scanFrom;

    private byte[][] argv;
    private int argc;
    private long argsExpected;

    private byte[] bulk;
    private long bulkLength;
    private int bulkFilled;
    private int trailerToSkip;

    private boolean failed;

    public RespDecoder(DecoderLimits limits) {
        this.limits = limits;
    }

    /** Switches limits, e.g. when a connection authenticates; applies from the next header on. */
    public void limits(DecoderLimits limits) {
        this.limits = limits;
    }

    /**
     * Makes {@link #decode} stop after each complete command, keeping the rest for
     * {@link #resume}. Redis parses one command at a time, so the limits in force for a command
     * are those after the previous one ran (AUTH pipelined before a large command).
     */
    public void pauseAfterEachCommand(boolean value) {
        this.pauseAfterCommand = value;
    }

    /** True when the last call stopped after a command with more input kept for {@link #resume}. */
    public boolean paused() {
        return paused && carryLength > 0;
    }

    /** Continues decoding the input kept by a pause. */
    public void resume(CommandSink sink) throws ProtocolException {
        decode(EMPTY, 0, 0, sink);
    }

    public boolean failed() {
        return failed;
    }

    /** Bytes currently reserved for the argument being received; visible for tests. */
    int pendingBulkCapacity() {
        return bulk == null ? 0 : bulk.length;
    }

    /** Bytes currently reserved for an incomplete header or inline line; visible for tests. */
    int carryCapacity() {
        return carry.length;
    }

    /** Argument slots currently reserved for the command being received; visible for tests. */
    int pendingArgvCapacity() {
        return argv == null ? 0 : argv.length;
    }

    /** True while a command has been started but not completed. */
    public boolean midCommand() {
        return state != State.COMMAND_START || carryLength > 0;
    }

    /**
     * Decodes {@code length} bytes of {@code data} starting at {@code offset}. Every complete
     * command is passed to {@code sink} in order; an incomplete tail is kept for the next call.
     *
     * @throws ProtocolException if the input breaks the protocol; commands completed before the
     *                           offending bytes have already been delivered.
     */
    public void decode(byte[] data, int offset, int length, CommandSink sink) throws ProtocolException {
        if (failed) {
            return;
        }
        byte[] buf = data;
        int pos = offset;
        int limit = offset + length;
        scanFrom = 0;
        paused = false;
        if (carryLength > 0) {
            // Appended in place, so that a line arriving in many small reads costs linear time.
            int total = carryLength + length;
            if (carry.length < total) {
                carry = Arrays.copyOf(carry, (int) Math.min(MAX_ARGUMENT_LENGTH, Math.max(total, carry.length * 2L)));
            }
            System.arraycopy(data, offset, carry, carryLength, length);
            buf = carry;
            pos = 0;
            limit = total;
            scanFrom = carryScanned;
            carryLength = 0;
        }
        try {
            pos = run(buf, pos, limit, sink);
        } catch (ProtocolException e) {
            failed = true;
            carry = EMPTY;
            carryLength = 0;
            throw e;
        }
        if (pos < limit) {
            keep(buf, pos, limit - pos);
            if (paused) {
                carryScanned = 0; // nothing after the delivered command has been looked at
            }
        } else if (carry.length > MIN_CARRY) {
            carry = EMPTY; // a large read passed through the carry: do not hold on to it
        }
    }

    private int run(byte[] buf, int pos, int limit, CommandSink sink) throws ProtocolException {
        while (pos < limit && !paused) {
            switch (state) {
                case COMMAND_START -> {
                    int next = buf[pos] == '*' ? multibulkHeader(buf, pos, limit) : inline(buf, pos, limit, sink);
                    if (next < 0) {
                        return pos;
                    }
                    pos = next;
                }
                case BULK_HEADER -> {
                    int next = bulkHeader(buf, pos, limit);
                    if (next < 0) {
                        return pos;
                    }
                    pos = next;
                }
                case BULK_BODY -> pos = bulkBody(buf, pos, limit);
                case BULK_TRAILER -> {
                    int skip = Math.min(trailerToSkip, limit - pos);
                    pos += skip;
                    trailerToSkip -= skip;
                    if (trailerToSkip == 0) {
                        completeArgument(sink);
                    }
                }
            }
        }
        return pos;
    }

    /** Returns the position after the header line, or -1 if the line is not complete yet. */
    private int multibulkHeader(byte[] buf, int pos, int limit) throws ProtocolException {
        int cr = indexOf(buf, Math.max(pos, scanFrom), limit, (byte) '\r');
        if (cr < 0 || cr + 1 >= limit) {
            if (limit - pos > DecoderLimits.INLINE_MAX) {
                throw new ProtocolException("too big mbulk count string");
            }
            return -1;
        }
        long count = parseLong(buf, pos + 1, cr, "invalid multibulk length");
        if (count > Integer.MAX_VALUE) {
            throw new ProtocolException("invalid multibulk length");
        }
        if (count > DecoderLimits.UNAUTHENTICATED_MAX_ARGS && !limits.authenticated()) {
            throw new ProtocolException("unauthenticated multibulk length");
        }
        int next = cr + 2;
        if (count <= 0) {
            return next; // Redis silently skips empty multibulk requests
        }
        argsExpected = count;
        argv = new byte[(int) Math.min(count, ARGV_PREALLOCATION_LIMIT)][];
        argc = 0;
        state = State.BULK_HEADER;
        return next;
    }

    private int bulkHeader(byte[] buf, int pos, int limit) throws ProtocolException {
        int cr = indexOf(buf, Math.max(pos, scanFrom), limit, (byte) '\r');
        if (cr < 0 || cr + 1 >= limit) {
            if (limit - pos > DecoderLimits.INLINE_MAX) {
                throw new ProtocolException("too big bulk count string");
            }
            return -1;
        }
        if (buf[pos] != '$') {
            throw new ProtocolException("expected '$', got '" + (char) (buf[pos] & 0xff) + "'");
        }
        long length = parseLong(buf, pos + 1, cr, "invalid bulk length");
        if (length < 0 || length > limits.maxBulkLength() || length > MAX_ARGUMENT_LENGTH) {
            throw new ProtocolException("invalid bulk length");
        }
        if (length > DecoderLimits.UNAUTHENTICATED_MAX_BULK && !limits.authenticated()) {
            throw new ProtocolException("unauthenticated bulk length");
        }
        bulkLength = length;
        bulkFilled = 0;
        bulk = length <= EXACT_ALLOCATION_LIMIT ? new byte[(int) length] : null;
        state = State.BULK_BODY;
        return cr + 2;
    }

    private int bulkBody(byte[] buf, int pos, int limit) {
        int available = limit - pos;
        int wanted = (int) (bulkLength - bulkFilled);
        int take = Math.min(wanted, available);
        ensureBulkCapacity(bulkFilled + take);
        System.arraycopy(buf, pos, bulk, bulkFilled, take);
        bulkFilled += take;
        if (bulkFilled == bulkLength) {
            // Like Redis, the two bytes after the payload are skipped without being inspected.
            trailerToSkip = 2;
            state = State.BULK_TRAILER;
        }
        return pos + take;
    }

    /** Grows a large argument's buffer only as far as bytes have really arrived. */
    private void ensureBulkCapacity(int needed) {
        if (bulk == null) {
            bulk = new byte[(int) Math.min(bulkLength, Math.max(needed, EXACT_ALLOCATION_LIMIT))];
        } else if (bulk.length < needed) {
            long grown = Math.max(needed, (long) bulk.length * 2);
            bulk = Arrays.copyOf(bulk, (int) Math.min(bulkLength, grown));
        }
    }

    private void completeArgument(CommandSink sink) {
        byte[] arg = bulk.length == bulkFilled ? bulk : Arrays.copyOf(bulk, bulkFilled);
        bulk = null;
        if (argc == argv.length) {
            argv = Arrays.copyOf(argv, (int) Math.min(argsExpected, (long) argv.length * 2));
        }
        argv[argc++] = arg;
        if (argc == argsExpected) {
            byte[][] command = argv;
            argv = null;
            state = State.COMMAND_START;
            sink.onCommand(command);
            paused = pauseAfterCommand;
        } else {
            state = State.BULK_HEADER;
        }
    }

    private int inline(byte[] buf, int pos, int limit, CommandSink sink) throws ProtocolException {
        int newline = indexOf(buf, Math.max(pos, scanFrom), limit, (byte) '\n');
        if (newline < 0) {
            if (limit - pos > DecoderLimits.INLINE_MAX) {
                throw new ProtocolException("too big inline request");
            }
            return -1;
        }
        int end = newline > pos && buf[newline - 1] == '\r' ? newline - 1 : newline;
        byte[][] args = InlineSplitter.split(buf, pos, end);
        if (args == null) {
            throw new ProtocolException("unbalanced quotes in request");
        }
        if (args.length > 0) {
            sink.onCommand(args);
            paused = pauseAfterCommand;
        }
        return newline + 1;
    }

    /**
     * Keeps the incomplete line {@code buf[pos, pos + length)}, all of which has been searched for
     * its end; only a '\r' in its last byte may still turn out to end a header.
     */
    private void keep(byte[] buf, int pos, int length) {
        if (buf == carry && carry.length <= Math.max(4L * length, MIN_CARRY)) {
            if (pos > 0) {
                System.arraycopy(carry, pos, carry, 0, length); // overlapping copies are safe
            }
        } else {
            // From the caller's buffer, or out of a carry that a large read made oversized.
            byte[] kept = buf != carry && carry.length >= length ? carry : new byte[Math.max(length, MIN_CARRY)];
            System.arraycopy(buf, pos, kept, 0, length);
            carry = kept;
        }
        carryLength = length;
        carryScanned = length - 1;
    }

    private static int indexOf(byte[] buf, int from, int limit, byte b) {
        for (int i = from; i < limit; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Parses a signed decimal as Redis's string2ll does (no sign other than a leading '-', no
     * leading zeros, no spaces, the whole long range including Long.MIN_VALUE).
     *
     * @throws ProtocolException with {@code error} as its message when the text is not such a number
     */
    static long parseLong(byte[] buf, int from, int to, String error) throws ProtocolException {
        int length = to - from;
        if (length <= 0 || length > 20) {
            throw new ProtocolException(error);
        }
        if (length == 1 && buf[from] == '0') {
            return 0;
        }
        boolean negative = buf[from] == '-';
        int i = negative ? from + 1 : from;
        if (i == to || buf[i] < '1' || buf[i] > '9') {
            throw new ProtocolException(error);
        }
        // Accumulated as a negative number, whose range includes Long.MIN_VALUE.
        long value = 0;
        for (; i < to; i++) {
            int digit = buf[i] - '0';
            if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
                throw new ProtocolException(error);
            }
            value = value * 10 - digit;
        }
        if (negative) {
            return value;
        }
        if (value == Long.MIN_VALUE) {
            throw new ProtocolException(error);
        }
        return -value;
    }
}
