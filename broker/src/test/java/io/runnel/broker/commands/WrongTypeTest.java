package io.runnel.broker.commands;

import io.runnel.broker.keyspace.Entry;
import io.runnel.broker.keyspace.KeyspaceEvents.ValueSet;
import io.runnel.broker.keyspace.ShardState;
import io.runnel.broker.keyspace.Value;
import io.runnel.broker.testing.Differential;
import io.runnel.broker.testing.ShardRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The string and key commands on a key that holds another type. Runnel has no other type yet,
 * so these run the handlers directly on a slot range with a planted non-string value; the
 * expected replies are redis-server 7.0's for the same commands on a list created with LPUSH.
 */
class WrongTypeTest {

    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    /** Stands for a list: only its type and encoding names matter to these commands. */
    private static final class PlantedList implements Value {
        private int access = -1;

        @Override
        public int access() {
            return access;
        }

        @Override
        public void access(int field) {
            access = field;
        }

        @Override
        public String typeName() {
            return "list";
        }

        @Override
        public String encoding() {
            return "listpack";
        }

        @Override
        public Value copy() {
            return new PlantedList();
        }
    }

    private ShardRunner runner;
    private ShardState shard;

    @BeforeEach
    void plant() {
        runner = new ShardRunner();
        shard = runner.shard();
        shard.emit(new ValueSet(0, "l".getBytes(), new PlantedList(), Entry.NO_EXPIRY));
    }

    private void expect(String reply, String... command) {
        assertEquals(Differential.printable(reply.getBytes()), runner.run(command), () -> String.join(" ", command));
    }

    @Test
    void readsAndUpdatesOfStringsAnswerWrongType() {
        String[][] commands = {{"GET", "l"}, {"SET", "l", "v", "GET"}, {"SET", "l", "v", "NX", "GET"},
                {"SET", "l", "v", "XX", "GET"}, {"GETSET", "l", "v"}, {"GETDEL", "l"}, {"GETEX", "l"},
                {"GETEX", "l", "EX", "10"}, {"GETEX", "l", "EX", "abc"}, {"INCR", "l"}, {"INCRBY", "l", "1"},
                {"DECR", "l"}, {"DECRBY", "l", "1"}, {"INCRBYFLOAT", "l", "1"}, {"INCRBYFLOAT", "l", "abc"},
                {"APPEND", "l", "x"}, {"STRLEN", "l"}, {"SETRANGE", "l", "0", "x"}, {"SETRANGE", "l", "0", ""},
                {"GETRANGE", "l", "0", "-1"}, {"SUBSTR", "l", "0", "-1"}};
        for (String[] command : commands) {
            expect(WRONGTYPE, command);
        }
        expect(":1\r\n", "EXISTS", "l");
        expect("+list\r\n", "TYPE", "l");
    }

    @Test
    void argumentErrorsComeFirstWhereRedisChecksThemFirst() {
        expect("-ERR offset is out of range\r\n", "SETRANGE", "l", "-1", "x");
        expect("-ERR value is not an integer or out of range\r\n", "GETRANGE", "l", "a", "b");
        expect("-ERR value is not an integer or out of range\r\n", "INCRBY", "l", "abc");
        expect("-ERR syntax error\r\n", "SET", "l", "v", "FOO", "GET");
        expect("-ERR invalid expire time in 'set' command\r\n", "SET", "l", "v", "GET", "EX", "0");
    }

    @Test
    void commandsThatSkipOrReplaceOtherTypes() {
        expect("*2\r\n$-1\r\n$-1\r\n", "MGET", "l", "x");
        expect(":0\r\n", "MSETNX", "l", "1", "x", "2");
        expect(":0\r\n", "SETNX", "l", "1");
        expect("$-1\r\n", "SET", "l", "v", "NX");
        expect("-ERR The specified keys must contain string values\r\n", "LCS", "l", "x");
        expect("-ERR The specified keys must contain string values\r\n", "LCS", "x", "l");
        expect("-ERR The specified keys must contain string values\r\n", "LCS", "l", "x", "FOO");
        expect("+list\r\n", "TYPE", "l");
        expect("$8\r\nlistpack\r\n", "OBJECT", "ENCODING", "l");
        expect("+OK\r\n", "RENAME", "l", "l2");
        expect("+list\r\n", "TYPE", "l2");
        expect(":1\r\n", "COPY", "l2", "l");
        expect("+list\r\n", "TYPE", "l");
        expect("+OK\r\n", "SET", "l", "v");
        expect("$1\r\nv\r\n", "GET", "l");
        expect("+OK\r\n", "MSET", "l2", "1");
        expect("$1\r\n1\r\n", "GET", "l2");
        shard.emit(new ValueSet(0, "l3".getBytes(), new PlantedList(), Entry.NO_EXPIRY));
        expect("+OK\r\n", "SETEX", "l3", "100", "v");
        expect("$1\r\nv\r\n", "GET", "l3");
        shard.emit(new ValueSet(0, "l4".getBytes(), new PlantedList(), Entry.NO_EXPIRY));
        expect(":1\r\n", "DEL", "l4");
        expect(":0\r\n", "EXISTS", "l4");
    }
}
