package io.runnel.broker.stream;

import io.runnel.broker.keyspace.AccessTrackedValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stream: entries ordered by ID, kept in nodes of up to 100 entries as Redis keeps them (a
 * node ends where Redis's would, see {@link ListpackSizes}), so that trimming to whole nodes
 * with "~" removes what Redis removes. Within a node, entries whose field names equal the
 * node's first entry share those names' bytes, and IDs are stored as offsets from the node's
 * first ID. Deleted entries stay in their node, flagged, until the node empties or is trimmed.
 *
 * <p>Mutated only by stream events ({@link StreamEvents}); commands read it.
 */
public final class StreamValue extends AccessTrackedValue implements io.runnel.broker.keyspace.TimedValue {

    static final int NODE_MAX_ENTRIES = 100;
    static final int NODE_MAX_BYTES = 4096;

    private final List<Node> nodes = new ArrayList<>();
    private final java.util.TreeMap<byte[], ConsumerGroup> groups = new java.util.TreeMap<>(Arrays::compareUnsigned);
    private long length;
    private StreamId lastId = StreamId.MIN;
    private StreamId maxDeletedId = StreamId.MIN;
    private long entriesAdded;
    /** Runnel's time-based retention: entries older than this many ms go; 0 for none. */
    private long maxAgeMillis;
    /** XADD IDMP / IDMPAUTO bookkeeping; created on first use. */
    private Idempotency idempotency;
    /** Runnel's delayed entries, by due time then order of scheduling: not visible until due. */
    private final java.util.TreeMap<StreamId, byte[][]> scheduled = new java.util.TreeMap<>();

    /** Visits entries in ID order; returns false to stop. */
    @FunctionalInterface
    public interface EntryVisitor {
        boolean visit(StreamId id, byte[][] fieldsAndValues);
    }

    public long length() {
        return length;
    }

    public StreamId lastId() {
        return lastId;
    }

    public StreamId maxDeletedId() {
        return maxDeletedId;
    }

    public long entriesAdded() {
        return entriesAdded;
    }

    /** The first live entry's ID, or 0-0 when the stream is empty. */
    public StreamId firstId() {
        StreamId[] first = {StreamId.MIN};
        range(StreamId.MIN, StreamId.MAX, false, (id, fields) -> {
            first[0] = id;
            return false;
        });
        return first[0];
    }

    public long maxAgeMillis() {
        return maxAgeMillis;
    }

    void maxAgeMillis(long value) {
        maxAgeMillis = value;
    }

    /**
     * Enforces the maximum age: entries whose ID time is older than now minus the age are
     * trimmed (as MINID would; pending references are kept, as by default).
     */
    @Override
    public boolean tick(io.runnel.broker.keyspace.ShardState state, int db, byte[] key, long now) {
        releaseDue(state, db, key, now);
        if (maxAgeMillis > 0) {
            long cutoff = now - maxAgeMillis;
            if (length > 0 && cutoff > 0 && Long.compareUnsigned(firstId().ms(), cutoff) < 0) {
                long before = length;
                state.emit(new StreamEvents.Trimmed(db, key, false, 0, new StreamId(cutoff, 0), false, 0, ReferencePolicy.KEEPREF));
                if (length < before) {
                    state.notify(io.runnel.broker.keyspace.KeyEvent.XTRIM, db, key);
                }
            }
        }
        return maxAgeMillis > 0 || !scheduled.isEmpty();
    }

    /**
     * Appends the delayed entries that are due, in due order, each with an ID given now (so the
     * stream's IDs keep increasing), and removes them from the schedule.
     */
    private void releaseDue(io.runnel.broker.keyspace.ShardState state, int db, byte[] key, long now) {
        while (!scheduled.isEmpty() && Long.compareUnsigned(scheduled.firstKey().ms(), now) <= 0) {
            var due = scheduled.firstEntry();
            StreamId id = Long.compareUnsigned(now, lastId.ms()) > 0 ? new StreamId(now, 0) : lastId.next();
            if (id == null) {
                return; // the stream has used up its IDs
            }
            state.emit(new StreamEvents.EntryAdded(db, key, id, due.getValue()));
            state.emit(new StreamEvents.ScheduledReleased(db, key, due.getKey()));
            state.notify(io.runnel.broker.keyspace.KeyEvent.XADD, db, key);
        }
    }

    /** The entry a retried idempotent XADD already added, or null. */
    public StreamId idempotentEntry(byte[] producer, byte[] id, long now) {
        return idempotency == null ? null : idempotency.lookup(producer, id, now);
    }

    void recordIdempotent(byte[] producer, byte[] id, StreamId entry, long now) {
        if (idempotency == null) {
            idempotency = new Idempotency();
        }
        idempotency.record(producer, id, entry, now);
    }

    void configureIdempotency(int durationSeconds, int maxSize) {
        if (idempotency == null) {
            idempotency = new Idempotency();
        }
        idempotency.configure(durationSeconds, maxSize);
    }

    public int idempotencyDuration() {
        return idempotency == null ? Idempotency.DEFAULT_DURATION_SECONDS : idempotency.durationSeconds;
    }

    public int idempotencyMaxSize() {
        return idempotency == null ? Idempotency.DEFAULT_MAX_SIZE : idempotency.maxSize;
    }

    /** How many delayed entries wait to become visible. */
    public int scheduledCount() {
        return scheduled.size();
    }

    void schedule(StreamId dueAndOrder, byte[][] fieldsAndValues) {
        scheduled.put(dueAndOrder, fieldsAndValues);
    }

    void release(StreamId dueAndOrder) {
        scheduled.remove(dueAndOrder);
    }

    /** The key for the next entry due at {@code due}: after any already due at the same time. */
    StreamId nextScheduleSlot(long due) {
        var last = scheduled.floorKey(new StreamId(due, -1L));
        return last != null && last.ms() == due ? new StreamId(due, last.seq() + 1) : new StreamId(due, 0);
    }

    public ConsumerGroup group(byte[] name) {
        return groups.get(name);
    }

    public java.util.Collection<ConsumerGroup> groups() {
        return groups.values();
    }

    /** Whether a live entry has this ID. */
    public boolean contains(StreamId id) {
        int index = nodeIndexFor(id);
        if (index < 0) {
            return false;
        }
        int at = nodes.get(index).find(id);
        return at >= 0 && !nodes.get(index).dead[at];
    }

    /** The fields and values of the live entry with this ID, or null. */
    public byte[][] entry(StreamId id) {
        int index = nodeIndexFor(id);
        if (index < 0) {
            return null;
        }
        Node node = nodes.get(index);
        int at = node.find(id);
        return at < 0 || node.dead[at] ? null : node.entry(at);
    }

    /** How many live entries have an ID above {@code id}: walks nodes from the newest. */
    public long countAfter(StreamId id) {
        long count = 0;
        for (int n = nodes.size() - 1; n >= 0; n--) {
            Node node = nodes.get(n);
            if (node.masterId.compareTo(id) > 0) {
                count += node.live;
                continue;
            }
            for (int i = node.size - 1; i >= 0; i--) {
                if (!node.dead[i] && node.id(i).compareTo(id) > 0) {
                    count++;
                }
            }
            break;
        }
        return count;
    }

    /** The ID of the newest live entry, or 0-0. */
    public StreamId lastLiveId() {
        StreamId[] last = {StreamId.MIN};
        range(StreamId.MIN, StreamId.MAX, true, (id, fields) -> {
            last[0] = id;
            return false;
        });
        return last[0];
    }

    // ---- changes (called by events only) ------------------------------------------------------

    /** XSETID: the stream's counters, set as given (-1 / null leave one unchanged). */
    void setIds(StreamId last, long added, StreamId maxDeleted) {
        lastId = last;
        if (added >= 0) {
            entriesAdded = added;
        }
        if (maxDeleted != null && !maxDeleted.equals(StreamId.MIN)) {
            maxDeletedId = maxDeleted;
        }
    }

    /** The number of nodes, which Redis reports as radix-tree-keys. */
    public int nodeCount() {
        return nodes.size();
    }

    /**
     * The number of radix-tree nodes Redis would use to index the nodes by their first ID (a
     * path-compressed trie of 16-byte big-endian keys), reported as radix-tree-nodes.
     */
    public long radixTreeNodes() {
        byte[][] keys = new byte[nodes.size()][];
        for (int i = 0; i < keys.length; i++) {
            StreamId id = nodes.get(i).masterId;
            keys[i] = java.nio.ByteBuffer.allocate(16).putLong(id.ms()).putLong(id.seq()).array();
        }
        return keys.length == 0 ? 1 : radixNodes(keys, 0, keys.length, 0);
    }

    /**
     * Nodes of the subtree whose node stands at {@code depth} for the sorted keys [from, to):
     * a key end is one node; a node with one way on is compressed over the whole run of shared
     * bytes and points to the node where the keys part; a node with several ways on has a child
     * node for each.
     */
    private static long radixNodes(byte[][] keys, int from, int to, int depth) {
        if (depth == 16) {
            return 1;
        }
        if (keys[from][depth] == keys[to - 1][depth]) {
            int end = depth;
            while (end < 16 && keys[from][end] == keys[to - 1][end]) {
                end++;
            }
            return 1 + radixNodes(keys, from, to, end);
        }
        long count = 1;
        for (int start = from; start < to; ) {
            int stop = start;
            while (stop < to && keys[stop][depth] == keys[start][depth]) {
                stop++;
            }
            count += radixNodes(keys, start, stop, depth + 1);
            start = stop;
        }
        return count;
    }

    boolean createGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
        if (groups.containsKey(name)) {
            return false;
        }
        groups.put(name, new ConsumerGroup(name, lastDelivered, entriesRead));
        return true;
    }

    boolean destroyGroup(byte[] name) {
        return groups.remove(name) != null;
    }

    /**
     * Records entries newly delivered to a group (XREADGROUP with ">"): moves the group's last
     * delivered ID and read counter, and unless NOACK makes the consumer owner of each entry.
     */
    void deliverNew(ConsumerGroup group, ConsumerGroup.Consumer consumer, long now, List<StreamId> ids, boolean noAck) {
        for (StreamId id : ids) {
            if (id.compareTo(group.lastDeliveredId) > 0) {
                if (group.entriesRead != ConsumerGroup.ENTRIES_READ_UNKNOWN && !hasTombstoneFrom(id)) {
                    group.entriesRead++;
                } else if (entriesAdded > 0) {
                    group.entriesRead = estimateEntriesReadAt(id);
                }
                group.lastDeliveredId = id;
            }
            if (noAck) {
                continue;
            }
            ConsumerGroup.PendingEntry entry = group.pending.get(id);
            if (entry == null) {
                entry = new ConsumerGroup.PendingEntry(consumer, now, 1);
                group.pending.put(id, entry);
            } else {
                entry.consumer.pending.remove(id);
                entry.consumer = consumer;
                entry.deliveryTime = now;
                entry.deliveryCount = 1;
            }
            consumer.pending.put(id, entry);
        }
    }

    /** Whether an entry deleted by XDEL may lie at or after {@code from}. */
    private boolean hasTombstoneFrom(StreamId from) {
        if (length == 0 || maxDeletedId.equals(StreamId.MIN)) {
            return false;
        }
        if (firstId().compareTo(maxDeletedId) > 0) {
            return false;
        }
        return from.compareTo(maxDeletedId) <= 0;
    }

    /** How many entries had been added when {@code id} was, when that can be known; else unknown. */
    long estimateEntriesReadAt(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (length == 0 && id.compareTo(lastId) <= 0) {
            return entriesAdded;
        }
        int toLast = id.compareTo(lastId);
        if (toLast == 0) {
            return entriesAdded;
        }
        if (toLast > 0) {
            return ConsumerGroup.ENTRIES_READ_UNKNOWN;
        }
        StreamId first = firstId();
        int toFirst = id.compareTo(first);
        if (maxDeletedId.equals(StreamId.MIN) || maxDeletedId.compareTo(first) < 0) {
            if (toFirst < 0) {
                return entriesAdded - length;
            }
            if (toFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return ConsumerGroup.ENTRIES_READ_UNKNOWN;
    }

    void append(StreamId id, byte[][] fieldsAndValues) {
        Node node = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
        if (node == null || node.full(fieldsAndValues)) {
            node = new Node(id, fieldsAndValues);
            nodes.add(node);
        }
        node.add(id, fieldsAndValues);
        length++;
        entriesAdded++;
        lastId = id;
    }

    /** Deletes one entry; false when there is no live entry with that ID. */
    boolean delete(StreamId id) {
        int index = nodeIndexFor(id);
        if (index < 0) {
            return false;
        }
        Node node = nodes.get(index);
        int at = node.find(id);
        if (at < 0 || node.dead[at]) {
            return false;
        }
        node.kill(at);
        length--;
        if (id.compareTo(maxDeletedId) > 0) {
            maxDeletedId = id;
        }
        if (node.live == 0) {
            nodes.remove(index);
        }
        return true;
    }

    /**
     * Trims as Redis does: whole nodes from the oldest while they can go entirely; then, unless
     * approximate, single entries of the next node. {@code limit} (approximate only; 0 = none)
     * bounds the entries removed. Returns how many entries were removed.
     */
    long trim(boolean byMaxLen, long maxLen, StreamId minId, boolean approximate, long limit) {
        return trim(byMaxLen, maxLen, minId, approximate, limit, ReferencePolicy.KEEPREF);
    }

    /**
     * Trims with a policy for the groups that refer to trimmed entries: KEEPREF leaves their
     * pending lists alone, DELREF removes the trimmed entries from them, ACKED trims no entry
     * that a group still has pending or has yet to be delivered, and stops at the first one.
     */
    long trim(boolean byMaxLen, long maxLen, StreamId minId, boolean approximate, long limit, ReferencePolicy policy) {
        long deleted = 0;
        List<StreamId> removed = policy == ReferencePolicy.DELREF ? new ArrayList<>() : null;
        while (!nodes.isEmpty()) {
            if (byMaxLen && length <= maxLen) {
                break;
            }
            Node node = nodes.get(0);
            if (limit > 0 && deleted + node.live > limit) {
                break;
            }
            boolean removeNode = byMaxLen ? length - node.live >= maxLen : node.lastId().compareTo(minId) < 0;
            if (removeNode && policy == ReferencePolicy.ACKED && anyReferenced(node)) {
                removeNode = false;
            }
            if (removeNode) {
                if (removed != null) {
                    collectLive(node, removed);
                }
                length -= node.live;
                deleted += node.live;
                nodes.remove(0);
                continue;
            }
            if (approximate) {
                break;
            }
            for (int i = 0; i < node.size; i++) {
                if (node.dead[i]) {
                    continue;
                }
                StreamId id = node.id(i);
                if (byMaxLen ? length <= maxLen : id.compareTo(minId) >= 0) {
                    break;
                }
                if (policy == ReferencePolicy.ACKED && referenced(id)) {
                    break;
                }
                node.kill(i);
                if (removed != null) {
                    removed.add(id);
                }
                length--;
                deleted++;
            }
            break;
        }
        if (removed != null) {
            dropReferences(removed);
        }
        return deleted;
    }

    /** Whether some group still has the entry pending, or has yet to be delivered it. */
    boolean referenced(StreamId id) {
        for (ConsumerGroup group : groups.values()) {
            if (group.pending.containsKey(id) || group.lastDeliveredId.compareTo(id) < 0) {
                return true;
            }
        }
        return false;
    }

    private boolean anyReferenced(Node node) {
        for (int i = 0; i < node.size; i++) {
            if (!node.dead[i] && referenced(node.id(i))) {
                return true;
            }
        }
        return false;
    }

    private static void collectLive(Node node, List<StreamId> into) {
        for (int i = 0; i < node.size; i++) {
            if (!node.dead[i]) {
                into.add(node.id(i));
            }
        }
    }

    /** Removes the IDs from the pending lists of every group. */
    void dropReferences(List<StreamId> ids) {
        for (ConsumerGroup group : groups.values()) {
            for (StreamId id : ids) {
                ConsumerGroup.PendingEntry entry = group.pending.remove(id);
                if (entry != null) {
                    entry.consumer.pending.remove(id);
                }
            }
        }
    }

    // ---- reads --------------------------------------------------------------------------------

    /** Visits the live entries with IDs in [start, end], forwards or backwards. */
    public void range(StreamId start, StreamId end, boolean reverse, EntryVisitor visitor) {
        if (start.compareTo(end) > 0 || nodes.isEmpty()) {
            return;
        }
        if (!reverse) {
            for (int n = Math.max(0, nodeIndexFor(start)); n < nodes.size(); n++) {
                Node node = nodes.get(n);
                for (int i = 0; i < node.size; i++) {
                    if (node.dead[i]) {
                        continue;
                    }
                    StreamId id = node.id(i);
                    if (id.compareTo(start) < 0) {
                        continue;
                    }
                    if (id.compareTo(end) > 0 || !visitor.visit(id, node.entry(i))) {
                        return;
                    }
                }
            }
        } else {
            int last = nodeIndexFor(end);
            for (int n = last; n >= 0; n--) {
                Node node = nodes.get(n);
                for (int i = node.size - 1; i >= 0; i--) {
                    if (node.dead[i]) {
                        continue;
                    }
                    StreamId id = node.id(i);
                    if (id.compareTo(end) > 0) {
                        continue;
                    }
                    if (id.compareTo(start) < 0 || !visitor.visit(id, node.entry(i))) {
                        return;
                    }
                }
            }
        }
    }

    /** The index of the last node whose first ID is at most {@code id}, or -1. */
    private int nodeIndexFor(StreamId id) {
        int low = 0;
        int high = nodes.size() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (nodes.get(mid).masterId.compareTo(id) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    @Override
    public String typeName() {
        return "stream";
    }

    @Override
    public String encoding() {
        return "stream";
    }

    @Override
    public StreamValue copy() {
        StreamValue copy = new StreamValue();
        for (Node node : nodes) {
            copy.nodes.add(node.copy());
        }
        copy.length = length;
        copy.lastId = lastId;
        copy.maxDeletedId = maxDeletedId;
        copy.entriesAdded = entriesAdded;
        copy.maxAgeMillis = maxAgeMillis;
        copy.scheduled.putAll(scheduled);
        copy.idempotency = idempotency == null ? null : idempotency.copy();
        groups.forEach((name, group) -> copy.groups.put(name, group.copy()));
        return copy;
    }

    // ---- Redis's serialized form (DUMP / RESTORE) --------------------------------------------------

    /** Receives a stream's nodes as Redis keeps them, deleted entries included, in ID order. */
    public interface NodeVisitor {
        void node(StreamId masterId, byte[][] masterFieldNames, int live, int deleted);

        void entry(StreamId id, boolean deleted, boolean sameFields, byte[][] fieldsAndValues);
    }

    public void forEachNode(NodeVisitor visitor) {
        for (Node node : nodes) {
            visitor.node(node.masterId, node.masterFieldNames, node.live, node.size - node.live);
            for (int i = 0; i < node.size; i++) {
                visitor.entry(node.id(i), node.dead[i], node.sameFields(i), node.entry(i));
            }
        }
    }

    /**
     * Whether the stream holds anything Redis has no form for: retention, delayed entries,
     * idempotency records, dead-letter settings or entries released by XNACK.
     */
    public boolean usesExtensions() {
        if (maxAgeMillis > 0 || idempotency != null || !scheduled.isEmpty()) {
            return true;
        }
        for (ConsumerGroup group : groups.values()) {
            if (group.maxDeliveries > 0 || group.deadLetterKey != null || !group.unowned.pending.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** An empty stream to be filled, node by node, from a serialized one. */
    public static StreamValue restoring() {
        return new StreamValue();
    }

    /** Starts a node as a serialized stream lists it: its master ID and field names. */
    public void restoreNode(StreamId masterId, byte[][] masterFieldNames) {
        byte[][] names = new byte[masterFieldNames.length * 2][];
        for (int f = 0; f < masterFieldNames.length; f++) {
            names[2 * f] = masterFieldNames[f];
            names[2 * f + 1] = EMPTY;
        }
        nodes.add(new Node(masterId, names));
    }

    /**
     * Adds an entry to the node last started, deleted entries as tombstones. A node serialized by
     * a Redis allowed longer nodes (stream-node-max-entries) goes on in a new node after 100.
     */
    public void restoreEntry(StreamId id, byte[][] fieldsAndValues, boolean deleted) {
        Node node = nodes.get(nodes.size() - 1);
        if (node.size >= NODE_MAX_ENTRIES) {
            node = new Node(id, fieldsAndValues);
            nodes.add(node);
        }
        node.add(id, fieldsAndValues);
        if (deleted) {
            node.kill(node.size - 1);
        } else {
            length++;
        }
    }

    /** The counters a serialized stream carries besides its entries. */
    public void restoreCounters(StreamId lastId, StreamId maxDeletedId, long entriesAdded) {
        this.lastId = lastId;
        this.maxDeletedId = maxDeletedId;
        this.entriesAdded = entriesAdded;
    }

    /** A consumer group as a serialized stream lists it; {@code entriesRead} unknown (-1) is estimated as Redis does. */
    public ConsumerGroup restoreGroup(byte[] name, StreamId lastDeliveredId, long entriesRead, boolean estimate) {
        ConsumerGroup group = new ConsumerGroup(name, lastDeliveredId, estimate ? estimateEntriesReadAt(lastDeliveredId) : entriesRead);
        groups.put(name, group);
        return group;
    }

    private static final byte[] EMPTY = new byte[0];

    // ---- binary form (journal records, snapshots) ------------------------------------------------

    /**
     * Writes the whole stream, nodes as they are (tombstones included, so that node boundaries and
     * approximate trimming stay exactly as they were), then its counters, groups and extensions.
     */
    public void writeTo(io.runnel.broker.persist.EventOutput out) {
        out.writeVarInt(nodes.size());
        for (Node node : nodes) {
            node.writeTo(out);
        }
        out.writeVarLong(length).writeId(lastId).writeId(maxDeletedId).writeVarLong(entriesAdded).writeVarLong(maxAgeMillis);
        out.writeVarInt(groups.size());
        groups.values().forEach(group -> group.writeTo(out));
        out.writeBoolean(idempotency != null);
        if (idempotency != null) {
            idempotency.writeTo(out);
        }
        out.writeVarInt(scheduled.size());
        scheduled.forEach((slot, fields) -> out.writeId(slot).writeByteArrays(fields));
    }

    public static StreamValue readFrom(io.runnel.broker.persist.EventInput in) {
        StreamValue stream = new StreamValue();
        int nodeCount = in.readVarInt();
        for (int i = 0; i < nodeCount; i++) {
            stream.nodes.add(Node.readFrom(in));
        }
        stream.length = in.readVarLong();
        stream.lastId = in.readId();
        stream.maxDeletedId = in.readId();
        stream.entriesAdded = in.readVarLong();
        stream.maxAgeMillis = in.readVarLong();
        int groupCount = in.readVarInt();
        for (int i = 0; i < groupCount; i++) {
            ConsumerGroup group = ConsumerGroup.readFrom(in);
            stream.groups.put(group.name, group);
        }
        if (in.readBoolean()) {
            stream.idempotency = Idempotency.readFrom(in);
        }
        int scheduledCount = in.readVarInt();
        for (int i = 0; i < scheduledCount; i++) {
            stream.scheduled.put(in.readId(), in.readByteArrays());
        }
        return stream;
    }

    /**
     * Up to 100 consecutive entries, sized as a Redis listpack node would be. The entries are
     * packed into one byte array (ID offsets as variable-length integers, then the field names
     * unless they are the node's first entry's, then the values, each length-prefixed), so an
     * entry costs its bytes plus a few, not a handful of objects.
     */
    private static final class Node {
        private static final int SAME_FIELDS = 1;

        final StreamId masterId;
        final byte[][] masterFieldNames;
        byte[] data = new byte[64];
        int used;
        int[] offsets = new int[4];
        boolean[] dead = new boolean[4];
        int size;
        int live;
        /** Listpack bytes except the two counters at its head, which change size as they grow. */
        int bytesWithoutCounters;

        Node(StreamId masterId, byte[][] fieldsAndValues) {
            this.masterId = masterId;
            int fieldCount = fieldsAndValues.length / 2;
            masterFieldNames = new byte[fieldCount][];
            int bytes = ListpackSizes.EMPTY + ListpackSizes.integer(fieldCount) + ListpackSizes.integer(0);
            for (int f = 0; f < fieldCount; f++) {
                masterFieldNames[f] = fieldsAndValues[2 * f].clone();
                bytes += ListpackSizes.string(masterFieldNames[f]);
            }
            bytesWithoutCounters = bytes;
        }

        private Node(Node other) {
            masterId = other.masterId;
            masterFieldNames = other.masterFieldNames;
            data = other.data.clone();
            used = other.used;
            offsets = other.offsets.clone();
            dead = other.dead.clone();
            size = other.size;
            live = other.live;
            bytesWithoutCounters = other.bytesWithoutCounters;
        }

        Node copy() {
            return new Node(this);
        }

        private Node(StreamId masterId, byte[][] masterFieldNames, byte[] data, int[] offsets, boolean[] dead, int live,
                     int bytesWithoutCounters) {
            this.masterId = masterId;
            this.masterFieldNames = masterFieldNames;
            this.data = data;
            this.used = data.length;
            this.offsets = offsets;
            this.dead = dead;
            this.size = offsets.length;
            this.live = live;
            this.bytesWithoutCounters = bytesWithoutCounters;
        }

        void writeTo(io.runnel.broker.persist.EventOutput out) {
            out.writeId(masterId).writeByteArrays(masterFieldNames).writeBytes(data, 0, used);
            out.writeVarInt(size);
            for (int i = 0; i < size; i++) {
                out.writeVarInt(offsets[i]).writeBoolean(dead[i]);
            }
            out.writeVarInt(live).writeVarInt(bytesWithoutCounters);
        }

        static Node readFrom(io.runnel.broker.persist.EventInput in) {
            StreamId masterId = in.readId();
            byte[][] masterFieldNames = in.readByteArrays();
            byte[] data = in.readBytes();
            int size = in.readVarInt();
            if (size > NODE_MAX_ENTRIES) {
                throw new io.runnel.broker.persist.MalformedEventException("stream node of " + size + " entries");
            }
            int[] offsets = new int[size];
            boolean[] dead = new boolean[size];
            for (int i = 0; i < size; i++) {
                offsets[i] = in.readVarInt();
                dead[i] = in.readBoolean();
                if (offsets[i] >= data.length) {
                    throw new io.runnel.broker.persist.MalformedEventException("stream entry offset outside its node");
                }
            }
            return new Node(masterId, masterFieldNames, data, offsets, dead, in.readVarInt(), in.readVarInt());
        }

        int bytes() {
            return bytesWithoutCounters + ListpackSizes.integer(live) + ListpackSizes.integer(size - live);
        }

        /** Whether Redis would start a new node before adding an entry with these fields. */
        boolean full(byte[][] fieldsAndValues) {
            long rawLength = 0;
            for (byte[] element : fieldsAndValues) {
                rawLength += element.length;
            }
            boolean full = bytes() + rawLength >= NODE_MAX_BYTES || size >= NODE_MAX_ENTRIES;
            if (full && data.length > used) {
                data = Arrays.copyOf(data, used); // no more entries will come: drop the spare room
            }
            return full;
        }

        void add(StreamId id, byte[][] fieldsAndValues) {
            if (size == offsets.length) {
                int capacity = Math.min(NODE_MAX_ENTRIES, size * 2);
                offsets = Arrays.copyOf(offsets, capacity);
                dead = Arrays.copyOf(dead, capacity);
            }
            long msOffset = id.ms() - masterId.ms();
            long seqOffset = id.seq() - masterId.seq();
            boolean sameFields = sameFieldNames(fieldsAndValues);
            int fieldCount = fieldsAndValues.length / 2;

            int entryBytes = ListpackSizes.integer(sameFields ? 2 : 0) + ListpackSizes.integer(msOffset)
                    + ListpackSizes.integer(seqOffset);
            if (!sameFields) {
                entryBytes += ListpackSizes.integer(fieldCount);
            }
            for (int f = 0; f < fieldCount; f++) {
                if (!sameFields) {
                    entryBytes += ListpackSizes.string(fieldsAndValues[2 * f]);
                }
                entryBytes += ListpackSizes.string(fieldsAndValues[2 * f + 1]);
            }
            entryBytes += ListpackSizes.integer(sameFields ? fieldCount + 3 : 2L * fieldCount + 4);
            bytesWithoutCounters += entryBytes;

            offsets[size] = used;
            writeVarLong(msOffset);
            writeVarLong(zigzag(seqOffset));
            writeByte(sameFields ? SAME_FIELDS : 0);
            if (!sameFields) {
                writeVarLong(fieldCount);
            }
            for (int f = 0; f < fieldCount; f++) {
                if (!sameFields) {
                    writeBytes(fieldsAndValues[2 * f]);
                }
                writeBytes(fieldsAndValues[2 * f + 1]);
            }
            size++;
            live++;
        }

        private boolean sameFieldNames(byte[][] fieldsAndValues) {
            if (fieldsAndValues.length / 2 != masterFieldNames.length) {
                return false;
            }
            for (int f = 0; f < masterFieldNames.length; f++) {
                if (!Arrays.equals(masterFieldNames[f], fieldsAndValues[2 * f])) {
                    return false;
                }
            }
            return true;
        }

        /** The fields and values of entry {@code i}, materialised for a reply. */
        byte[][] entry(int i) {
            int[] at = {offsets[i]};
            readVarLong(at);
            readVarLong(at);
            boolean sameFields = (data[at[0]++] & SAME_FIELDS) != 0;
            int fieldCount = sameFields ? masterFieldNames.length : (int) readVarLong(at);
            byte[][] out = new byte[fieldCount * 2][];
            for (int f = 0; f < fieldCount; f++) {
                out[2 * f] = sameFields ? masterFieldNames[f] : readBytes(at);
                out[2 * f + 1] = readBytes(at);
            }
            return out;
        }

        boolean sameFields(int i) {
            int[] at = {offsets[i]};
            readVarLong(at);
            readVarLong(at);
            return (data[at[0]] & SAME_FIELDS) != 0;
        }

        StreamId id(int i) {
            int[] at = {offsets[i]};
            long msOffset = readVarLong(at);
            long seqOffset = unzigzag(readVarLong(at));
            return new StreamId(masterId.ms() + msOffset, masterId.seq() + seqOffset);
        }

        StreamId lastId() {
            return id(size - 1);
        }

        int find(StreamId id) {
            int low = 0;
            int high = size - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int order = id(mid).compareTo(id);
                if (order == 0) {
                    return mid;
                }
                if (order < 0) {
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return -1;
        }

        void kill(int i) {
            dead[i] = true;
            live--;
        }

        // ---- packing ------------------------------------------------------------------------

        private int reserve(int count) {
            if (used + count > data.length) {
                data = Arrays.copyOf(data, Math.max(used + count, data.length * 2));
            }
            int at = used;
            used += count;
            return at;
        }

        // reserve() may replace the array, so it is called before the array is read
        private void writeByte(int value) {
            int at = reserve(1);
            data[at] = (byte) value;
        }

        private void writeVarLong(long value) {
            while ((value & ~0x7FL) != 0) {
                writeByte((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            writeByte((int) value);
        }

        private void writeBytes(byte[] bytes) {
            writeVarLong(bytes.length);
            int at = reserve(bytes.length);
            System.arraycopy(bytes, 0, data, at, bytes.length);
        }

        private long readVarLong(int[] at) {
            long value = 0;
            int shift = 0;
            byte b;
            do {
                b = data[at[0]++];
                value |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return value;
        }

        private byte[] readBytes(int[] at) {
            int length = (int) readVarLong(at);
            byte[] bytes = Arrays.copyOfRange(data, at[0], at[0] + length);
            at[0] += length;
            return bytes;
        }

        private static long zigzag(long value) {
            return (value << 1) ^ (value >> 63);
        }

        private static long unzigzag(long value) {
            return (value >>> 1) ^ -(value & 1);
        }
    }
}
