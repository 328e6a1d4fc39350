package io.runnel.broker.persist;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import io.runnel.persistence.log.RecordLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A command that changes several entities is all or nothing after a crash. Here the crash is
 * made exact: after an MSET over keys of different entities, the journal is cut just before the
 * MSET's commit record, as a crash between the entities' parts and the commit leaves it. The
 * restarted server shows none of that MSET (not the part of any entity) and all that came
 * before; with the commit record in place it shows all of it.
 */
class TransactionRecoveryTest {

    @TempDir
    Path dir;

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }

    private RunnelServer start() {
        return RunnelTestServer.start("--port", "0", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString());
    }

    @Test
    void aCommandSpanningEntitiesWithoutItsCommitRecordIsNotRecoveredAtAll() throws Exception {
        RunnelServer server = start();
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("+OK\r\n", text(client.call("MSET", "{a}k", "old", "{b}k", "old", "{c}k", "old")));
            assertEquals("+OK\r\n", text(client.call("MSET", "{a}k", "new", "{b}k", "new", "{c}k", "new")));
        } finally {
            server.close();
        }
        Path journal = dir.resolve("appendonlydir");
        List<Long> positions = new ArrayList<>();
        try (RecordLog log = RecordLog.open(journal, RecordLog.Options.defaults(), (position, payload) -> positions.add(position))) {
            // nothing to do: the positions are what opening reports
        }
        long commit = positions.get(positions.size() - 1); // the last MSET's commit record
        Path segment = RecordLog.segmentOf(journal, commit);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(commit & ((1L << 40) - 1));
        }

        server = start();
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("*3\r\n$3\r\nold\r\n$3\r\nold\r\n$3\r\nold\r\n", text(client.call("MGET", "{a}k", "{b}k", "{c}k")),
                    "none of the uncommitted MSET, all of the one before");
            assertEquals("+OK\r\n", text(client.call("MSET", "{a}k", "again", "{b}k", "again", "{c}k", "again")));
        } finally {
            server.close();
        }
        server = start();
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("*3\r\n$5\r\nagain\r\n$5\r\nagain\r\n$5\r\nagain\r\n", text(client.call("MGET", "{a}k", "{b}k", "{c}k")));
        } finally {
            server.close();
        }
    }
}
