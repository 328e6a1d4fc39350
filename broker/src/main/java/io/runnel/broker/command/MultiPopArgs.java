package io.runnel.broker.command;

/**
 * The arguments LMPOP, ZMPOP and their blocking forms share after the timeout: numkeys, the
 * keys, the side to pop from (LEFT/RIGHT, MIN/MAX) and an optional COUNT.
 *
 * @param firstSide true for the first of the two side words (LEFT, MIN)
 */
public record MultiPopArgs(byte[][] keys, boolean firstSide, long count) {

    public static MultiPopArgs parse(Args args, String firstWord, String secondWord) {
        long numKeys = args.nextKeyCount();
        if (numKeys >= args.remaining()) {
            throw Errors.syntax();
        }
        byte[][] keys = args.nextKeys((int) numKeys);
        boolean first;
        if (args.nextIs(firstWord)) {
            first = true;
        } else if (args.nextIs(secondWord)) {
            first = false;
        } else {
            throw Errors.syntax();
        }
        long count = 1;
        if (args.hasNext()) {
            if (!args.nextIs("COUNT") || !args.hasNext()) {
                throw Errors.syntax();
            }
            count = args.nextLongIn(1, Long.MAX_VALUE, "ERR count should be greater than 0");
            if (args.hasNext()) {
                throw Errors.syntax();
            }
        }
        return new MultiPopArgs(keys, first, count);
    }
}
