package io.runnel.broker.commands;

import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.DifferentialCase;
import io.runnel.broker.testing.NotificationWatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH against redis-server: queuing, the errors that abort
 * a transaction and those that do not, runtime errors inside EXEC, what makes a watched key
 * dirty (another client, the client itself, expiry, FLUSHALL, SWAPDB) and what does not,
 * blocking commands inside a transaction, SELECT inside one, RESP3, notifications, CLIENT
 * LIST's view of a client in a transaction.
 */
class TransactionDifferentialTest extends DifferentialCase {

    /** MULTI, one command, EXEC: each reply compared. */
    private void transaction(String... command) {
        d.same("MULTI");
        d.same(command);
        d.same("EXEC");
    }

    /** A second client on each server. */
    private Differential other() {
        return Differential.connect(d.redis().port(), d.runnel().port());
    }

    @Test
    void queuedCommandsRunInOrderWithTheirOwnErrors() {
        d.same("MULTI");
        d.same("SET", "a", "1");
        d.same("INCR", "a");
        d.same("LPUSH", "a", "x");
        d.same("SET", "{b}k", "2");
        d.same("MGET", "a", "{b}k", "missing");
        d.same("HSET", "h", "f", "v");
        d.same("EXPIRE", "a", "100");
        d.same("TTL", "a");
        d.same("EXEC");
        d.same("GET", "a");
        transaction("EXEC");
        d.same("DISCARD");
        d.same("MULTI");
        d.same("SET", "gone", "1");
        d.same("DISCARD");
        d.same("EXISTS", "gone");
        d.same("MULTI");
        d.same("MULTI");
        d.same("WATCH", "a");
        d.same("PING");
        d.same("ECHO", "hi");
        d.same("EXEC");
    }

    @Test
    void errorsWhileQueuingAbortTheTransaction() {
        for (String[] refused : new String[][] {{"NOSUCHCOMMAND", "x"}, {"GET"}, {"SET", "a"}, {"SAVE"}, {"CONFIG", "NOSUCH"}}) {
            d.same("MULTI");
            d.same("SET", "before", "1");
            d.same(refused);
            d.same("SET", "after", "1");
            d.same("EXEC");
            d.same("EXISTS", "before", "after");
        }
    }

    @Test
    void aWatchedKeyChangedByAnyoneAbortsExec() {
        try (Differential other = other()) {
            d.same("SET", "k", "1");
            d.same("WATCH", "k");
            other.same("SET", "k", "2");
            transaction("SET", "k", "3");
            d.same("GET", "k");
            // the watch is gone after EXEC
            transaction("SET", "k", "4");
            // the client's own change counts too
            d.same("WATCH", "k");
            d.same("SET", "k", "5");
            transaction("GET", "k");
            // untouched: runs
            d.same("WATCH", "k", "{x}other", "never-there");
            other.same("GET", "k");
            other.same("SET", "unrelated", "1");
            transaction("INCR", "k");
            // UNWATCH forgets
            d.same("WATCH", "k");
            d.same("UNWATCH");
            other.same("SET", "k", "9");
            transaction("GET", "k");
            // DISCARD forgets too
            d.same("WATCH", "k");
            d.same("MULTI");
            d.same("DISCARD");
            other.same("SET", "k", "10");
            transaction("GET", "k");
            // a change in another database is another key
            d.same("WATCH", "k");
            other.same("SELECT", "1");
            other.same("SET", "k", "db1");
            transaction("GET", "k");
            // a deleted key is a changed key; a key created after WATCH as well
            d.same("WATCH", "k", "newkey");
            other.same("SELECT", "0");
            other.same("SET", "newkey", "1");
            transaction("GET", "k");
        }
    }

    @Test
    void whichCommandsMakeAWatchedKeyDirty() {
        String[][][] cases = {
            // setup, then the command another client runs on the watched key "w"
            {{"SET", "w", "1"}, {"SET", "w", "1"}},
            {{"SET", "w", "1"}, {"SET", "w", "2", "NX"}},
            {{"SET", "w", "1"}, {"EXPIRE", "w", "100"}},
            {{"SET", "w", "1"}, {"PERSIST", "w"}},
            {{"SET", "w", "1", "EX", "100"}, {"PERSIST", "w"}},
            {{"SET", "w", "1"}, {"APPEND", "w", ""}},
            {{"SET", "w", "1"}, {"GETDEL", "w"}},
            {{"SET", "w", "1"}, {"GET", "w"}},
            {{"SET", "w", "1"}, {"DEL", "nothing"}},
            {{"SET", "w", "1"}, {"RENAME", "w", "w2"}},
            {{"SET", "w2", "1"}, {"RENAME", "w2", "w"}},
            {{"SET", "w", "1"}, {"COPY", "w", "w3"}},
            {{"SET", "w3", "1"}, {"COPY", "w3", "w"}},
            {{"SET", "w", "1"}, {"MOVE", "w", "2"}},
            {{"RPUSH", "w", "a"}, {"LPUSH", "w", "b"}},
            {{"RPUSH", "w", "a"}, {"LREM", "w", "0", "zzz"}},
            {{"RPUSH", "w", "a"}, {"LPOP", "w"}},
            {{"SADD", "w", "a"}, {"SADD", "w", "a"}},
            {{"SADD", "w", "a"}, {"SREM", "w", "b"}},
            {{"HSET", "w", "f", "v"}, {"HSET", "w", "f", "v"}},
            {{"HSET", "w", "f", "v"}, {"HDEL", "w", "g"}},
            {{"HSET", "w", "f", "v"}, {"HSETNX", "w", "f", "x"}},
            {{"ZADD", "w", "1", "a"}, {"ZADD", "w", "1", "a"}},
            {{"ZADD", "w", "1", "a"}, {"ZADD", "w", "2", "a"}},
            {{"ZADD", "w", "1", "a"}, {"ZREM", "w", "b"}},
            {{"XADD", "w", "1-1", "f", "v"}, {"XADD", "w", "2-1", "f", "v"}},
            {{"XADD", "w", "1-1", "f", "v"}, {"XGROUP", "CREATE", "w", "g", "0"}},
            {{"XADD", "w", "1-1", "f", "v"}, {"XTRIM", "w", "MAXLEN", "10"}},
            {{"XADD", "w", "1-1", "f", "v"}, {"XDEL", "w", "9-9"}},
            {{"SET", "w", "1"}, {"SETBIT", "w", "0", "0"}},
            {{"SET", "w", "1"}, {"PFADD", "w"}},
            {{"SET", "w", "1"}, {"FLUSHDB"}},
            {{"SET", "elsewhere", "1"}, {"FLUSHALL"}},
            {{"SET", "w", "1"}, {"SWAPDB", "0", "3"}},
            {{"SET", "w", "1"}, {"SELECT", "3"}},
        };
        try (Differential other = other()) {
            for (String[][] scenario : cases) {
                d.same("FLUSHALL");
                other.same("SELECT", "0");
                d.same(scenario[0]);
                d.same("WATCH", "w");
                other.same(scenario[1]);
                d.same("MULTI");
                d.same("PING");
                try {
                    d.same("EXEC");
                } catch (AssertionError e) {
                    throw new AssertionError("after " + String.join(" ", scenario[0]) + " then " + String.join(" ", scenario[1]), e);
                }
            }
        }
    }

    @Test
    void aWatchedKeyThatExpiresAbortsExec() throws Exception {
        d.same("SET", "k", "1", "PX", "50");
        d.same("WATCH", "k");
        Thread.sleep(120);
        transaction("PING");
        d.same("SET", "k", "1", "PX", "100000");
        d.same("WATCH", "k");
        transaction("PING");
    }

    @Test
    void blockingCommandsInsideATransactionDoNotBlock() {
        d.same("MULTI");
        d.same("BLPOP", "empty", "0");
        d.same("BRPOP", "empty", "1");
        d.same("BLMOVE", "empty", "dst", "LEFT", "RIGHT", "0");
        d.same("BZPOPMIN", "emptyz", "0");
        d.same("XREAD", "BLOCK", "0", "STREAMS", "nostream", "$");
        d.same("RPUSH", "full", "x");
        d.same("BLPOP", "full", "0");
        d.same("EXEC");
    }

    /**
     * Clients blocked on keys a transaction pushes to are served after the whole transaction, as
     * Redis serves them: they see its final state, in one entity and across several.
     */
    @Test
    void blockedClientsAreServedAfterTheTransaction() throws Exception {
        String[] transcripts = io.runnel.broker.testing.BlockingScenarios.onBoth(d, (first, second, writer) -> {
            StringBuilder out = new StringBuilder();
            first.send(io.runnel.broker.testing.RawClient.encode(io.runnel.broker.testing.RawClient.bytes("BLPOP", "{q}list", "0")));
            second.send(io.runnel.broker.testing.RawClient.encode(io.runnel.broker.testing.RawClient.bytes("BLPOP", "other", "{q}gone", "0")));
            io.runnel.broker.testing.BlockingScenarios.awaitBlocked(writer, 2);
            for (String[] command : new String[][] {{"MULTI"}, {"LPUSH", "{q}list", "a"}, {"LPUSH", "{q}list", "b"},
                    {"RPUSH", "{q}gone", "x"}, {"LPOP", "{q}gone"}, {"RPUSH", "other", "o1", "o2"}, {"LLEN", "{q}list"}, {"EXEC"}}) {
                out.append(writer.callText(command));
            }
            out.append(io.runnel.broker.testing.BlockingScenarios.text(first.readReply()));
            out.append(io.runnel.broker.testing.BlockingScenarios.text(second.readReply()));
            out.append(writer.callText("LRANGE", "{q}list", "0", "-1")).append(writer.callText("LRANGE", "other", "0", "-1"));
            return out.toString();
        });
        assertEquals(transcripts[0], transcripts[1]);
    }

    @Test
    void selectInsideATransactionAppliesToWhatFollows() {
        d.same("MULTI");
        d.same("SET", "k", "db0");
        d.same("SELECT", "2");
        d.same("SET", "k", "db2");
        d.same("EXEC");
        d.same("GET", "k");
        d.same("SELECT", "0");
        d.same("GET", "k");
    }

    @Test
    void resp3AndNotifications() {
        d.resp3();
        try (Differential other = other(); NotificationWatch watch = NotificationWatch.open(d, "KEA")) {
            d.same("MULTI");
            d.same("SET", "a", "1");
            d.same("HSET", "{z}h", "f", "v");
            d.same("DEL", "a");
            d.same("EXEC");
            watch.assertSame();
            d.same("WATCH", "a");
            other.same("SET", "a", "2");
            transaction("GET", "a");
            d.same("DISCARD");
            watch.assertSame();
        }
    }

    /** CLIENT LIST's flags and multi fields of a client with a dirty watch, inside a transaction, and after. */
    @Test
    void clientListShowsTheTransaction() {
        String[] ids = d.replies("CLIENT", "ID");
        try (Differential other = other()) {
            assertSameFields(other, ids);
            d.same("WATCH", "k");
            other.same("SET", "k", "1");
            assertSameFields(other, ids);
            d.same("MULTI");
            d.same("SET", "x", "1");
            d.same("GET", "x");
            assertSameFields(other, ids);
            d.same("EXEC");
            assertSameFields(other, ids);
        }
    }

    private static void assertSameFields(Differential other, String[] ids) {
        String[] lists = other.replies("CLIENT", "LIST");
        assertEquals(fields(lists[0], ids[0]), fields(lists[1], ids[1]));
    }

    /** The flags and multi fields of the client whose CLIENT ID reply is {@code idReply}. */
    private static List<String> fields(String clientList, String idReply) {
        String id = idReply.trim().substring(1);
        Matcher line = Pattern.compile("id=" + id + " .* (flags=\\S*) .* (multi=-?\\d+) ").matcher(clientList);
        return line.find() ? List.of(line.group(1), line.group(2)) : List.of(clientList);
    }
}
