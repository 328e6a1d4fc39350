package io.runnel.broker.zset;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A small sorted set in one byte array, as Redis's listpack encoding: entries in order, each a
 * length prefix (one byte below 128, else four), the member, and the score's eight bytes.
 * Operations walk the array; the form is only used up to zset-max-listpack-entries members.
 */
final class PackedEntries implements SortedEntries {

    private static final byte[] EMPTY = new byte[0];

    private byte[] packed = EMPTY;
    private int size;

    @Override
    public int size() {
        return size;
    }

    /** The offset after the entry at {@code at}. */
    private int skip(int at) {
        return memberStart(at) + memberLength(at) + 8;
    }

    private int memberLength(int at) {
        int first = packed[at];
        if (first >= 0) {
            return first;
        }
        return ((first & 0x7F) << 24) | ((packed[at + 1] & 0xFF) << 16) | ((packed[at + 2] & 0xFF) << 8) | (packed[at + 3] & 0xFF);
    }

    private int memberStart(int at) {
        return at + (packed[at] >= 0 ? 1 : 4);
    }

    private byte[] member(int at) {
        int start = memberStart(at);
        return Arrays.copyOfRange(packed, start, start + memberLength(at));
    }

    private double scoreAt(int at) {
        int p = memberStart(at) + memberLength(at);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (packed[p + i] & 0xFF);
        }
        return Double.longBitsToDouble(bits);
    }

    private boolean memberIs(int at, byte[] member) {
        int start = memberStart(at);
        return Arrays.equals(packed, start, start + memberLength(at), member, 0, member.length);
    }

    /** The offset of {@code member}'s entry, or -1. */
    private int find(byte[] member) {
        for (int at = 0; at < packed.length; at = skip(at)) {
            if (memberIs(at, member)) {
                return at;
            }
        }
        return -1;
    }

    /** The offsets of every entry, in order. */
    private int[] offsets() {
        int[] offsets = new int[size];
        int at = 0;
        for (int i = 0; i < size; i++) {
            offsets[i] = at;
            at = skip(at);
        }
        return offsets;
    }

    @Override
    public double score(byte[] member) {
        int at = find(member);
        return at < 0 ? Double.NaN : scoreAt(at);
    }

    @Override
    public boolean put(byte[] member, double score) {
        int existing = find(member);
        if (existing >= 0) {
            if (scoreAt(existing) == score) {
                return false;
            }
            cut(existing);
        }
        int at = 0;
        while (at < packed.length) {
            int start = memberStart(at);
            double other = scoreAt(at);
            if (other > score || (other == score
                    && Arrays.compareUnsigned(packed, start, start + memberLength(at), member, 0, member.length) > 0)) {
                break;
            }
            at = skip(at);
        }
        int prefix = member.length < 128 ? 1 : 4;
        byte[] grown = new byte[packed.length + prefix + member.length + 8];
        System.arraycopy(packed, 0, grown, 0, at);
        int p = at;
        if (prefix == 1) {
            grown[p++] = (byte) member.length;
        } else {
            grown[p++] = (byte) ((member.length >>> 24) | 0x80);
            grown[p++] = (byte) (member.length >>> 16);
            grown[p++] = (byte) (member.length >>> 8);
            grown[p++] = (byte) member.length;
        }
        System.arraycopy(member, 0, grown, p, member.length);
        p += member.length;
        long bits = Double.doubleToRawLongBits(score);
        for (int i = 7; i >= 0; i--) {
            grown[p++] = (byte) (bits >>> (i * 8));
        }
        System.arraycopy(packed, at, grown, p, packed.length - at);
        packed = grown;
        size++;
        return existing < 0;
    }

    /** Removes the entry at {@code at}. */
    private void cut(int at) {
        int end = skip(at);
        byte[] shrunk = new byte[packed.length - (end - at)];
        System.arraycopy(packed, 0, shrunk, 0, at);
        System.arraycopy(packed, end, shrunk, at, packed.length - end);
        packed = shrunk;
        size--;
    }

    @Override
    public boolean remove(byte[] member) {
        int at = find(member);
        if (at < 0) {
            return false;
        }
        cut(at);
        return true;
    }

    @Override
    public long rank(byte[] member) {
        long rank = 0;
        for (int at = 0; at < packed.length; at = skip(at), rank++) {
            if (memberIs(at, member)) {
                return rank;
            }
        }
        return -1;
    }

    @Override
    public int countBefore(Before before) {
        int count = 0;
        for (int at = 0; at < packed.length && before.test(member(at), scoreAt(at)); at = skip(at)) {
            count++;
        }
        return count;
    }

    @Override
    public void walk(int from, boolean reverse, Visitor visitor) {
        if (from < 0 || from >= size) {
            return;
        }
        if (!reverse) {
            int at = 0;
            for (int i = 0; i < from; i++) {
                at = skip(at);
            }
            for (; at < packed.length; at = skip(at)) {
                if (!visitor.visit(member(at), scoreAt(at))) {
                    return;
                }
            }
            return;
        }
        int[] offsets = offsets();
        for (int i = from; i >= 0; i--) {
            if (!visitor.visit(member(offsets[i]), scoreAt(offsets[i]))) {
                return;
            }
        }
    }

    /** ZSCAN of a listpack: everything at once, scores as the listpack holds them (integers plainly). */
    @Override
    public long scanStep(long cursor, BiConsumer<byte[], byte[]> visit) {
        for (int at = 0; at < packed.length; at = skip(at)) {
            visit.accept(member(at), Scores.listpackText(scoreAt(at)));
        }
        return 0;
    }

    @Override
    public Object[] random(RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        int at = offsets()[random.nextInt(size)];
        return new Object[] {member(at), scoreAt(at)};
    }

    @Override
    public PackedEntries copy() {
        PackedEntries copy = new PackedEntries();
        copy.packed = packed; // never written in place: every change makes a new array
        copy.size = size;
        return copy;
    }

}
