package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.Errors;

/**
 * The options SET and GETEX share: SET's NX/XX condition, GET and KEEPTTL, GETEX's PERSIST,
 * and one expiry (EX, PX, EXAT or PXAT with its amount). Redis's rules: an option may be
 * repeated (for an expiry the last amount wins), an option that contradicts one given earlier
 * is a syntax error, and the amount is validated only once every option has been read.
 */
final class SetOptions {

    enum For { SET, GETEX }

    boolean nx;
    boolean xx;
    boolean get;
    boolean keepTtl;
    boolean persist;
    /** The expiry option given, or null. */
    Expiry.Kind expiry;
    byte[] expiryAmount;

    private SetOptions() {
    }

    static SetOptions parse(Args args, For command) {
        SetOptions options = new SetOptions();
        boolean set = command == For.SET;
        while (args.hasNext()) {
            byte[] word = args.next();
            Expiry.Kind kind = Expiry.Kind.of(word);
            if (kind != null) {
                boolean compatible = !options.keepTtl && !options.persist
                        && (options.expiry == null || options.expiry == kind);
                if (!compatible || !args.hasNext()) {
                    throw Errors.syntax();
                }
                options.expiry = kind;
                options.expiryAmount = args.next();
            } else if (set && Args.is(word, "NX") && !options.xx) {
                options.nx = true;
            } else if (set && Args.is(word, "XX") && !options.nx) {
                options.xx = true;
            } else if (set && Args.is(word, "GET")) {
                options.get = true;
            } else if (set && Args.is(word, "KEEPTTL") && options.expiry == null) {
                options.keepTtl = true;
            } else if (!set && Args.is(word, "PERSIST") && options.expiry == null) {
                options.persist = true;
            } else {
                throw Errors.syntax();
            }
        }
        return options;
    }

    /** The absolute expiry the options ask for, validated; only when {@link #expiry} is set. */
    long expireAt(long now, String command) {
        return expiry.absoluteMillis(expiryAmount, now, command);
    }
}
