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
        // Redis sizes its table as (alen+1)*(blen+1) four-byte cells and refuses one larger than
        // proto-max-bulk-len; the same limit applies here, though this table is far smaller
        long cells = (long) (alen + 1) * (blen + 1);
        if (cells > ctx.server().config().getLong("proto-max-bulk-len") / 4) {
            throw new CommandError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        Table table = Table.build(a, b, !len);
        int total = table.length;
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
                if (table.upIsLonger(i, j)) {
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

    /**
     * The dynamic programming table, kept as the walk back needs it: where the strings differ
     * at (i, j), one bit telling whether LCS(i-1, j) is longer than LCS(i, j-1), the choice the
     * walk makes there. Rows of lengths are kept two at a time. So a table that would take
     * Redis 4 bytes a cell takes 1 bit, and LEN alone takes no bits at all.
     */
    private static final class Table {
        final int length;
        private final long[] upLonger;
        private final int blen;

        private Table(int length, long[] upLonger, int blen) {
            this.length = length;
            this.upLonger = upLonger;
            this.blen = blen;
        }

        static Table build(byte[] a, byte[] b, boolean withChoices) {
            int alen = a.length;
            int blen = b.length;
            long bits = (long) alen * blen;
            long[] upLonger = null;
            if (withChoices) {
                if ((bits + 63) / 64 > Integer.MAX_VALUE - 8) {
                    throw failedAllocating();
                }
                try {
                    upLonger = new long[(int) ((bits + 63) / 64)];
                } catch (OutOfMemoryError e) {
                    throw failedAllocating();
                }
            }
            int[] previous = new int[blen + 1];
            int[] current = new int[blen + 1];
            for (int i = 1; i <= alen; i++) {
                byte ai = a[i - 1];
                long rowBase = (long) (i - 1) * blen - 1;
                for (int j = 1; j <= blen; j++) {
                    if (ai == b[j - 1]) {
                        current[j] = previous[j - 1] + 1;
                    } else if (previous[j] > current[j - 1]) {
                        current[j] = previous[j];
                        if (upLonger != null) {
                            long bit = rowBase + j;
                            upLonger[(int) (bit >>> 6)] |= 1L << bit;
                        }
                    } else {
                        current[j] = current[j - 1];
                    }
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return new Table(previous[blen], upLonger, blen);
        }

        /** At a cell where the strings differ: whether LCS(i-1, j) > LCS(i, j-1). */
        boolean upIsLonger(int i, int j) {
            long bit = (long) (i - 1) * blen + (j - 1);
            return (upLonger[(int) (bit >>> 6)] & (1L << bit)) != 0;
        }

        private static CommandError failedAllocating() {
            return new CommandError("ERR Insufficient memory, failed allocating transient memory for LCS");
        }
    }
}
