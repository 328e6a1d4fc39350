package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.Errors;
import io.runnel.broker.keyspace.Numbers;

/** The cursor and options of SCAN and of HSCAN, SSCAN and ZSCAN (which have no TYPE), read as Redis reads them. */
record ScanOptions(byte[] pattern, long count, byte[] type) {

    /** The cursor argument, read before the key is looked up, as Redis does. */
    static long cursor(Args args) {
        Long parsed = Numbers.parseScanCursor(args.next());
        if (parsed == null) {
            throw new CommandError("ERR invalid cursor");
        }
        return parsed;
    }

    /** MATCH, COUNT (at least 1) and, where {@code typeAllowed}, TYPE; anything else is a syntax error. */
    static ScanOptions parse(Args args, boolean typeAllowed) {
        byte[] pattern = null;
        long count = 10;
        byte[] type = null;
        while (args.hasNext()) {
            if (args.nextIs("MATCH") && args.hasNext()) {
                pattern = args.next();
            } else if (args.nextIs("COUNT") && args.hasNext()) {
                count = args.nextLong();
                if (count < 1) {
                    throw Errors.syntax();
                }
            } else if (typeAllowed && args.nextIs("TYPE") && args.hasNext()) {
                type = args.next();
            } else {
                throw Errors.syntax();
            }
        }
        return new ScanOptions(pattern, count, type);
    }
}
