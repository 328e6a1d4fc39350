package io.runnel.persistence.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An append-only log of records in numbered segment files under one directory: the storage of
 * the embedded journal. Opening it replays every record, in order, and repairs what a crash can
 * leave behind: a last record cut short or followed by garbage is cut off (and reported in
 * {@link #recovery()}), as Redis's aof-load-truncated does. A damaged record with valid records
 * after it is corruption in the middle, which no repair can undo: opening fails with a
 * {@link CorruptLogException} naming the file and offset, unless the caller chose to truncate
 * there.
 *
 * <p>Appends are buffered; {@link #flush()} hands them to the operating system and
 * {@link #sync()} also forces them to disk. The methods are synchronized, so a timer may sync
 * while the writer appends.
 */
public final class RecordLog implements AutoCloseable {

    private static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{10})\\.log");
    private static final int BUFFER_BYTES = 256 * 1024;

    /**
     * @param segmentBytes      a segment is closed and a new one started once it holds this many bytes
     * @param truncateCorrupt   on corruption in the middle, cut the log there instead of failing
     *                          (everything after the damaged record is lost)
     */
    public record Options(long segmentBytes, boolean truncateCorrupt) {
        public static Options defaults() {
            return new Options(64L * 1024 * 1024, false);
        }
    }

    /** What opening found: how many records and segments, and what was cut off, if anything. */
    public record Recovery(long records, int segments, Path truncatedFile, long truncatedAt, long truncatedBytes,
                           boolean corruptionTruncated) {
        public boolean truncated() {
            return truncatedFile != null;
        }
    }

    private final Path directory;
    private final Options options;
    private final List<Path> segments = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private FileChannel current;
    private long currentSize;
    private int currentIndex;
    private Recovery recovery;
    private final java.util.Map<Integer, java.nio.MappedByteBuffer> mappings = new java.util.HashMap<>();

    private RecordLog(Path directory, Options options) {
        this.directory = directory;
        this.options = options;
    }

    /** Receives each record found when the log is opened, with the position {@link #read} takes. */
    @FunctionalInterface
    public interface RecordVisitor {
        void record(long position, byte[] payload);

        /**
         * The record's payload as {@code length} bytes of {@code segment} from {@code offset}, to
         * be read before this returns (the array is the whole segment, reused afterwards). Copies
         * them for {@link #record(long, byte[])} unless a visitor reads them in place.
         */
        default void record(long position, byte[] segment, int offset, int length) {
            record(position, java.util.Arrays.copyOfRange(segment, offset, offset + length));
        }
    }

    /** Opens (or creates) the log in {@code directory}, handing every record to {@code replay} in order. */
    public static RecordLog open(Path directory, Options options, RecordVisitor replay) throws IOException {
        Files.createDirectories(directory);
        RecordLog log = new RecordLog(directory, options);
        log.recover(replay);
        return log;
    }

    /** The segment file that holds the record at {@code position}. */
    public static Path segmentOf(Path directory, long position) {
        return segmentFile(directory, (int) (position >>> 40));
    }

    /** The bytes of every segment of the log in {@code directory} (0 when there is none). */
    public static long bytesIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> SEGMENT_NAME.matcher(f.getFileName().toString()).matches())
                    .mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path segmentFile(Path directory, int index) {
        return directory.resolve(String.format("segment-%010d.log", index));
    }

    /** A record's position: its segment's number in the high bits, its offset in the low 40. */
    private static long position(int segmentIndex, long offset) {
        return ((long) segmentIndex << 40) | offset;
    }

    public Recovery recovery() {
        return recovery;
    }

    public Path directory() {
        return directory;
    }

    /** The bytes of the segment being written, buffered ones included. */
    public synchronized long currentSegmentBytes() {
        return currentSize + buffer.position();
    }

    /** The segment files, oldest first; the last one is being written. */
    public synchronized List<Path> segments() {
        return List.copyOf(segments);
    }

    // ---- recovery ----------------------------------------------------------------------------

    private void recover(RecordVisitor replay) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> SEGMENT_NAME.matcher(f.getFileName().toString()).matches()).sorted().forEach(found::add);
        }
        long records = 0;
        Path truncatedFile = null;
        long truncatedAt = 0;
        long truncatedBytes = 0;
        boolean corruptionTruncated = false;
        for (int i = 0; i < found.size(); i++) {
            Path file = found.get(i);
            boolean last = i == found.size() - 1;
            SegmentScan scan = scan(file, indexOf(file), replay);
            records += scan.records;
            if (scan.badOffset >= 0) {
                boolean torn = last && !scan.validRecordAfterDamage;
                if (!torn && !options.truncateCorrupt) {
                    throw new CorruptLogException(file, scan.badOffset, scan.reason);
                }
                truncatedFile = file;
                truncatedAt = scan.badOffset;
                truncatedBytes = scan.size - scan.badOffset;
                corruptionTruncated = !torn;
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(scan.badOffset);
                    channel.force(true);
                }
                // what followed the damaged record, in later segments too, is gone
                for (int j = found.size() - 1; j > i; j--) {
                    truncatedBytes += Files.size(found.get(j));
                    Files.delete(found.get(j));
                    found.remove(j);
                }
                break;
            }
        }
        segments.addAll(found);
        recovery = new Recovery(records, segments.size(), truncatedFile, truncatedAt, truncatedBytes, corruptionTruncated);
        if (segments.isEmpty()) {
            startSegment(1);
        } else {
            Path last = segments.get(segments.size() - 1);
            currentIndex = indexOf(last);
            current = FileChannel.open(last, StandardOpenOption.WRITE);
            currentSize = current.size();
            if (currentSize < RecordFormat.HEADER_BYTES) {
                // created but its header never reached the disk: start it over
                current.truncate(0);
                writeSegmentHeader();
            }
            current.position(currentSize);
        }
    }

    private static final class SegmentScan {
        long records;
        long size;
        long badOffset = -1;
        String reason;
        boolean validRecordAfterDamage;
    }

    private static SegmentScan scan(Path file, int segmentIndex, RecordVisitor replay) throws IOException {
        SegmentScan scan = new SegmentScan();
        byte[] bytes = Files.readAllBytes(file);
        scan.size = bytes.length;
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < RecordFormat.HEADER_BYTES) {
            scan.badOffset = 0;
            scan.reason = "segment header cut short";
            return scan;
        }
        int version = RecordFormat.readHeader(in);
        if (version != RecordFormat.VERSION) {
            throw new CorruptLogException(file, 0, version < 0 ? "not a Runnel journal segment"
                    : "segment format version " + version + " is not known to this version of Runnel");
        }
        int offset = RecordFormat.HEADER_BYTES;
        while (offset < bytes.length) {
            String problem = checkRecord(bytes, offset);
            if (problem != null) {
                scan.badOffset = offset;
                scan.reason = problem;
                scan.validRecordAfterDamage = validRecordAfter(bytes, offset + 1);
                return scan;
            }
            int length = ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16)
                    | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff);
            replay.record(position(segmentIndex, offset), bytes, offset + RecordFormat.RECORD_HEADER_BYTES, length);
            scan.records++;
            offset += RecordFormat.RECORD_HEADER_BYTES + length;
        }
        return scan;
    }

    /** Null when a complete, intact record starts at {@code offset}; else what is wrong. */
    private static String checkRecord(byte[] bytes, int offset) {
        if (bytes.length - offset < RecordFormat.RECORD_HEADER_BYTES) {
            return "record header cut short";
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, offset, RecordFormat.RECORD_HEADER_BYTES);
        int length = header.getInt();
        int checksum = header.getInt();
        if (length < 0 || length > RecordFormat.MAX_PAYLOAD) {
            return "impossible record length " + Integer.toUnsignedString(length);
        }
        if (bytes.length - offset - RecordFormat.RECORD_HEADER_BYTES < length) {
            return "record cut short";
        }
        if (RecordFormat.checksum(length, bytes, offset + RecordFormat.RECORD_HEADER_BYTES, length) != checksum) {
            return "checksum mismatch";
        }
        return null;
    }

    /** Whether an intact record starts anywhere from {@code from} on: then the damage is not a torn tail. */
    private static boolean validRecordAfter(byte[] bytes, int from) {
        for (int offset = from; offset + RecordFormat.RECORD_HEADER_BYTES <= bytes.length; offset++) {
            if (checkRecord(bytes, offset) == null) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(Path segment) {
        Matcher matcher = SEGMENT_NAME.matcher(segment.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a segment: " + segment);
        }
        return Integer.parseInt(matcher.group(1));
    }

    // ---- writing -----------------------------------------------------------------------------

    private void startSegment(int index) throws IOException {
        Path file = segmentFile(directory, index);
        current = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        currentIndex = index;
        segments.add(file);
        writeSegmentHeader();
    }

    private void writeSegmentHeader() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER_BYTES);
        RecordFormat.writeHeader(header);
        header.flip();
        while (header.hasRemaining()) {
            current.write(header);
        }
        currentSize = RecordFormat.HEADER_BYTES;
    }

    /**
     * Appends one record (buffered: see {@link #flush()} and {@link #sync()}); returns its
     * position for {@link #read}.
     */
    public synchronized long append(byte[] payload) throws IOException {
        if (payload.length > RecordFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("record of " + payload.length + " bytes is over the limit");
        }
        int recordBytes = RecordFormat.RECORD_HEADER_BYTES + payload.length;
        if (currentSize + buffer.position() > RecordFormat.HEADER_BYTES
                && currentSize + buffer.position() + recordBytes > options.segmentBytes()) {
            roll();
        }
        if (buffer.remaining() < recordBytes) {
            writeBuffer();
        }
        int checksum = RecordFormat.checksum(payload.length, payload, 0, payload.length);
        long position = position(currentIndex, currentSize + buffer.position());
        if (buffer.remaining() >= recordBytes) {
            buffer.putInt(payload.length).putInt(checksum).put(payload);
        } else {
            ByteBuffer large = ByteBuffer.allocate(recordBytes);
            large.putInt(payload.length).putInt(checksum).put(payload).flip();
            while (large.hasRemaining()) {
                currentSize += current.write(large);
            }
        }
        return position;
    }

    /**
     * The payload of the record at {@code position} (as {@link #append} or opening reported it).
     * Segments are read through memory mappings, so a replay of many records costs no system
     * call per record; the segment being written is mapped as far as it is written, and mapped
     * again when a record lies beyond that.
     */
    public synchronized byte[] read(long position) throws IOException {
        int segmentIndex = (int) (position >>> 40);
        long offset = position & ((1L << 40) - 1);
        java.nio.MappedByteBuffer mapped = mappings.get(segmentIndex);
        if (segmentIndex == currentIndex && (mapped == null || offset + RecordFormat.RECORD_HEADER_BYTES > mapped.capacity()
                || offset + RecordFormat.RECORD_HEADER_BYTES + mapped.getInt((int) offset) > mapped.capacity())) {
            writeBuffer(); // the record may still be in the write buffer
            mapped = map(segmentIndex);
        } else if (mapped == null) {
            mapped = map(segmentIndex);
        }
        return readRecord(segmentIndex, offset, mapped.duplicate());
    }

    private java.nio.MappedByteBuffer map(int segmentIndex) throws IOException {
        java.nio.MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(segmentFile(directory, segmentIndex), StandardOpenOption.READ)) {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        mappings.put(segmentIndex, mapped);
        return mapped;
    }

    private byte[] readRecord(int segmentIndex, long offset, ByteBuffer in) throws IOException {
        if (offset + RecordFormat.RECORD_HEADER_BYTES > in.limit()) {
            throw new CorruptLogException(segmentFile(directory, segmentIndex), offset, "record beyond the end of its segment");
        }
        in.position((int) offset);
        int length = in.getInt();
        int checksum = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new CorruptLogException(segmentFile(directory, segmentIndex), offset, "impossible record length");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        if (RecordFormat.checksum(length, bytes, 0, length) != checksum) {
            throw new CorruptLogException(segmentFile(directory, segmentIndex), offset, "checksum mismatch");
        }
        return bytes;
    }

    /** Where the log stood before a batch of appends, to return to if the batch cannot be written. */
    public record Mark(int segmentIndex, long size) {
    }

    /** Writes out what is buffered and returns the point the next appends start from. */
    public synchronized Mark mark() throws IOException {
        writeBuffer();
        return new Mark(currentIndex, currentSize);
    }

    /**
     * Forgets every append since {@code mark}: buffered bytes are dropped and what reached the
     * file is cut off, so a batch that failed half way leaves nothing behind to be read twice
     * when it is written again.
     */
    public synchronized void rollback(Mark mark) throws IOException {
        buffer.clear();
        while (currentIndex > mark.segmentIndex() && segments.size() > 1) {
            current.close();
            mappings.remove(currentIndex);
            Files.deleteIfExists(segments.remove(segments.size() - 1));
            currentIndex--;
            current = FileChannel.open(segments.get(segments.size() - 1), StandardOpenOption.WRITE);
        }
        // a mapping must never reach past the end of its file: reading there would fault
        mappings.remove(currentIndex);
        current.truncate(mark.size());
        current.position(mark.size());
        currentSize = mark.size();
    }

    /** Hands every appended record to the operating system (survives a crash of the process). */
    public synchronized void flush() throws IOException {
        writeBuffer();
    }

    /** Flushes and forces every appended record to disk (survives a crash of the machine). */
    public synchronized void sync() throws IOException {
        writeBuffer();
        current.force(false);
    }

    /** Closes the segment being written and starts the next one; returns the new one. */
    public synchronized Path roll() throws IOException {
        writeBuffer();
        current.force(false);
        current.close();
        mappings.remove(currentIndex); // it covered the segment as far as it was written then: mapped whole on the next read
        startSegment(currentIndex + 1);
        return segments.get(segments.size() - 1);
    }

    /** Deletes every segment older than {@code keep} (after a snapshot made them unnecessary). */
    public synchronized void deleteSegmentsBefore(Path keep) throws IOException {
        int keepIndex = indexOf(keep);
        while (!segments.isEmpty() && indexOf(segments.get(0)) < keepIndex) {
            Path removed = segments.remove(0);
            mappings.remove(indexOf(removed));
            Files.deleteIfExists(removed);
        }
    }

    private void writeBuffer() throws IOException {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                currentSize += current.write(buffer);
            }
        } catch (IOException e) {
            // keep what did not reach the file, in order, for the next attempt (disk full, ...)
            buffer.compact();
            throw e;
        }
        buffer.clear();
    }

    @Override
    public synchronized void close() throws IOException {
        mappings.clear();
        if (current != null && current.isOpen()) {
            writeBuffer();
            current.force(false);
            current.close();
        }
    }
}
