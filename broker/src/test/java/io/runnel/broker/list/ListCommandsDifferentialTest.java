package io.runnel.broker.list;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

/**
 * The list commands that do not block, against redis-server: replies, errors, arity and
 * WRONGTYPE byte for byte, in RESP2 and RESP3; an emptied list disappears.
 */
class ListCommandsDifferentialTest extends DifferentialCase {

    @Test
    void pushesAndPops() {
        d.same("RPUSH", "l", "a", "b", "c");
        d.same("LPUSH", "l", "z", "y");
        d.same("LRANGE", "l", "0", "-1");
        d.same("LPUSHX", "nokey", "a");
        d.same("RPUSHX", "nokey", "a", "b");
        d.same("EXISTS", "nokey");
        d.same("LPUSHX", "l", "x");
        d.same("RPUSHX", "l", "d", "e");
        d.same("LLEN", "l");
        d.same("LLEN", "nokey");
        d.same("LPOP", "l");
        d.same("RPOP", "l");
        d.same("LPOP", "l", "2");
        d.same("RPOP", "l", "0");
        d.same("LPOP", "l", "100");
        d.same("EXISTS", "l");
        d.same("LPOP", "l");
        d.same("LPOP", "l", "2");
        d.same("LPOP", "nokey", "0");
        d.same("RPOP", "nokey");
        d.same("RPOP", "l", "-1");
        d.same("RPOP", "l", "x");
        d.same("OBJECT", "ENCODING", "l");
        d.same("RPUSH", "l2", "1");
        d.same("OBJECT", "ENCODING", "l2");
        d.same("TYPE", "l2");
        d.resp3();
        d.same("LPOP", "nokey", "2");
        d.same("LPOP", "nokey");
        d.same("RPOP", "l2", "5");
    }

    @Test
    void rangesAndIndexes() {
        d.same("RPUSH", "l", "a", "b", "c", "d", "e");
        for (String[] range : new String[][] {{"0", "-1"}, {"1", "2"}, {"-2", "-1"}, {"-100", "100"}, {"3", "1"}, {"5", "10"},
                {"-1", "-5"}, {"0", "0"}, {"x", "1"}}) {
            d.same("LRANGE", "l", range[0], range[1]);
        }
        d.same("LRANGE", "nokey", "0", "-1");
        for (String index : new String[] {"0", "4", "5", "-1", "-5", "-6", "x"}) {
            d.same("LINDEX", "l", index);
        }
        d.same("LINDEX", "nokey", "0");
        d.same("LINDEX", "nokey", "x");
        d.same("SET", "str", "v");
        d.same("LINDEX", "str", "x");
        d.same("LSET", "str", "x", "v");
        d.same("LSET", "nokey", "x", "v");
        d.same("LSET", "l", "0", "A");
        d.same("LSET", "l", "-1", "E");
        d.same("LSET", "l", "5", "x");
        d.same("LSET", "l", "-6", "x");
        d.same("LSET", "nokey", "0", "x");
        d.same("LSET", "l", "x", "x");
        d.same("LRANGE", "l", "0", "-1");
    }

    @Test
    void editsInsertRemoveTrim() {
        d.same("RPUSH", "l", "a", "b", "a", "c", "a", "d");
        d.same("LINSERT", "l", "BEFORE", "a", "x");
        d.same("LINSERT", "l", "after", "d", "y");
        d.same("LINSERT", "l", "AFTER", "zz", "y");
        d.same("LINSERT", "nokey", "BEFORE", "a", "x");
        d.same("LINSERT", "l", "MIDDLE", "a", "x");
        d.same("LRANGE", "l", "0", "-1");
        d.same("LREM", "l", "1", "a");
        d.same("LREM", "l", "-1", "a");
        d.same("LRANGE", "l", "0", "-1");
        d.same("LREM", "l", "0", "a");
        d.same("LREM", "l", "0", "missing");
        d.same("LREM", "nokey", "0", "a");
        d.same("LREM", "l", "x", "a");
        d.same("LRANGE", "l", "0", "-1");
        d.same("LTRIM", "l", "1", "-2");
        d.same("LRANGE", "l", "0", "-1");
        d.same("LTRIM", "l", "-100", "100");
        d.same("LTRIM", "nokey", "0", "1");
        d.same("LTRIM", "l", "x", "1");
        d.same("LTRIM", "l", "5", "1");
        d.same("EXISTS", "l");
        d.same("RPUSH", "m", "a", "a");
        d.same("LREM", "m", "0", "a");
        d.same("EXISTS", "m");
    }

    @Test
    void positions() {
        d.same("RPUSH", "l", "a", "b", "c", "a", "b", "a");
        for (String[] options : new String[][] {{}, {"RANK", "2"}, {"RANK", "-1"}, {"RANK", "-3"}, {"RANK", "4"}, {"COUNT", "0"},
                {"COUNT", "2"}, {"RANK", "2", "COUNT", "0"}, {"RANK", "-1", "COUNT", "2"}, {"MAXLEN", "3"}, {"MAXLEN", "1", "COUNT", "0"},
                {"RANK", "0"}, {"COUNT", "-1"}, {"MAXLEN", "-1"}, {"RANK"}, {"FOO", "1"}, {"RANK", "x"}}) {
            String[] command = new String[3 + options.length];
            command[0] = "LPOS";
            command[1] = "l";
            command[2] = "a";
            System.arraycopy(options, 0, command, 3, options.length);
            d.same(command);
        }
        d.same("LPOS", "l", "z");
        d.same("LPOS", "l", "z", "COUNT", "1");
        d.same("LPOS", "nokey", "a");
        d.same("LPOS", "nokey", "a", "COUNT", "2");
    }

    @Test
    void moves() {
        d.same("RPUSH", "src", "1", "2", "3");
        d.same("LMOVE", "src", "dst", "LEFT", "RIGHT");
        d.same("LMOVE", "src", "dst", "right", "left");
        d.same("LMOVE", "src", "src", "LEFT", "RIGHT");
        d.same("LRANGE", "src", "0", "-1");
        d.same("LMOVE", "src", "src", "RIGHT", "RIGHT");
        d.same("RPOPLPUSH", "src", "{a}dst2");
        d.same("EXISTS", "src");
        d.same("LRANGE", "dst", "0", "-1");
        d.same("LRANGE", "{a}dst2", "0", "-1");
        d.same("RPOPLPUSH", "nokey", "dst");
        d.same("LMOVE", "nokey", "dst", "LEFT", "LEFT");
        d.same("LMOVE", "dst", "dst2", "UP", "LEFT");
        d.same("SET", "str", "v");
        d.same("LMOVE", "dst", "str", "LEFT", "LEFT");
        d.same("RPOPLPUSH", "str", "dst");
        d.same("LRANGE", "dst", "0", "-1");
        d.same("RPUSH", "one", "x");
        d.same("RPOPLPUSH", "one", "one");
        d.same("LRANGE", "one", "0", "-1");
    }

    @Test
    void errorsAndWrongTypes() {
        d.same("SET", "str", "v");
        for (String[] command : new String[][] {{"LPUSH", "str", "a"}, {"RPUSH", "str", "a"}, {"LPUSHX", "str", "a"}, {"RPUSHX", "str", "a"},
                {"LPOP", "str"}, {"RPOP", "str", "2"}, {"LLEN", "str"}, {"LRANGE", "str", "0", "1"}, {"LINDEX", "str", "0"},
                {"LSET", "str", "0", "x"}, {"LINSERT", "str", "BEFORE", "a", "b"}, {"LREM", "str", "0", "a"}, {"LTRIM", "str", "0", "1"},
                {"LPOS", "str", "a"}, {"LPUSH", "l"}, {"RPUSH"}, {"LPOP"}, {"LPOP", "l", "1", "2"}, {"LLEN"}, {"LRANGE", "l", "0"},
                {"LINDEX", "l"}, {"LSET", "l", "0"}, {"LINSERT", "l", "BEFORE", "a"}, {"LREM", "l", "0"}, {"LTRIM", "l", "0"},
                {"LPOS", "l"}, {"LMOVE", "a", "b", "LEFT"}, {"RPOPLPUSH", "a"}}) {
            d.same(command);
        }
        d.same("RPUSH", "l", "a");
        d.same("GET", "l");
        d.same("HGET", "l", "a");
    }
}
