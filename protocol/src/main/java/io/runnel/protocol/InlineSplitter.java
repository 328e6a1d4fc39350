package io.runnel.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into arguments with the quoting rules redis-cli users rely on:
 * whitespace separates arguments; "double quotes" understand \n \r \t \b \a \\ \" and \xHH;
 * 'single quotes' understand \'; a closing quote must be followed by whitespace or the end.
 */
public final class InlineSplitter {

    private InlineSplitter() {
    }

    /** Returns the arguments of {@code buf[from, to)}, or null when the quotes are unbalanced. */
    public static byte[][] split(byte[] buf, int from, int to) {
        List<byte[]> args = new ArrayList<>();
        int p = from;
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        while (true) {
            while (p < to && isSpace(buf[p])) {
                p++;
            }
            if (p >= to) {
                return args.toArray(new byte[0][]);
            }
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            current.reset();
            while (!done) {
                if (inDouble) {
                    if (p >= to) {
                        return null;
                    }
                    byte c = buf[p];
                    if (c == '\\' && p + 3 < to && buf[p + 1] == 'x' && isHex(buf[p + 2]) && isHex(buf[p + 3])) {
                        current.write((hex(buf[p + 2]) << 4) | hex(buf[p + 3]));
                        p += 3;
                    } else if (c == '\\' && p + 1 < to) {
                        p++;
                        current.write(unescape(buf[p]));
                    } else if (c == '"') {
                        if (p + 1 < to && !isSpace(buf[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else if (inSingle) {
                    if (p >= to) {
                        return null;
                    }
                    byte c = buf[p];
                    if (c == '\\' && p + 1 < to && buf[p + 1] == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (p + 1 < to && !isSpace(buf[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else {
                    if (p >= to) {
                        done = true;
                        continue;
                    }
                    byte c = buf[p];
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> current.write(c);
                    }
                }
                if (p < to) {
                    p++;
                }
            }
            args.add(current.toByteArray());
        }
    }

    private static byte unescape(byte c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> c;
        };
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return (c | 0x20) - 'a' + 10;
    }
}
