package io.runnel.broker.zset;

import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.BlockingScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and the blocking pops against redis-server: reply shapes in both
 * protocols, timeouts, clients served by a later ZADD in the order they blocked, keys in
 * different entities, CLIENT UNBLOCK, errors.
 */
class ZSetPopDifferentialTest extends DifferentialCase {

    @Test
    void popsAnswerAsRedis() {
        d.same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f", "7", "g", "8", "h");
        d.same("ZPOPMIN", "z");
        d.same("ZPOPMAX", "z");
        d.same("ZPOPMIN", "z", "2");
        d.same("ZPOPMAX", "z", "1");
        d.same("ZPOPMIN", "z", "0");
        d.same("ZPOPMIN", "nokey");
        d.same("ZPOPMIN", "nokey", "3");
        d.same("ZMPOP", "2", "nokey", "z", "MIN");
        d.same("ZMPOP", "1", "z", "MAX", "COUNT", "1");
        d.same("ZMPOP", "1", "nokey", "MIN");
        d.same("BZPOPMIN", "nokey", "z", "0");
        d.same("BZPOPMAX", "nokey", "0.01");
        d.same("BZMPOP", "0.01", "1", "nokey", "MIN");
        d.same("ZADD", "z", "1", "a", "2", "b");
        d.same("ZPOPMAX", "z", "10");
        d.same("EXISTS", "z");
        d.resp3();
        d.same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        d.same("ZPOPMIN", "z");
        d.same("ZPOPMIN", "z", "1");
        d.same("ZPOPMAX", "z", "2");
        d.same("ZPOPMIN", "nokey");
        d.same("ZMPOP", "1", "z", "MIN");
        d.same("ZMPOP", "1", "nokey", "MIN");
        d.same("BZPOPMIN", "nokey", "0.01");
        d.same("ZADD", "z", "9", "i");
        d.same("BZPOPMAX", "z", "0");
        d.same("BZMPOP", "0.01", "1", "nokey", "MAX");
    }

    @Test
    void errorsAreRedis() {
        d.same("ZADD", "z", "1", "a");
        d.same("SET", "str", "v");
        for (String[] command : new String[][] {{"ZPOPMIN", "z", "-1"}, {"ZPOPMIN", "z", "x"}, {"ZPOPMIN", "z", "1", "2"},
                {"ZPOPMIN", "str"}, {"ZPOPMAX", "str", "0"}, {"ZPOPMIN", "str", "-1"}, {"ZMPOP", "0", "z", "MIN"}, {"ZMPOP", "2", "z", "MIN"},
                {"ZMPOP", "1", "z", "MIDDLE"}, {"ZMPOP", "1", "z", "MIN", "COUNT", "0"}, {"ZMPOP", "1", "z", "MIN", "COUNT", "x"},
                {"ZMPOP", "1", "z", "MIN", "FOO"}, {"ZMPOP", "x", "z", "MIN"}, {"ZMPOP", "2", "nokey", "str", "MIN"},
                {"BZPOPMIN", "z", "x"}, {"BZPOPMIN", "z", "-1"}, {"BZPOPMIN", "nokey", "str", "0"}, {"BZMPOP", "-1", "1", "z", "MIN"},
                {"BZMPOP", "0", "1", "z"}, {"BZPOPMIN", "z"}, {"ZMPOP", "1", "z"}}) {
            d.same(command);
        }
        d.same("ZRANGE", "z", "0", "-1");
    }

    @Test
    void blockedClientsAreServedInTheOrderTheyBlocked() throws Exception {
        String[] transcripts = BlockingScenarios.onBoth(d, (first, second, writer) -> {
            StringBuilder out = new StringBuilder();
            first.send(RawClient.encode(RawClient.bytes("BZPOPMIN", "board:a", "board:b", "0")));
            BlockingScenarios.awaitBlocked(writer, 1);
            second.send(RawClient.encode(RawClient.bytes("BZMPOP", "5", "1", "board:b", "MAX", "COUNT", "2")));
            BlockingScenarios.awaitBlocked(writer, 2);
            out.append(writer.callText("ZADD", "board:b", "1", "one", "2", "two", "3", "three", "4", "four"));
            out.append(BlockingScenarios.text(first.readReply())).append(BlockingScenarios.text(second.readReply()));
            out.append(writer.callText("ZRANGE", "board:b", "0", "-1", "WITHSCORES"));
            out.append(writer.callText("INFO", "clients").contains("blocked_clients:0"));
            second.call("HELLO", "3");
            out.append(second.callText("BZPOPMAX", "board:none", "0.05"));
            second.send(RawClient.encode(RawClient.bytes("BZPOPMAX", "board:x", "{board}y", "5")));
            BlockingScenarios.awaitBlocked(writer, 1);
            out.append(writer.callText("ZADD", "{board}y", "7", "seven"));
            out.append(BlockingScenarios.text(second.readReply()));
            return out.toString();
        });
        assertEquals(transcripts[0], transcripts[1]);
    }

    @Test
    void clientUnblockEndsAWait() throws Exception {
        String[] transcripts = BlockingScenarios.onBoth(d, BlockingScenarios.clientUnblock(new String[] {"BZPOPMIN", "unblock:z", "0"},
                new String[] {"ZADD", "unblock:z", "1", "x"}, new String[] {"ZCARD", "unblock:z"}));
        assertEquals(transcripts[0], transcripts[1]);
    }
}
