package io.runnel.broker.command;

/** Error replies shared by many commands, worded exactly as Redis words them. */
public final class Errors {

    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String WRONG_TYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String DB_INDEX = "ERR DB index is out of range";
    public static final String OFFSET_RANGE = "ERR offset is out of range";
    public static final String NOT_POSITIVE_TIMEOUT = "ERR timeout is not an integer or out of range";

    private Errors() {
    }

    public static CommandError syntax() {
        return new CommandError(SYNTAX);
    }

    public static CommandError notInteger() {
        return new CommandError(NOT_INTEGER);
    }

    public static CommandError wrongType() {
        return new CommandError(WRONG_TYPE);
    }

    public static CommandError wrongArity(String fullName) {
        return new CommandError("ERR wrong number of arguments for '" + fullName + "' command");
    }

    /** A known subcommand called with arguments it does not take. */
    public static CommandError subcommandSyntax(byte[] subcommand, String container) {
        return new CommandError("ERR unknown subcommand or wrong number of arguments for '" + Args.truncated(subcommand, 128)
                + "'. Try " + container.toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    public static CommandError unknownSubcommand(byte[] subcommand, String container) {
        return new CommandError("ERR unknown subcommand '" + Args.truncated(subcommand, 128) + "'. Try "
                + container.toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }
}
