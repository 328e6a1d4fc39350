package io.runnel.broker.hash;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The expiry times of the fields of a hash kept as a table: looked up by field, and ordered by
 * time so that the fields due are found without visiting the others. Only fields that have an
 * expiry time are held.
 */
final class FieldDeadlines {

    private record Deadline(long at, ByteBuffer field) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : field.compareTo(other.field);
        }
    }

    private final Map<ByteBuffer, Long> byField = new HashMap<>();
    private final TreeSet<Deadline> byTime = new TreeSet<>();

    int size() {
        return byField.size();
    }

    /** The field's expiry time (unix milliseconds), 0 when it has none. */
    long get(byte[] field) {
        Long at = byField.get(ByteBuffer.wrap(field));
        return at == null ? 0 : at;
    }

    void set(byte[] field, long at) {
        ByteBuffer key = ByteBuffer.wrap(field);
        Long previous = byField.put(key, at);
        if (previous != null) {
            byTime.remove(new Deadline(previous, key));
        }
        byTime.add(new Deadline(at, key));
    }

    /** Forgets the field's expiry time; whether it had one. */
    boolean remove(byte[] field) {
        ByteBuffer key = ByteBuffer.wrap(field);
        Long previous = byField.remove(key);
        if (previous == null) {
            return false;
        }
        byTime.remove(new Deadline(previous, key));
        return true;
    }

    /** The earliest expiry time, 0 when no field has one. */
    long earliest() {
        return byTime.isEmpty() ? 0 : byTime.first().at();
    }

    /** Up to {@code limit} fields whose time has come ({@code at <= now}), earliest first. */
    List<byte[]> due(long now, int limit) {
        List<byte[]> due = new ArrayList<>();
        Iterator<Deadline> it = byTime.iterator();
        while (it.hasNext() && due.size() < limit) {
            Deadline next = it.next();
            if (next.at() > now) {
                break;
            }
            due.add(next.field().array());
        }
        return due;
    }

    FieldDeadlines copy() {
        FieldDeadlines copy = new FieldDeadlines();
        copy.byField.putAll(byField);
        copy.byTime.addAll(byTime);
        return copy;
    }
}
