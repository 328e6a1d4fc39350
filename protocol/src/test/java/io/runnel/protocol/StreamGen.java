package io.runnel.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random, valid request streams together with the commands a correct decoder must produce. */
final class StreamGen {

    private static final String BARE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:.-+{}[]$#@!";

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<List<String>> expected = new ArrayList<>();
    private final Random random;
    private final boolean allowLarge;

    StreamGen(Random random, boolean allowLarge) {
        this.random = random;
        this.allowLarge = allowLarge;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    StreamGen commands(int count) {
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(20);
            if (kind < 11) {
                multibulk();
            } else if (kind < 17) {
                inline();
            } else if (kind == 17) {
                write(random.nextBoolean() ? "\r\n" : "\n"); // empty inline line
            } else if (kind == 18) {
                write(random.nextBoolean() ? " \t  \r\n" : "\t\n"); // blank inline line
            } else {
                write(random.nextBoolean() ? "*0\r\n" : "*-1\r\n"); // empty multibulk
            }
        }
        return this;
    }

    void multibulk() {
        int argc = 1 + random.nextInt(8);
        List<String> command = new ArrayList<>();
        write("*" + argc + "\r\n");
        for (int i = 0; i < argc; i++) {
            int length;
            int r = random.nextInt(100);
            if (allowLarge && r == 0) {
                length = 64 * 1024 + random.nextInt(80_000); // past the exact-allocation limit
            } else if (r < 10) {
                length = 0;
            } else {
                length = random.nextInt(40);
            }
            byte[] arg = new byte[length];
            random.nextBytes(arg);
            if (length > 1 && random.nextInt(4) == 0) {
                int at = random.nextInt(length - 1);
                arg[at] = '\r';
                arg[at + 1] = '\n';
            }
            write("$" + length + "\r\n");
            out.writeBytes(arg);
            write("\r\n");
            command.add(new String(arg, ISO_8859_1));
        }
        expected.add(command);
    }

    void inline() {
        int argc = 1 + random.nextInt(5);
        List<String> command = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        if (random.nextInt(4) == 0) {
            line.append(spaces());
        }
        for (int i = 0; i < argc; i++) {
            if (i > 0) {
                line.append(spaces());
            }
            int style = i == 0 ? 0 : random.nextInt(3);
            StringBuilder value = new StringBuilder();
            if (style == 0) {
                int n = 1 + random.nextInt(10);
                for (int k = 0; k < n; k++) {
                    char c = BARE.charAt(random.nextInt(BARE.length()));
                    value.append(c);
                    line.append(c);
                }
            } else if (style == 1) {
                line.append('"');
                int n = random.nextInt(10);
                for (int k = 0; k < n; k++) {
                    int b = random.nextInt(256);
                    value.append((char) b);
                    if (b == '"' || b == '\\') {
                        line.append('\\').append((char) b);
                    } else if (b == '\n' && random.nextBoolean()) {
                        line.append("\\n");
                    } else if (b == 't' && random.nextBoolean()) {
                        line.append("t");
                    } else if (b >= 0x20 && b < 0x7f && b != 'x' && random.nextBoolean()) {
                        line.append((char) b);
                    } else {
                        line.append(String.format(random.nextBoolean() ? "\\x%02x" : "\\x%02X", b));
                    }
                }
                line.append('"');
            } else {
                line.append('\'');
                int n = random.nextInt(10);
                for (int k = 0; k < n; k++) {
                    int pick = random.nextInt(10);
                    if (pick == 0) {
                        value.append('\'');
                        line.append("\\'");
                    } else if (pick == 1) {
                        value.append(' ');
                        line.append(' ');
                    } else if (pick == 2) {
                        value.append('"');
                        line.append('"');
                    } else {
                        char c = BARE.charAt(random.nextInt(BARE.length()));
                        value.append(c);
                        line.append(c);
                    }
                }
                line.append('\'');
            }
            command.add(value.toString());
        }
        if (random.nextInt(4) == 0) {
            line.append(spaces());
        }
        line.append(random.nextBoolean() ? "\r\n" : "\n");
        write(line.toString());
        expected.add(command);
    }

    private String spaces() {
        StringBuilder s = new StringBuilder();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            s.append(random.nextInt(4) == 0 ? '\t' : ' ');
        }
        return s.toString();
    }

    StreamGen write(String latin1) {
        out.writeBytes(latin1.getBytes(ISO_8859_1));
        return this;
    }
}
