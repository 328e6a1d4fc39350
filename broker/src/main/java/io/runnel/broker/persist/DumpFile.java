package io.runnel.broker.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The snapshot file of a server without a journal (appendonly no): what Redis keeps in dump.rdb,
 * under the name {@code dbfilename} in {@code dir}, in Runnel's own format (not RDB):
 * <pre>
 *   "RUNNEL-DUMP" | u16 version | u32 entity count | per entity: u32 length, its slot range
 *   ({@link ShardSnapshot}) | u32 length, the function libraries (FUNCTION DUMP's payload)
 *   | u32 CRC-32C of everything before it
 * </pre>
 * big-endian. It is written whole under a temporary name, forced to disk and renamed over the old
 * one, so a crash during a save leaves the previous file intact, never a half-written one.
 */
public final class DumpFile {

    private static final byte[] MAGIC = "RUNNEL-DUMP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 2;
    /** Version 1 had no function libraries. */
    private static final int VERSION_WITHOUT_FUNCTIONS = 1;

    /** What a dump file holds: each entity's slot range, and the function libraries (null if none were saved). */
    public record Contents(List<byte[]> entities, byte[] functions) {
    }

    private DumpFile() {
    }

    /** Replaces {@code file} with the slot ranges of every entity, in entity order, and the function libraries. */
    public static void write(Path file, List<byte[]> entities, byte[] functions) throws IOException {
        long length = MAGIC.length + 2 + 4 + 4 + 4 + functions.length;
        for (byte[] entity : entities) {
            length += 4 + entity.length;
        }
        if (length > Integer.MAX_VALUE - 64) {
            throw new IOException("the dataset is too large for one dump file (" + length + " bytes)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) length);
        out.put(MAGIC).putShort((short) VERSION).putInt(entities.size());
        for (byte[] entity : entities) {
            out.putInt(entity.length).put(entity);
        }
        out.putInt(functions.length).put(functions);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        out.flip();

        Path dir = file.toAbsolutePath().getParent(); // not created: a missing dir fails the save, as in Redis
        Path temp = dir.resolve("temp-" + ProcessHandle.current().pid() + ".rdb");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new IOException(temp + " cannot be written: " + e.getMessage(), e);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true); // the rename itself survives a power cut
        } catch (IOException e) {
            // some file systems cannot force a directory; the file itself is safe
        }
    }

    /**
     * The slot ranges in {@code file}, one per entity, or null when there is no such file.
     * Throws with the file's name and what is wrong when it is damaged or was written for another
     * number of entities.
     */
    public static Contents read(Path file, int expectedEntities) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(file + " cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length < MAGIC.length + 2 + 4 + 4 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(file + " is not a Runnel dump file");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != in.getInt(bytes.length - 4)) {
            throw new IOException(file + " is damaged (checksum mismatch)");
        }
        in.position(MAGIC.length);
        int version = in.getShort();
        if (version != VERSION && version != VERSION_WITHOUT_FUNCTIONS) {
            throw new IOException(file + " has format version " + version + ", which this Runnel does not read");
        }
        int count = in.getInt();
        if (count != expectedEntities) {
            throw new IOException(file + " was written with keyspace-entities " + count + ", this server has "
                    + expectedEntities);
        }
        List<byte[]> entities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.getInt();
            if (length < 0 || length > in.remaining() - 4) {
                throw new IOException(file + " is damaged (entity " + i + " has an impossible length)");
            }
            byte[] entity = new byte[length];
            in.get(entity);
            entities.add(entity);
        }
        byte[] functions = null;
        if (version >= VERSION) {
            int length = in.getInt();
            if (length < 0 || length > in.remaining() - 4) {
                throw new IOException(file + " is damaged (the function libraries have an impossible length)");
            }
            functions = new byte[length];
            in.get(functions);
        }
        if (in.remaining() != 4) {
            throw new IOException(file + " is damaged (bytes after the last entity)");
        }
        return new Contents(entities, functions);
    }
}
