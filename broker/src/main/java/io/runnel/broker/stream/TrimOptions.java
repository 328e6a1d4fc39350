package io.runnel.broker.stream;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.Errors;
import io.runnel.broker.keyspace.Numbers;

/**
 * The options XADD and XTRIM share (MAXLEN / MINID with "=" or "~", LIMIT) and, for XADD,
 * NOMKSTREAM and the ID that ends the options. Parsed in one place with Redis's rules and texts.
 */
final class TrimOptions {

    /** Without LIMIT, an approximate trim removes at most this many entries (100 nodes' worth). */
    private static final long DEFAULT_APPROXIMATE_LIMIT = 100L * StreamValue.NODE_MAX_ENTRIES;

    boolean byMaxLen;
    boolean byMinId;
    long maxLen;
    StreamId minId = StreamId.MIN;
    boolean approximate;
    long limit;
    boolean noMakeStream;
    ReferencePolicy policy;
    /** XADD IDMP / IDMPAUTO: the producer, and the idempotent ID (null for IDMPAUTO). */
    byte[] idmpProducer;
    byte[] idmpId;
    boolean idmpAuto;
    /** XADD's ID; null for "*". */
    StreamId id;
    boolean sequenceGiven = true;

    boolean trims() {
        return byMaxLen || byMinId;
    }

    /**
     * Reads options from the cursor position. For XADD it stops after the ID ("*" or explicit)
     * and leaves the cursor on the first field.
     */
    static TrimOptions parse(Args args, boolean xadd) {
        TrimOptions options = new TrimOptions();
        boolean limitGiven = false;
        boolean idSeen = false;
        while (args.hasNext()) {
            byte[] option = args.next();
            boolean more = args.hasNext();
            if (xadd && option.length == 1 && option[0] == '*') {
                idSeen = true;
                break;
            } else if (Args.is(option, "MAXLEN") && more) {
                options.checkOneStrategy();
                options.readApproximation(args);
                Long value = Numbers.parseLongStrict(args.next());
                if (value == null) {
                    throw Errors.notInteger();
                }
                if (value < 0) {
                    throw new CommandError("ERR The MAXLEN argument must be >= 0.");
                }
                options.maxLen = value;
                options.byMaxLen = true;
            } else if (Args.is(option, "MINID") && more) {
                options.checkOneStrategy();
                options.readApproximation(args);
                options.minId = StreamId.parseStrict(args.next(), 0);
                options.byMinId = true;
            } else if (Args.is(option, "LIMIT") && more) {
                Long value = Numbers.parseLongStrict(args.next());
                if (value == null) {
                    throw Errors.notInteger();
                }
                if (value < 0) {
                    throw new CommandError("ERR The LIMIT argument must be >= 0.");
                }
                options.limit = value;
                limitGiven = true;
            } else if (options.policy == null && (Args.is(option, "KEEPREF") || Args.is(option, "DELREF")
                    || Args.is(option, "ACKED"))) {
                options.policy = Args.is(option, "KEEPREF") ? ReferencePolicy.KEEPREF
                        : Args.is(option, "DELREF") ? ReferencePolicy.DELREF : ReferencePolicy.ACKED;
            } else if (xadd && Args.is(option, "IDMP") && args.remaining() >= 2) {
                options.checkOneIdempotency();
                options.idmpProducer = args.next();
                options.idmpId = args.next();
                if (options.idmpProducer.length == 0) {
                    throw new CommandError("ERR IDMP requires a non-empty producer ID");
                }
                if (options.idmpId.length == 0) {
                    throw new CommandError("ERR IDMP requires a non-empty idempotent ID");
                }
            } else if (xadd && Args.is(option, "IDMPAUTO") && more) {
                options.checkOneIdempotency();
                options.idmpProducer = args.next();
                options.idmpAuto = true;
                if (options.idmpProducer.length == 0) {
                    throw new CommandError("ERR IDMPAUTO requires a non-empty producer ID");
                }
            } else if (xadd && Args.is(option, "NOMKSTREAM")) {
                options.noMakeStream = true;
            } else if (xadd) {
                StreamId.Parsed parsed = StreamId.parse(option, 0, true, true);
                options.id = parsed.id();
                options.sequenceGiven = parsed.sequenceGiven();
                idSeen = true;
                break;
            } else {
                throw Errors.syntax();
            }
        }
        if (xadd && !idSeen) {
            // no ID before the arguments ran out: XADD's arity check reports it
            throw Errors.wrongArity("xadd");
        }
        if (options.idmpProducer != null && options.id != null) {
            throw new CommandError("ERR IDMP/IDMPAUTO can be used only with auto-generated IDs");
        }
        if (options.limit != 0 && !options.trims()) {
            throw new CommandError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && !options.trims()) {
            throw new CommandError("ERR syntax error, XTRIM must be called with a trimming strategy");
        }
        if (options.policy == null) {
            options.policy = ReferencePolicy.KEEPREF;
        }
        if (limitGiven) {
            if (!options.approximate) {
                throw new CommandError("ERR syntax error, LIMIT cannot be used without the special ~ option");
            }
        } else {
            options.limit = options.approximate ? DEFAULT_APPROXIMATE_LIMIT : 0;
        }
        return options;
    }

    private void checkOneIdempotency() {
        if (idmpProducer != null) {
            throw new CommandError("ERR IDMP/IDMPAUTO specified multiple times");
        }
    }

    private void checkOneStrategy() {
        if (trims()) {
            throw new CommandError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
        }
    }

    /** An optional "~" or "=" before the threshold, when a threshold follows it. */
    private void readApproximation(Args args) {
        approximate = false;
        byte[] next = args.peek();
        if (args.remaining() >= 2 && next.length == 1 && (next[0] == '~' || next[0] == '=')) {
            approximate = next[0] == '~';
            args.next();
        }
    }
}
