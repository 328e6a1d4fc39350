package io.runnel.broker.command;

import io.runnel.broker.keyspace.Numbers;

import java.nio.charset.StandardCharsets;

/**
 * The one argument parser every command family uses: a cursor over a command's arguments with
 * typed readers that fail with Redis's error texts. Keywords compare case-insensitively without
 * allocating.
 */
public final class Args {

    private final byte[][] argv;
    private int position;

    public Args(byte[][] argv, int start) {
        this.argv = argv;
        this.position = start;
    }

    public byte[][] argv() {
        return argv;
    }

    /** The number of arguments including the command name. */
    public int count() {
        return argv.length;
    }

    public byte[] get(int index) {
        return argv[index];
    }

    public int position() {
        return position;
    }

    public void position(int index) {
        this.position = index;
    }

    public boolean hasNext() {
        return position < argv.length;
    }

    public int remaining() {
        return argv.length - position;
    }

    public byte[] next() {
        if (position >= argv.length) {
            throw Errors.syntax();
        }
        return argv[position++];
    }

    public byte[] peek() {
        return position < argv.length ? argv[position] : null;
    }

    /** Consumes the next argument if it is {@code keyword} (any case). */
    public boolean nextIs(String keyword) {
        if (position < argv.length && is(argv[position], keyword)) {
            position++;
            return true;
        }
        return false;
    }

    public String nextString() {
        return new String(next(), StandardCharsets.UTF_8);
    }

    public long nextLong() {
        return parseLong(next());
    }

    public long nextLong(String errorReply) {
        Long value = Numbers.parseLongStrict(next());
        if (value == null) {
            throw new CommandError(errorReply);
        }
        return value;
    }

    /**
     * The key count of a command that takes "numkeys key [key ...]" (SINTERCARD, LMPOP, ZINTERCARD,
     * ...): a positive integer, "numkeys should be greater than 0" otherwise. Whether the
     * arguments hold that many keys each command checks, as Redis words it differently per command.
     */
    public long nextKeyCount() {
        return nextLongIn(1, Long.MAX_VALUE, "ERR numkeys should be greater than 0");
    }

    /** An integer within [min, max]; {@code errorReply} both for a non-integer and one out of range. */
    public long nextLongIn(long min, long max, String errorReply) {
        Long parsed = Numbers.parseLongStrict(next());
        if (parsed == null || parsed < min || parsed > max) {
            throw new CommandError(errorReply);
        }
        return parsed;
    }

    /** The next {@code count} arguments (the caller has checked that many remain). */
    public byte[][] nextKeys(int count) {
        byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            keys[i] = next();
        }
        return keys;
    }

    public int nextInt() {
        long value = nextLong();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw Errors.notInteger();
        }
        return (int) value;
    }

    public double nextDouble() {
        Double value = Numbers.parseDouble(next());
        if (value == null) {
            throw new CommandError(Errors.NOT_FLOAT);
        }
        return value;
    }

    public static long parseLong(byte[] text) {
        Long value = Numbers.parseLongStrict(text);
        if (value == null) {
            throw Errors.notInteger();
        }
        return value;
    }

    /** ASCII case-insensitive comparison of an argument with a keyword. */
    public static boolean is(byte[] arg, String keyword) {
        if (arg.length != keyword.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int a = arg[i];
            int b = keyword.charAt(i);
            if (a != b && (a | 0x20) != (b | 0x20)) {
                return false;
            }
            if (a != b && !Character.isLetter(b)) {
                return false;
            }
        }
        return true;
    }

    public static String text(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }

    /** At most {@code max} bytes of an argument as text, as Redis's "%.128s" in error replies. */
    public static String truncated(byte[] arg, int max) {
        return new String(arg, 0, Math.min(arg.length, max), StandardCharsets.UTF_8);
    }
}
