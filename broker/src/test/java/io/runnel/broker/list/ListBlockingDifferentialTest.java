package io.runnel.broker.list;

import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.BlockingScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * LMPOP and the blocking pops against redis-server: immediate pops, timeouts, clients served by a
 * later push (on any of their keys, in the order they blocked, keys in different entities), the
 * shapes of RESP2 and RESP3 replies, CLIENT UNBLOCK, and the argument errors.
 */
class ListBlockingDifferentialTest extends DifferentialCase {

    @Test
    void popsFromTheFirstNonEmptyList() {
        d.same("RPUSH", "b", "1", "2", "3");
        d.same("LMPOP", "2", "a", "b", "LEFT");
        d.same("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "5");
        d.same("EXISTS", "b");
        d.same("LMPOP", "2", "a", "b", "LEFT");
        d.same("RPUSH", "a", "x", "y");
        d.same("BLPOP", "nokey", "a", "0");
        d.same("BRPOP", "a", "0");
        d.same("RPUSH", "c", "1", "2", "3");
        d.same("BLMPOP", "0", "1", "c", "LEFT", "COUNT", "2");
        d.same("BLMPOP", "0.01", "2", "nokey", "nokey2", "RIGHT");
        d.same("BLPOP", "nokey", "0.01");
        d.same("BRPOP", "nokey", "nokey2", "0.02");
        d.resp3();
        d.same("BLPOP", "nokey", "0.01");
        d.same("LMPOP", "1", "nokey", "LEFT");
        d.same("RPUSH", "c", "4");
        d.same("LMPOP", "1", "c", "LEFT");
        d.same("RPUSH", "c", "5");
        d.same("BLPOP", "c", "1");
    }

    @Test
    void errorsAreRedis() {
        d.same("SET", "s", "v");
        for (String[] command : new String[][] {{"LMPOP", "0", "a", "LEFT"}, {"LMPOP", "2", "a", "LEFT"}, {"LMPOP", "1", "a", "MIDDLE"},
                {"LMPOP", "1", "a", "LEFT", "COUNT", "0"}, {"LMPOP", "1", "a", "LEFT", "COUNT", "x"}, {"LMPOP", "1", "a", "LEFT", "FOO"},
                {"LMPOP", "x", "a", "LEFT"}, {"LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "2"}, {"LMPOP", "2", "s", "a", "LEFT"},
                {"BLPOP", "a", "x"}, {"BLPOP", "a", "-1"}, {"BLPOP", "a", "1e100"}, {"BLMPOP", "-1", "1", "a", "LEFT"},
                {"BLMPOP", "x", "1", "a", "LEFT"}, {"BLPOP", "nokey", "s", "0.01"}, {"BRPOP", "s", "0"}, {"BLPOP", "a"},
                {"BLMPOP", "0", "1", "a"}, {"LMPOP", "1", "a"}}) {
            d.same(command);
        }
    }

    @Test
    void blockedClientsAreServedInTheOrderTheyBlocked() throws Exception {
        String[] transcripts = BlockingScenarios.onBoth(d, (first, second, writer) -> {
            StringBuilder out = new StringBuilder();
            first.send(RawClient.encode(RawClient.bytes("BLPOP", "queue:a", "queue:b", "0")));
            BlockingScenarios.awaitBlocked(writer, 1);
            second.send(RawClient.encode(RawClient.bytes("BRPOP", "queue:b", "5")));
            BlockingScenarios.awaitBlocked(writer, 2);
            out.append(writer.callText("RPUSH", "queue:b", "one", "two", "three"));
            out.append(BlockingScenarios.text(first.readReply())).append(BlockingScenarios.text(second.readReply()));
            out.append(writer.callText("LRANGE", "queue:b", "0", "-1"));
            out.append(writer.callText("INFO", "clients").contains("blocked_clients:0"));
            return out.toString();
        });
        assertEquals(transcripts[0], transcripts[1]);
    }

    @Test
    void aWaitingMpopTakesItsCountAndATimeoutAnswersNil() throws Exception {
        String[] transcripts = BlockingScenarios.onBoth(d, (first, second, writer) -> {
            StringBuilder out = new StringBuilder();
            first.send(RawClient.encode(RawClient.bytes("BLMPOP", "5", "2", "jobs:x", "jobs:y", "RIGHT", "COUNT", "2")));
            BlockingScenarios.awaitBlocked(writer, 1);
            out.append(writer.callText("LPUSH", "jobs:y", "1", "2", "3"));
            out.append(BlockingScenarios.text(first.readReply()));
            out.append(first.callText("BLPOP", "jobs:none", "0.05"));
            second.call("HELLO", "3");
            out.append(second.callText("BRPOP", "jobs:none", "0.05"));
            out.append(second.callText("BLMPOP", "0.05", "1", "jobs:none", "LEFT"));
            out.append(writer.callText("LRANGE", "jobs:y", "0", "-1"));
            return out.toString();
        });
        assertEquals(transcripts[0], transcripts[1]);
    }

    @Test
    void blockingMovesAreRedis() {
        d.same("RPUSH", "src", "1", "2");
        d.same("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
        d.same("BRPOPLPUSH", "src", "dst", "0");
        d.same("EXISTS", "src");
        d.same("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0.01");
        d.same("BRPOPLPUSH", "src", "dst", "0.01");
        d.same("LRANGE", "dst", "0", "-1");
        d.same("SET", "str", "v");
        for (String[] command : new String[][] {{"BLMOVE", "src", "dst", "UP", "LEFT", "0"}, {"BLMOVE", "src", "dst", "LEFT", "LEFT", "x"},
                {"BLMOVE", "src", "dst", "LEFT", "LEFT", "-1"}, {"BRPOPLPUSH", "src", "dst", "x"}, {"BLMOVE", "str", "dst", "LEFT", "LEFT", "0"},
                {"BLMOVE", "dst", "str", "LEFT", "LEFT", "0"}, {"BRPOPLPUSH", "dst", "str", "0"}, {"BLMOVE", "a", "b", "LEFT", "LEFT"}}) {
            d.same(command);
        }
    }

    @Test
    void aWaitingMoveIsServedWhateverEntitiesItsListsAreIn() throws Exception {
        io.runnel.broker.keyspace.SlotLayout layout = new io.runnel.broker.keyspace.SlotLayout(64);
        org.junit.jupiter.api.Assertions.assertNotEquals(layout.entityOf("mv:source".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                layout.entityOf("mv:target".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "the move crosses entities");
        String[] transcripts = BlockingScenarios.onBoth(d, (first, second, writer) -> {
            StringBuilder out = new StringBuilder();
            // the source and destination in different entities; {mv}a and {mv}b in one
            first.send(RawClient.encode(RawClient.bytes("BLMOVE", "mv:source", "mv:target", "RIGHT", "LEFT", "5")));
            second.send(RawClient.encode(RawClient.bytes("BRPOPLPUSH", "{mv}a", "{mv}b", "5")));
            BlockingScenarios.awaitBlocked(writer, 2);
            out.append(writer.callText("RPUSH", "mv:source", "x", "y"));
            out.append(BlockingScenarios.text(first.readReply()));
            out.append(writer.callText("RPUSH", "{mv}a", "z"));
            out.append(BlockingScenarios.text(second.readReply()));
            out.append(writer.callText("LRANGE", "mv:source", "0", "-1")).append(writer.callText("LRANGE", "mv:target", "0", "-1"));
            out.append(writer.callText("EXISTS", "{mv}a")).append(writer.callText("LRANGE", "{mv}b", "0", "-1"));
            first.send(RawClient.encode(RawClient.bytes("BLMOVE", "mv:empty", "mv:target", "LEFT", "LEFT", "0.05")));
            out.append(BlockingScenarios.text(first.readReply()));
            return out.toString();
        });
        assertEquals(transcripts[0], transcripts[1]);
    }

    @Test
    void clientUnblockEndsAWait() throws Exception {
        String[] transcripts = BlockingScenarios.onBoth(d, BlockingScenarios.clientUnblock(new String[] {"BLPOP", "unblock:l", "0"},
                new String[] {"RPUSH", "unblock:l", "x"}, new String[] {"LLEN", "unblock:l"}));
        assertEquals(transcripts[0], transcripts[1]);
    }
}
