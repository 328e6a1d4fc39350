package io.runnel.broker.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.runnel.protocol.RespDoubles;

/**
 * Rewrites a reply of the reference redis-server (7.0), which prints doubles with "%.17g", into
 * what Redis 7.2 sends: each bulk string or RESP3 double that is exactly the "%.17g" text of a
 * double becomes that double's 7.2 text ("0.10000000000000001" becomes "0.1", "1e+17" becomes
 * "100000000000000000"). Everything else is copied unchanged, so replies without such numbers
 * compare byte for byte as before. Only replies of the commands that print doubles that way are
 * rewritten ({@link #printsScores}): GEOPOS, INCRBYFLOAT and friends keep their long-double
 * "%.17Lg" texts in 7.2 too.
 */
public final class Redis72Doubles {

    private static final Pattern PRINTF_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?(e[-+][0-9]+)?");

    private final byte[] in;
    private int pos;
    private final ByteArrayOutputStream out;

    private Redis72Doubles(byte[] in) {
        this.in = in;
        this.out = new ByteArrayOutputStream(in.length);
    }

    /** Commands whose replies carry doubles that 7.2 prints in its own form (scripts and EXEC may relay them). */
    private static final java.util.Set<String> SCORE_COMMANDS = java.util.Set.of(
            "ZSCORE", "ZMSCORE", "ZINCRBY", "ZADD", "ZRANGE", "ZREVRANGE", "ZRANGEBYSCORE", "ZREVRANGEBYSCORE",
            "ZPOPMIN", "ZPOPMAX", "BZPOPMIN", "BZPOPMAX", "ZMPOP", "BZMPOP", "ZRANDMEMBER", "ZUNION", "ZINTER",
            "ZDIFF", "ZRANK", "ZREVRANK", "ZSCAN", "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO",
            "EXEC");

    public static boolean printsScores(byte[] commandName) {
        return SCORE_COMMANDS.contains(new String(commandName, StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT));
    }

    public static byte[] translate(byte[] reply) {
        if (reply == null || reply.length == 0) {
            return reply;
        }
        Redis72Doubles walker = new Redis72Doubles(reply);
        try {
            while (walker.pos < reply.length) {
                walker.node();
            }
            return walker.out.toByteArray();
        } catch (RuntimeException unparsable) {
            return reply;
        }
    }

    /** The 7.2 text of a number printed with "%.17g", or null when the text is not one. */
    static String rewrite(String text) {
        if (text.length() < 2 || !PRINTF_NUMBER.matcher(text).matches()) {
            return null;
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value) || !Printf17g.format17g(value).equals(text)) {
            return null;
        }
        String modern = RespDoubles.format(value);
        return modern.equals(text) ? null : modern;
    }

    private void node() {
        byte type = in[pos];
        int lineEnd = lineEnd(pos);
        String header = new String(in, pos + 1, lineEnd - pos - 1, StandardCharsets.US_ASCII);
        switch (type) {
            case '$', '=' -> {
                long length = Long.parseLong(header);
                if (length < 0) {
                    copy(pos, lineEnd + 2);
                    return;
                }
                int payloadStart = lineEnd + 2;
                int payloadEnd = payloadStart + (int) length;
                String payload = type == '$' ? new String(in, payloadStart, (int) length, StandardCharsets.ISO_8859_1) : null;
                String replaced = payload == null ? null : rewrite(payload);
                if (replaced == null) {
                    copy(pos, payloadEnd + 2);
                } else {
                    out.writeBytes(("$" + replaced.length() + "\r\n" + replaced + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    pos = payloadEnd + 2;
                }
            }
            case ',' -> {
                String replaced = rewrite(header);
                if (replaced == null) {
                    copy(pos, lineEnd + 2);
                } else {
                    out.writeBytes(("," + replaced + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    pos = lineEnd + 2;
                }
            }
            case '*', '~', '>', '%', '|' -> {
                long count = Long.parseLong(header);
                copy(pos, lineEnd + 2);
                long children = type == '%' || type == '|' ? count * 2 : Math.max(count, 0);
                for (long i = 0; i < children; i++) {
                    node();
                }
                if (type == '|') {
                    node();
                }
            }
            default -> copy(pos, lineEnd + 2);
        }
    }

    private int lineEnd(int from) {
        for (int i = from; i + 1 < in.length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("no line end");
    }

    private void copy(int from, int to) {
        out.write(in, from, to - from);
        pos = to;
    }
}
