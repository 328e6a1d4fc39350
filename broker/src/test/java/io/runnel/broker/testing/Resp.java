package io.runnel.broker.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed reply, for tests that compare replies by structure where bytes cannot be equal
 * (element order, our own prose). Every node keeps its exact bytes as well.
 */
public final class Resp {

    /** The type byte ('+', '$', '*', '%', ...), its text (simple, bulk, number), its elements, its bytes. */
    public record Node(char type, String text, List<Node> elements, byte[] raw) {

        public boolean isAggregate() {
            return elements != null;
        }

        public Node get(int index) {
            return elements.get(index);
        }

        public int size() {
            return elements.size();
        }

        /** The exact bytes of the reply, printable. */
        public String printable() {
            return Differential.printable(raw);
        }

        @Override
        public String toString() {
            return printable();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Node node && Arrays.equals(raw, node.raw);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(raw);
        }
    }

    private final byte[] bytes;
    private int pos;

    private Resp(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Node parse(byte[] reply) {
        Resp resp = new Resp(reply);
        Node node = resp.node();
        if (resp.pos != reply.length) {
            throw new IllegalArgumentException("trailing bytes after reply: " + Differential.printable(reply));
        }
        return node;
    }

    private Node node() {
        int start = pos;
        char type = (char) bytes[pos++];
        String line = line();
        switch (type) {
            case '$', '=', '!' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return new Node(type, null, null, Arrays.copyOfRange(bytes, start, pos));
                }
                String text = new String(bytes, pos, length, StandardCharsets.UTF_8);
                pos += length + 2;
                return new Node(type, text, null, Arrays.copyOfRange(bytes, start, pos));
            }
            case '*', '~', '>', '%', '|' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return new Node(type, null, null, Arrays.copyOfRange(bytes, start, pos));
                }
                int items = type == '%' || type == '|' ? count * 2 : count;
                List<Node> elements = new ArrayList<>();
                for (int i = 0; i < items; i++) {
                    elements.add(node());
                }
                return new Node(type, null, elements, Arrays.copyOfRange(bytes, start, pos));
            }
            default -> {
                return new Node(type, line, null, Arrays.copyOfRange(bytes, start, pos));
            }
        }
    }

    private String line() {
        int start = pos;
        while (!(bytes[pos] == '\r' && bytes[pos + 1] == '\n')) {
            pos++;
        }
        String line = new String(bytes, start, pos - start, StandardCharsets.UTF_8);
        pos += 2;
        return line;
    }
}
