package io.runnel.broker.keyspace;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct byte strings among one command's arguments (SADD's members, HDEL's fields,
 * ZADD's changed members), in first-seen order. A few are compared one by one; past that an
 * index keeps a command with many arguments linear rather than quadratic.
 */
public final class DistinctBytes {

    private static final int LINEAR = 16;

    private final List<byte[]> items = new ArrayList<>();
    private Map<ByteBuffer, Integer> index;

    /** The position of an equal string, or -1. */
    public int indexOf(byte[] item) {
        if (index != null) {
            return index.getOrDefault(ByteBuffer.wrap(item), -1);
        }
        for (int i = 0; i < items.size(); i++) {
            if (Arrays.equals(items.get(i), item)) {
                return i;
            }
        }
        return -1;
    }

    public boolean contains(byte[] item) {
        return indexOf(item) >= 0;
    }

    /** Adds the string unless an equal one is there; true when it was new. */
    public boolean add(byte[] item) {
        if (contains(item)) {
            return false;
        }
        items.add(item);
        if (index != null) {
            index.put(ByteBuffer.wrap(item), items.size() - 1);
        } else if (items.size() > LINEAR) {
            index = new HashMap<>();
            for (int i = 0; i < items.size(); i++) {
                index.put(ByteBuffer.wrap(items.get(i)), i);
            }
        }
        return true;
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public List<byte[]> items() {
        return items;
    }

    public byte[][] toArray() {
        return items.toArray(new byte[0][]);
    }
}
