package io.runnel.persistence.snapshot;

import com.typesafe.config.Config;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import scala.concurrent.Future;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Runnel's snapshot store plugin: one file per snapshot under {@code dir}, named after the
 * persistence id, sequence number and time. A file holds a header (magic, version), the payload's
 * serializer id and manifest, the payload and a CRC-32C of everything before it. It is written
 * to a temporary name, forced to disk and renamed, so a crash leaves either the whole snapshot
 * or none; a snapshot that does not verify is skipped for the one before it.
 */
public final class FileSnapshotStore extends SnapshotStore {

    private static final byte[] MAGIC = "RNLSNAP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final Pattern NAME = Pattern.compile("snapshot-(.+)-(\\d+)-(\\d+)\\.snap");

    private final Path dir;
    private final Serialization serialization = SerializationExtension.get(context().system());

    public FileSnapshotStore(Config config) throws IOException {
        this.dir = Path.of(config.getString("dir"));
        Files.createDirectories(dir);
    }

    private record Stored(Path file, SnapshotMetadata metadata) {
    }

    private List<Stored> stored(String persistenceId) throws IOException {
        List<Stored> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher matcher = NAME.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    String id = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
                    if (id.equals(persistenceId)) {
                        found.add(new Stored(file, SnapshotMetadata.apply(id, Long.parseLong(matcher.group(2)),
                                Long.parseLong(matcher.group(3)))));
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong((Stored s) -> s.metadata().sequenceNr())
                .thenComparingLong(s -> s.metadata().timestamp()).reversed());
        return found;
    }

    private Path fileOf(SnapshotMetadata metadata) {
        return dir.resolve("snapshot-" + URLEncoder.encode(metadata.persistenceId(), StandardCharsets.UTF_8) + "-"
                + metadata.sequenceNr() + "-" + metadata.timestamp() + ".snap");
    }

    @Override
    public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        try {
            for (Stored candidate : stored(persistenceId)) {
                if (!criteria.matches(candidate.metadata())) {
                    continue;
                }
                try {
                    return Futures.successful(Optional.of(SelectedSnapshot.create(candidate.metadata(), read(candidate.file()))));
                } catch (IOException e) {
                    context().system().log().warning("snapshot {} does not verify, using an older one: {}", candidate.file(),
                            e.getMessage());
                }
            }
            return Futures.successful(Optional.empty());
        } catch (IOException e) {
            return Futures.failed(e);
        }
    }

    private Object read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < MAGIC.length + 8) {
            throw new IOException("cut short");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ((bytes[bytes.length - 4] & 0xFF) << 24) | ((bytes[bytes.length - 3] & 0xFF) << 16)
                | ((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF);
        if ((int) crc.getValue() != stored) {
            throw new IOException("checksum mismatch");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a Runnel snapshot");
            }
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                throw new IOException("snapshot format version " + version + " is not known to this version of Runnel");
            }
            int serializerId = in.readInt();
            String manifest = in.readUTF();
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return serialization.deserialize(payload, serializerId, manifest).get();
        }
    }

    @Override
    public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
        try {
            Serializer serializer = serialization.findSerializerFor(snapshot);
            byte[] payload = serializer.toBinary(snapshot);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 64);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.write(MAGIC);
                out.writeShort(VERSION);
                out.writeInt(serializer.identifier());
                out.writeUTF(Serializers.manifestFor(serializer, snapshot));
                out.writeInt(payload.length);
                out.write(payload);
                CRC32C crc = new CRC32C();
                byte[] body = bytes.toByteArray();
                crc.update(body, 0, body.length);
                out.writeInt((int) crc.getValue());
            }
            Path target = fileOf(metadata);
            Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes.toByteArray());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true); // the rename itself reaches the disk
            } catch (IOException ignored) {
                // not every file system lets a directory be forced
            }
            return Futures.successful(null);
        } catch (IOException | RuntimeException e) {
            return Futures.failed(e);
        }
    }

    @Override
    public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
        try {
            for (Stored candidate : stored(metadata.persistenceId())) {
                if (candidate.metadata().sequenceNr() == metadata.sequenceNr()
                        && (metadata.timestamp() == 0 || candidate.metadata().timestamp() == metadata.timestamp())) {
                    Files.deleteIfExists(candidate.file());
                }
            }
            return Futures.successful(null);
        } catch (IOException e) {
            return Futures.failed(e);
        }
    }

    @Override
    public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        try {
            for (Stored candidate : stored(persistenceId)) {
                if (criteria.matches(candidate.metadata())) {
                    Files.deleteIfExists(candidate.file());
                }
            }
            return Futures.successful(null);
        } catch (IOException e) {
            return Futures.failed(e);
        }
    }
}
