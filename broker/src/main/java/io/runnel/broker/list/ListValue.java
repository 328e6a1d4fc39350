package io.runnel.broker.list;

import io.runnel.broker.keyspace.AccessTrackedValue;

import java.util.ArrayList;
import java.util.List;

/**
 * A list, kept as Redis keeps it in a quicklist: a sequence of nodes, each holding up to 8 KB of
 * elements packed one after the other (a length before each element and the same length,
 * reversed, after it, so a node is read from either end). One array per node instead of an object
 * per element is what keeps a long list near Redis's memory. The end nodes keep spare room at
 * their outer side, so pushes and pops at either end cost no copy most of the time; a node that
 * stops being an end is trimmed to its exact size. OBJECT ENCODING answers quicklist, as Redis
 * 7.0 does for every list.
 */
public final class ListValue extends AccessTrackedValue {

    /** A node's packed bytes are at most this long (Redis's list-max-listpack-size -2), unless one element is longer. */
    static final int MAX_NODE_BYTES = 8192;

    private static final class Node {
        byte[] buf;
        int start;
        int end;
        int count;

        Node(byte[] buf, int start, int end, int count) {
            this.buf = buf;
            this.start = start;
            this.end = end;
            this.count = count;
        }

        int bytes() {
            return end - start;
        }
    }

    private final ArrayList<Node> nodes = new ArrayList<>();
    private int size;

    public int size() {
        return size;
    }

    // ---- the packed form of one element -------------------------------------------------------

    private static int prefix(int length) {
        return length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x200000 ? 3 : length < 0x10000000 ? 4 : 5;
    }

    private static int packedSize(byte[] element) {
        return 2 * prefix(element.length) + element.length;
    }

    /** Writes an element at {@code at}: its length, its bytes, its length reversed; returns the offset after it. */
    private static int write(byte[] buf, int at, byte[] element) {
        int length = element.length;
        int lengthBytes = prefix(length);
        for (int i = 0, v = length; i < lengthBytes; i++, v >>>= 7) {
            byte b = (byte) ((v & 0x7f) | (i < lengthBytes - 1 ? 0x80 : 0));
            buf[at + i] = b;
            buf[at + lengthBytes + length + lengthBytes - 1 - i] = b;
        }
        System.arraycopy(element, 0, buf, at + lengthBytes, length);
        return at + 2 * lengthBytes + length;
    }

    /** The length of the element starting at {@code at}. */
    private static int lengthAt(byte[] buf, int at) {
        int value = 0;
        int shift = 0;
        byte b;
        do {
            b = buf[at++];
            value |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return value;
    }

    /** The length of the element ending at {@code end} (read backwards). */
    private static int lengthBefore(byte[] buf, int end) {
        int value = 0;
        int shift = 0;
        byte b;
        do {
            b = buf[--end];
            value |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return value;
    }

    private static byte[] elementAt(byte[] buf, int at) {
        int length = lengthAt(buf, at);
        int from = at + prefix(length);
        return java.util.Arrays.copyOfRange(buf, from, from + length);
    }

    // ---- ends -------------------------------------------------------------------------------------

    /** Trims a node that is no longer at an end to its exact size. */
    private static void seal(Node node) {
        if (node.buf.length != node.bytes()) {
            node.buf = java.util.Arrays.copyOfRange(node.buf, node.start, node.end);
            node.end = node.bytes();
            node.start = 0;
        }
    }

    public void addFirst(byte[] element) {
        int need = packedSize(element);
        Node head = nodes.isEmpty() ? null : nodes.get(0);
        if (head == null || head.bytes() + need > MAX_NODE_BYTES) {
            if (head != null) {
                seal(head);
            }
            int capacity = Math.max(need, 64);
            head = new Node(new byte[capacity], capacity, capacity, 0);
            nodes.add(0, head);
        }
        if (head.start < need) { // room at the front: the bytes move to the back of a larger array
            int bytes = head.bytes();
            int capacity = Math.min(Math.max(head.buf.length * 2, bytes + need), Math.max(MAX_NODE_BYTES, bytes + need));
            byte[] larger = new byte[capacity];
            System.arraycopy(head.buf, head.start, larger, capacity - bytes, bytes);
            head.buf = larger;
            head.start = capacity - bytes;
            head.end = capacity;
        }
        head.start -= need;
        write(head.buf, head.start, element);
        head.count++;
        size++;
    }

    public void addLast(byte[] element) {
        int need = packedSize(element);
        Node tail = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
        if (tail == null || tail.bytes() + need > MAX_NODE_BYTES) {
            if (tail != null) {
                seal(tail);
            }
            tail = new Node(new byte[Math.max(need, 64)], 0, 0, 0);
            nodes.add(tail);
        }
        if (tail.buf.length - tail.end < need) { // room at the back: the bytes move to the front of a larger array
            int bytes = tail.bytes();
            int capacity = Math.min(Math.max(tail.buf.length * 2, bytes + need), Math.max(MAX_NODE_BYTES, bytes + need));
            byte[] larger = new byte[capacity];
            System.arraycopy(tail.buf, tail.start, larger, 0, bytes);
            tail.buf = larger;
            tail.start = 0;
            tail.end = bytes;
        }
        tail.end = write(tail.buf, tail.end, element);
        tail.count++;
        size++;
    }

    public byte[] removeFirst() {
        Node head = nodes.get(0);
        int length = lengthAt(head.buf, head.start);
        byte[] element = elementAt(head.buf, head.start);
        head.start += 2 * prefix(length) + length;
        head.count--;
        size--;
        if (head.count == 0) {
            nodes.remove(0);
        }
        return element;
    }

    public byte[] removeLast() {
        Node tail = nodes.get(nodes.size() - 1);
        int length = lengthBefore(tail.buf, tail.end);
        int at = tail.end - 2 * prefix(length) - length;
        byte[] element = elementAt(tail.buf, at);
        tail.end = at;
        tail.count--;
        size--;
        if (tail.count == 0) {
            nodes.remove(nodes.size() - 1);
        }
        return element;
    }

    // ---- by index -----------------------------------------------------------------------------------

    /** The node holding element {@code index}, and the index within it ({@code within[0]}). */
    private int nodeOf(long index, int[] within) {
        if (index < size / 2) {
            long passed = 0;
            for (int n = 0; n < nodes.size(); n++) {
                Node node = nodes.get(n);
                if (index < passed + node.count) {
                    within[0] = (int) (index - passed);
                    return n;
                }
                passed += node.count;
            }
        } else {
            long passed = size;
            for (int n = nodes.size() - 1; n >= 0; n--) {
                Node node = nodes.get(n);
                passed -= node.count;
                if (index >= passed) {
                    within[0] = (int) (index - passed);
                    return n;
                }
            }
        }
        throw new IndexOutOfBoundsException(index + " of " + size);
    }

    /** Where element {@code within} of a node starts: walked to from the nearer end of the node. */
    private static int offsetOf(Node node, int within) {
        if (within <= node.count / 2) {
            int at = node.start;
            for (int i = 0; i < within; i++) {
                int length = lengthAt(node.buf, at);
                at += 2 * prefix(length) + length;
            }
            return at;
        }
        int at = node.end;
        for (int i = node.count; i > within; i--) {
            int length = lengthBefore(node.buf, at);
            at -= 2 * prefix(length) + length;
        }
        return at;
    }

    /** Hands the elements from {@code start} to {@code end} (inclusive, within the list) to {@code action}, in order. */
    public void forEachInRange(long start, long end, java.util.function.Consumer<byte[]> action) {
        if (start > end) {
            return;
        }
        int[] within = new int[1];
        int n = nodeOf(start, within);
        long remaining = end - start + 1;
        int at = offsetOf(nodes.get(n), within[0]);
        while (remaining > 0) {
            Node node = nodes.get(n);
            while (at < node.end && remaining > 0) {
                int length = lengthAt(node.buf, at);
                action.accept(elementAt(node.buf, at));
                at += 2 * prefix(length) + length;
                remaining--;
            }
            if (++n < nodes.size()) {
                at = nodes.get(n).start;
            }
        }
    }

    /** The element at {@code index} (0 to size - 1). */
    public byte[] get(long index) {
        int[] within = new int[1];
        Node node = nodes.get(nodeOf(index, within));
        return elementAt(node.buf, offsetOf(node, within[0]));
    }

    private static List<byte[]> elements(Node node) {
        List<byte[]> out = new ArrayList<>(node.count);
        for (int at = node.start; at < node.end; ) {
            int length = lengthAt(node.buf, at);
            out.add(elementAt(node.buf, at));
            at += 2 * prefix(length) + length;
        }
        return out;
    }

    /** Replaces node {@code n} with nodes holding {@code elements} (none when empty), each within the size limit. */
    private void rebuild(int n, List<byte[]> elements) {
        Node old = nodes.remove(n);
        size -= old.count;
        List<Node> built = pack(elements);
        nodes.addAll(n, built);
        size += elements.size();
    }

    private static List<Node> pack(List<byte[]> elements) {
        List<Node> built = new ArrayList<>();
        int from = 0;
        while (from < elements.size()) {
            int bytes = 0;
            int to = from;
            while (to < elements.size() && (to == from || bytes + packedSize(elements.get(to)) <= MAX_NODE_BYTES)) {
                bytes += packedSize(elements.get(to));
                to++;
            }
            byte[] buf = new byte[bytes];
            int at = 0;
            for (int i = from; i < to; i++) {
                at = write(buf, at, elements.get(i));
            }
            built.add(new Node(buf, 0, bytes, to - from));
            from = to;
        }
        return built;
    }

    public void set(long index, byte[] element) {
        int[] within = new int[1];
        int n = nodeOf(index, within);
        List<byte[]> elements = elements(nodes.get(n));
        elements.set(within[0], element);
        rebuild(n, elements);
    }

    /** Inserts at {@code index} (0 to size), moving the later elements up. */
    public void insert(long index, byte[] element) {
        if (index == size) {
            addLast(element);
            return;
        }
        int[] within = new int[1];
        int n = nodeOf(index, within);
        List<byte[]> elements = elements(nodes.get(n));
        elements.add(within[0], element);
        rebuild(n, elements);
    }

    /** Removes the element at {@code index}, moving the later elements down. */
    public void remove(long index) {
        int[] within = new int[1];
        int n = nodeOf(index, within);
        List<byte[]> elements = elements(nodes.get(n));
        elements.remove(within[0]);
        rebuild(n, elements);
    }

    /** Keeps the elements from {@code start} to {@code end} inclusive (0 <= start <= end < size). */
    public void keep(long start, long end) {
        List<byte[]> kept = new ArrayList<>((int) (end - start + 1));
        for (long i = start; i <= end; i++) {
            kept.add(get(i));
        }
        nodes.clear();
        nodes.addAll(pack(kept));
        size = kept.size();
    }

    @Override
    public String typeName() {
        return "list";
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public ListValue copy() {
        ListValue copy = new ListValue();
        for (Node node : nodes) {
            copy.nodes.add(new Node(java.util.Arrays.copyOfRange(node.buf, node.start, node.end), 0, node.bytes(), node.count));
        }
        copy.size = size;
        return copy;
    }

    /** Every element in order (for snapshots and tests). */
    public byte[][] toArray() {
        List<byte[]> out = new ArrayList<>(size);
        nodes.forEach(node -> out.addAll(elements(node)));
        return out.toArray(new byte[0][]);
    }

    public static ListValue of(byte[][] elements) {
        ListValue list = new ListValue();
        list.nodes.addAll(pack(java.util.Arrays.asList(elements)));
        list.size = elements.length;
        return list;
    }
}
