package io.runnel.broker.zset;

import io.runnel.broker.keyspace.KeyHash;
import io.runnel.broker.util.ScanCursor;
import io.runnel.protocol.RespDoubles;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A large sorted set, as Redis's skiplist encoding: a skip list with spans (ranks in log time)
 * and a hash table from member to node. The table chains through the nodes themselves rather
 * than entries of its own, and a node's first level lives in fields: three quarters of the nodes
 * have only that level, so they carry no arrays at all. Both matter at a million members.
 */
final class SkipList implements SortedEntries {

    private static final int MAX_LEVEL = 32;
    private static final int MIN_BUCKETS = 4;

    private static final class Node {
        final byte[] member;
        final int hash;
        double score;
        Node backward;
        /** The next node on level 0, whose span is always 1. */
        Node next;
        /** The next node in this node's hash bucket. */
        Node chain;
        /** Levels 1 and up: forward nodes and their spans; null for a level-1 node. */
        Node[] upper;
        int[] upperSpan;

        Node(byte[] member, int hash, double score, int level) {
            this.member = member;
            this.hash = hash;
            this.score = score;
            if (level > 1) {
                upper = new Node[level - 1];
                upperSpan = new int[level - 1];
            }
        }

        Node forward(int level) {
            return level == 0 ? next : upper[level - 1];
        }

        void forward(int level, Node node) {
            if (level == 0) {
                next = node;
            } else {
                upper[level - 1] = node;
            }
        }

        int span(int level) {
            return level == 0 ? 1 : upperSpan[level - 1];
        }

        void span(int level, int span) {
            if (level > 0) {
                upperSpan[level - 1] = span;
            }
        }
    }

    private final Node header = new Node(new byte[0], 0, 0, MAX_LEVEL);
    private Node tail;
    private int level = 1;
    private int length;
    private Node[] buckets;

    SkipList(int expected) {
        buckets = new Node[Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(expected, 1)) * 2)];
    }

    @Override
    public int size() {
        return length;
    }

    // ---- the member table -----------------------------------------------------------------------

    private Node find(byte[] member) {
        int hash = KeyHash.of(member);
        for (Node n = buckets[hash & (buckets.length - 1)]; n != null; n = n.chain) {
            if (n.hash == hash && Arrays.equals(n.member, member)) {
                return n;
            }
        }
        return null;
    }

    private void hook(Node node) {
        if (length >= buckets.length) {
            rehash(buckets.length * 2);
        }
        int index = node.hash & (buckets.length - 1);
        node.chain = buckets[index];
        buckets[index] = node;
    }

    private void unhook(Node node) {
        int index = node.hash & (buckets.length - 1);
        if (buckets[index] == node) {
            buckets[index] = node.chain;
        } else {
            Node previous = buckets[index];
            while (previous.chain != node) {
                previous = previous.chain;
            }
            previous.chain = node.chain;
        }
        node.chain = null;
        if (buckets.length > MIN_BUCKETS && length * 10L < buckets.length) {
            rehash(Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(length, 1)) * 2));
        }
    }

    private void rehash(int size) {
        Node[] old = buckets;
        buckets = new Node[size];
        for (Node head : old) {
            Node n = head;
            while (n != null) {
                Node following = n.chain;
                int index = n.hash & (size - 1);
                n.chain = buckets[index];
                buckets[index] = n;
                n = following;
            }
        }
    }

    // ---- the skip list --------------------------------------------------------------------------

    private static int randomLevel() {
        int level = 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (level < MAX_LEVEL && (random.nextInt() & 0xFFFF) < 0xFFFF / 4) {
            level++;
        }
        return level;
    }

    private static boolean before(Node node, double score, byte[] member) {
        return SortedEntries.compare(node.score, node.member, score, member) < 0;
    }

    /** Links a node (not yet in the list) at its place in the order. */
    private void link(Node node) {
        Node[] update = new Node[MAX_LEVEL];
        int[] rank = new int[MAX_LEVEL];
        int nodeLevel = node.upper == null ? 1 : node.upper.length + 1;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            Node f;
            while ((f = x.forward(i)) != null && before(f, node.score, node.member)) {
                rank[i] += x.span(i);
                x = f;
            }
            update[i] = x;
        }
        if (nodeLevel > level) {
            for (int i = level; i < nodeLevel; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span(i, length);
            }
            level = nodeLevel;
        }
        for (int i = 0; i < nodeLevel; i++) {
            node.forward(i, update[i].forward(i));
            update[i].forward(i, node);
            node.span(i, update[i].span(i) - (rank[0] - rank[i]));
            update[i].span(i, rank[0] - rank[i] + 1);
        }
        for (int i = nodeLevel; i < level; i++) {
            update[i].span(i, update[i].span(i) + 1);
        }
        node.backward = update[0] == header ? null : update[0];
        if (node.next != null) {
            node.next.backward = node;
        } else {
            tail = node;
        }
        length++;
    }

    /** Unlinks a node from the list (the member table keeps it). */
    private void unlink(Node node) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = x.forward(i)) != null && f != node && before(f, node.score, node.member)) {
                x = f;
            }
            update[i] = x;
        }
        for (int i = 0; i < level; i++) {
            if (update[i].forward(i) == node) {
                update[i].span(i, update[i].span(i) + node.span(i) - 1);
                update[i].forward(i, node.forward(i));
            } else {
                update[i].span(i, update[i].span(i) - 1);
            }
        }
        if (node.next != null) {
            node.next.backward = node.backward;
        } else {
            tail = node.backward;
        }
        while (level > 1 && header.forward(level - 1) == null) {
            level--;
        }
        length--;
    }

    /** The node at 1-based {@code rank}. */
    private Node byRank(long rank) {
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = x.forward(i)) != null && traversed + x.span(i) <= rank) {
                traversed += x.span(i);
                x = f;
            }
            if (traversed == rank) {
                return x;
            }
        }
        return null;
    }

    // ---- SortedEntries --------------------------------------------------------------------------

    @Override
    public double score(byte[] member) {
        Node node = find(member);
        return node == null ? Double.NaN : node.score;
    }

    @Override
    public boolean put(byte[] member, double score) {
        Node node = find(member);
        if (node != null) {
            if (node.score != score) {
                boolean staysInPlace = (node.backward == null || node.backward.score < score)
                        && (node.next == null || node.next.score > score);
                if (staysInPlace) {
                    node.score = score;
                } else {
                    unlink(node);
                    node.score = score;
                    link(node);
                }
            }
            return false;
        }
        node = new Node(member, KeyHash.of(member), score, randomLevel());
        link(node);
        hook(node);
        return true;
    }

    @Override
    public boolean remove(byte[] member) {
        Node node = find(member);
        if (node == null) {
            return false;
        }
        unlink(node);
        unhook(node);
        return true;
    }

    @Override
    public long rank(byte[] member) {
        Node node = find(member);
        if (node == null) {
            return -1;
        }
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = x.forward(i)) != null && SortedEntries.compare(f.score, f.member, node.score, node.member) <= 0) {
                rank += x.span(i);
                x = f;
            }
            if (x == node) {
                return rank - 1;
            }
        }
        return -1;
    }

    @Override
    public int countBefore(Before test) {
        int count = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = x.forward(i)) != null && test.test(f.member, f.score)) {
                count += x.span(i);
                x = f;
            }
        }
        return count;
    }

    @Override
    public void walk(int from, boolean reverse, Visitor visitor) {
        if (from < 0 || from >= length) {
            return;
        }
        Node node = from == length - 1 ? tail : byRank(from + 1L);
        while (node != null && visitor.visit(node.member, node.score)) {
            node = reverse ? node.backward : node.next;
        }
    }

    /** ZSCAN of a skiplist shows scores as replies show them. */
    @Override
    public long scanStep(long cursor, BiConsumer<byte[], byte[]> visit) {
        long mask = buckets.length - 1;
        for (Node n = buckets[(int) (cursor & mask)]; n != null; n = n.chain) {
            visit.accept(n.member, RespDoubles.bytes(n.score));
        }
        return ScanCursor.next(cursor, mask);
    }

    @Override
    public Object[] random(RandomGenerator random) {
        if (length == 0) {
            return null;
        }
        Node head;
        do {
            head = buckets[random.nextInt(buckets.length)];
        } while (head == null);
        int chainLength = 0;
        for (Node n = head; n != null; n = n.chain) {
            chainLength++;
        }
        Node pick = head;
        for (int i = random.nextInt(chainLength); i > 0; i--) {
            pick = pick.chain;
        }
        return new Object[] {pick.member, pick.score};
    }

    @Override
    public SkipList copy() {
        SkipList copy = new SkipList(length);
        for (Node n = header.next; n != null; n = n.next) {
            copy.put(n.member, n.score);
        }
        return copy;
    }
}
