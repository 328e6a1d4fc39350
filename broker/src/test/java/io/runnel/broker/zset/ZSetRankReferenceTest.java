package io.runnel.broker.zset;

import io.runnel.broker.testing.RunnelClientCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/**
 * ZRANK and ZREVRANK WITHSCORE (Redis 7.2): newer than the reference redis-server the
 * differential tests run, so these scenarios assert the replies Redis 7.2 gives, in both
 * encodings and both protocols.
 */
class ZSetRankReferenceTest extends RunnelClientCase {

    @BeforeEach
    void prepare() throws Exception {
        r.callText("DEL", "zranktmp", "big");
    }

    @Test
    void withScoreAnswersRankAndScore() throws Exception {
        r.callText("ZADD", "zranktmp", "10", "x", "20", "y", "30.5", "z");
        expect("*2\r\n:0\r\n$2\r\n10\r\n", "ZRANK", "zranktmp", "x", "WITHSCORE");
        expect("*2\r\n:2\r\n$4\r\n30.5\r\n", "ZRANK", "zranktmp", "z", "withscore");
        expect("*2\r\n:2\r\n$2\r\n10\r\n", "ZREVRANK", "zranktmp", "x", "WITHSCORE");
        expect(":1\r\n", "ZRANK", "zranktmp", "y");
        expect("*-1\r\n", "ZRANK", "zranktmp", "nope", "WITHSCORE");
        expect("*-1\r\n", "ZREVRANK", "nokey", "x", "WITHSCORE");
        expect("$-1\r\n", "ZRANK", "nokey", "x");
        expect("-ERR syntax error\r\n", "ZRANK", "zranktmp", "x", "WITHSCORES");
        expect("-ERR wrong number of arguments for 'zrank' command\r\n", "ZRANK", "zranktmp", "x", "WITHSCORE", "foo");
        String[] add = new String[2 + 2 * 200];
        add[0] = "ZADD";
        add[1] = "big";
        for (int i = 0; i < 200; i++) {
            add[2 + 2 * i] = Integer.toString(i);
            add[3 + 2 * i] = "m" + i;
        }
        r.callText(add);
        expect("*2\r\n:150\r\n$3\r\n150\r\n", "ZRANK", "big", "m150", "WITHSCORE");
        expect("*2\r\n:49\r\n$3\r\n150\r\n", "ZREVRANK", "big", "m150", "WITHSCORE");
        r.callText("HELLO", "3");
        expect("*2\r\n:0\r\n,10\r\n", "ZRANK", "zranktmp", "x", "WITHSCORE");
        expect("_\r\n", "ZRANK", "zranktmp", "nope", "WITHSCORE");
    }
}
