package io.runnel.broker.commands;

import io.runnel.broker.testing.RunnelClientCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/**
 * XDELEX and XACKDEL (Redis 8.2): newer than the reference redis-server the differential tests
 * run, so these scenarios assert the replies Redis's own test suite expects for them.
 */
class StreamDeletionReferenceTest extends RunnelClientCase {

    @BeforeEach
    void prepare() throws Exception {
        r.callText("DEL", "mystream", "s");
    }

    private void twoEntriesTwoGroupsBothRead() throws Exception {
        r.callText("XADD", "mystream", "1-0", "f", "v");
        r.callText("XADD", "mystream", "2-0", "f", "v");
        r.callText("XGROUP", "CREATE", "mystream", "group1", "0");
        r.callText("XGROUP", "CREATE", "mystream", "group2", "0");
        r.callText("XREADGROUP", "GROUP", "group1", "consumer1", "STREAMS", "mystream", ">");
        r.callText("XREADGROUP", "GROUP", "group2", "consumer2", "STREAMS", "mystream", ">");
    }

    private static final String NOTHING_PENDING = "*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n";

    @Test
    void xackdelArgumentsAndMissingKeysOrGroups() throws Exception {
        expect("-ERR wrong number of arguments for 'xackdel' command\r\n", "XACKDEL", "s", "g");
        expect("*2\r\n:-1\r\n:-1\r\n", "XACKDEL", "s", "g", "IDS", "2", "1-1", "2-2");
        r.callText("XADD", "s", "1-0", "f", "v");
        expect("*2\r\n:-1\r\n:-1\r\n", "XACKDEL", "s", "g", "IDS", "2", "1-1", "2-2");
        r.callText("XGROUP", "CREATE", "s", "g", "0");
        expect("-ERR Number of IDs must be a positive integer\r\n", "XACKDEL", "s", "g", "IDS", "abc", "1-1");
        expect("-ERR Number of IDs must be a positive integer\r\n", "XACKDEL", "s", "g", "IDS", "0", "1-1");
        expect("-ERR Number of IDs must be a positive integer\r\n", "XACKDEL", "s", "g", "IDS", "-5", "1-1");
        expect("-ERR The `numids` parameter must match the number of arguments\r\n", "XACKDEL", "s", "g", "IDS", "3", "1-1", "2-2");
        expect("-ERR syntax error\r\n", "XACKDEL", "s", "g", "IDS", "1", "1-1", "2-2");
        expect("-ERR syntax error\r\n", "XACKDEL", "s", "g", "KEEPREF", "DELREF", "IDS", "1", "1-1");
        expect("-ERR syntax error\r\n", "XACKDEL", "s", "g", "DELREF", "ACKED", "IDS", "1", "1-1");
    }

    @Test
    void xackdelDelrefRemovesTheEntryFromEveryGroup() throws Exception {
        twoEntriesTwoGroupsBothRead();
        expect("*2\r\n:1\r\n:1\r\n", "XACKDEL", "mystream", "group1", "DELREF", "IDS", "2", "1-0", "2-0");
        expect(":0\r\n", "XLEN", "mystream");
        expect(NOTHING_PENDING, "XPENDING", "mystream", "group1");
        expect(NOTHING_PENDING, "XPENDING", "mystream", "group2");
        expect("*2\r\n:-1\r\n:-1\r\n", "XACKDEL", "mystream", "group2", "DELREF", "IDS", "2", "1-0", "2-0");
    }

    @Test
    void xackdelAckedDeletesOnlyWhatEveryGroupAcknowledged() throws Exception {
        twoEntriesTwoGroupsBothRead();
        expect("*2\r\n:2\r\n:2\r\n", "XACKDEL", "mystream", "group1", "ACKED", "IDS", "2", "1-0", "2-0");
        expect(":2\r\n", "XLEN", "mystream");
        expect(NOTHING_PENDING, "XPENDING", "mystream", "group1");
        expect("*4\r\n:2\r\n$3\r\n1-0\r\n$3\r\n2-0\r\n*1\r\n*2\r\n$9\r\nconsumer2\r\n$1\r\n2\r\n", "XPENDING", "mystream", "group2");
        expect("*2\r\n:1\r\n:1\r\n", "XACKDEL", "mystream", "group2", "ACKED", "IDS", "2", "1-0", "2-0");
        expect(":0\r\n", "XLEN", "mystream");
    }

    @Test
    void xackdelKeeprefLeavesOtherGroupsReferences() throws Exception {
        twoEntriesTwoGroupsBothRead();
        expect("*2\r\n:1\r\n:1\r\n", "XACKDEL", "mystream", "group1", "KEEPREF", "IDS", "2", "1-0", "2-0");
        expect(":0\r\n", "XLEN", "mystream");
        expect(NOTHING_PENDING, "XPENDING", "mystream", "group1");
        expect("*4\r\n:2\r\n$3\r\n1-0\r\n$3\r\n2-0\r\n*1\r\n*2\r\n$9\r\nconsumer2\r\n$1\r\n2\r\n", "XPENDING", "mystream", "group2");
        expect("*2\r\n:1\r\n:1\r\n", "XACKDEL", "mystream", "group2", "KEEPREF", "IDS", "2", "1-0", "2-0");
        expect(NOTHING_PENDING, "XPENDING", "mystream", "group2");
    }

    @Test
    void xdelexAckedWaitsForEveryGroup() throws Exception {
        for (int j = 0; j < 5; j++) {
            r.callText("XADD", "mystream", j + "-1", "item", Integer.toString(j));
        }
        r.callText("XGROUP", "CREATE", "mystream", "mygroup", "0");
        r.callText("XREADGROUP", "GROUP", "mygroup", "consumer1", "STREAMS", "mystream", ">");
        expect("*5\r\n:2\r\n:2\r\n:2\r\n:2\r\n:2\r\n", "XDELEX", "mystream", "ACKED", "IDS", "5", "0-1", "1-1", "2-1", "3-1", "4-1");
        r.callText("XGROUP", "DESTROY", "mystream", "mygroup");
        expect("*5\r\n:1\r\n:1\r\n:1\r\n:1\r\n:1\r\n", "XDELEX", "mystream", "ACKED", "IDS", "5", "0-1", "1-1", "2-1", "3-1", "4-1");
        expect(":0\r\n", "XLEN", "mystream");
    }

    @Test
    void xdelexKeeprefAndDelref() throws Exception {
        twoEntriesTwoGroupsBothRead();
        expect("*2\r\n:1\r\n:-1\r\n", "XDELEX", "mystream", "IDS", "2", "1-0", "9-0");
        expect("*4\r\n:2\r\n$3\r\n1-0\r\n$3\r\n2-0\r\n*1\r\n*2\r\n$9\r\nconsumer1\r\n$1\r\n2\r\n", "XPENDING", "mystream", "group1");
        expect("*1\r\n:1\r\n", "XDELEX", "mystream", "DELREF", "IDS", "1", "2-0");
        expect("*4\r\n:1\r\n$3\r\n1-0\r\n$3\r\n1-0\r\n*1\r\n*2\r\n$9\r\nconsumer1\r\n$1\r\n1\r\n", "XPENDING", "mystream", "group1");
        expect("*1\r\n:-1\r\n", "XDELEX", "missing", "IDS", "1", "1-0");
        expect("-ERR Invalid stream ID specified as stream command argument\r\n", "XDELEX", "mystream", "IDS", "1", "nope");
        expect("-ERR syntax error\r\n", "XDELEX", "mystream", "BOGUS", "IDS", "1", "1-0");
        r.callText("SET", "str", "x");
        expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "XDELEX", "str", "IDS", "1", "1-0");
    }

    @Test
    void trimmingWithReferencePolicies() throws Exception {
        for (int j = 1; j <= 5; j++) {
            r.callText("XADD", "mystream", j + "-0", "f", "v");
        }
        r.callText("XGROUP", "CREATE", "mystream", "g", "0");
        r.callText("XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "mystream", ">");
        r.callText("XACK", "mystream", "g", "1-0");
        // ACKED trims only what every group has been delivered and acknowledged: 1-0
        expect(":1\r\n", "XTRIM", "mystream", "MAXLEN", "0", "ACKED");
        expect(":4\r\n", "XLEN", "mystream");
        // KEEPREF (the default) trims 2-0 and leaves it pending
        expect(":1\r\n", "XTRIM", "mystream", "MINID", "3-0", "KEEPREF");
        expect("*4\r\n:1\r\n$3\r\n2-0\r\n$3\r\n2-0\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n1\r\n", "XPENDING", "mystream", "g");
        // DELREF trims and removes pending references too
        r.callText("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "mystream", ">");
        expect(":1\r\n", "XTRIM", "mystream", "MINID", "4-0", "DELREF");
        expect("*4\r\n:1\r\n$3\r\n2-0\r\n$3\r\n2-0\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n1\r\n", "XPENDING", "mystream", "g");
        // XADD takes the same policies for the trim it does
        expect("$3\r\n6-0\r\n", "XADD", "mystream", "MAXLEN", "0", "ACKED", "6-0", "f", "v");
        expect(":3\r\n", "XLEN", "mystream");
        expect("-ERR syntax error\r\n", "XTRIM", "mystream", "MAXLEN", "0", "ACKED", "DELREF");
    }
}
