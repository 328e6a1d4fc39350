package io.runnel.broker.commands;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.Errors;
import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * LCS: the longest common subsequence of two strings by dynamic programming, with the match
 * ranges reported from the end of the strings backwards, as Redis reports them.
 */
final class Lcs {

    /** Cells of the DP table we are willing to allocate (4 bytes each). */
    private static final long MAX_CELLS = 256L * 1024 * 1024;

    private Lcs() {
    }

    static void execute(CommandContext ctx, Args args, RespWriter out) {
        Entry first = ctx.read(args.next());
        Entry second = ctx.read(args.next());
        if ((first != null && !(first.value() instanceof StringValue))
                || (second != null && !(second.value() instanceof StringValue))) {
            throw new CommandError("ERR The specified keys must contain string values");
        }
        boolean idx = false;
        boolean len = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        while (args.hasNext()) {
            byte[] option = args.next();
            if (Args.is(option, "IDX")) {
                idx = true;
            } else if (Args.is(option, "LEN")) {
                len = true;
            } else if (Args.is(option, "WITHMATCHLEN")) {
                withMatchLen = true;
            } else if (Args.is(option, "MINMATCHLEN") && args.hasNext()) {
                minMatchLen = Math.max(0, args.nextLong());
            } else {
                throw Errors.syntax();
            }
        }
        if (idx && len) {
            throw new CommandError("ERR If you want both the length and indexes, please just use IDX.");
        }
        byte[] a = first == null ? new byte[0] : ((StringValue) first.value()).bytes();
        byte[] b = second == null ? new byte[0] : ((StringValue) second.value()).bytes();
        int alen = a.length;
        int blen = b.length;
        if ((long) (alen + 1) * (blen + 1) > MAX_CELLS) {
            throw new CommandError("ERR Insufficient memory, transient memory for LCS exceeds available memory");
        }
        int width = blen + 1;
        int[] dp = new int[(alen + 1) * width];
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                dp[i * width + j] = a[i - 1] == b[j - 1]
                        ? dp[(i - 1) * width + j - 1] + 1
                        : Math.max(dp[(i - 1) * width + j], dp[i * width + j - 1]);
            }
        }
        int total = dp[alen * width + blen];
        if (len) {
            out.integer(total);
            return;
        }
        byte[] result = new byte[total];
        List<long[]> matches = new ArrayList<>();
        int remaining = total;
        int aStart = alen;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int i = alen;
        int j = blen;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[remaining - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                remaining--;
                i--;
                j--;
            } else {
                if (dp[(i - 1) * width + j] > dp[i * width + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != alen) {
                    emit = true;
                }
            }
            if (emit) {
                long matchLen = aEnd - aStart + 1L;
                if (minMatchLen == 0 || matchLen >= minMatchLen) {
                    matches.add(new long[] {aStart, aEnd, bStart, bEnd, matchLen});
                }
                aStart = alen;
            }
        }
        if (!idx) {
            out.bulk(result);
            return;
        }
        out.map(2);
        out.bulk("matches");
        out.array(matches.size());
        for (long[] m : matches) {
            out.array(withMatchLen ? 3 : 2);
            out.array(2).integer(m[0]).integer(m[1]);
            out.array(2).integer(m[2]).integer(m[3]);
            if (withMatchLen) {
                out.integer(m[4]);
            }
        }
        out.bulk("len");
        out.integer(total);
    }
}
