package io.runnel.broker.zset;

import io.runnel.broker.testing.RunnelClientCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scores as Redis 7.2 prints them (the reference redis-server, 7.0, still prints "%.17g", so the
 * differential tests translate its texts; these scenarios assert 7.2's texts themselves): in
 * both protocols, in both encodings, and in the places a score is shown.
 */
class ZSetScoreTextReferenceTest extends RunnelClientCase {

    @BeforeEach
    void prepare() throws Exception {
        r.callText("DEL", "scores", "bigscores");
    }

    @Test
    void shortestTextsInRepliesAndScans() throws Exception {
        r.callText("ZADD", "scores", "0.1", "tenth", "1e-7", "tiny", "1e23", "huge", "1e18", "integral", "-2.5e-300", "small",
                "123456789.125", "plain", "1e19", "past-integers");
        expect("$3\r\n0.1\r\n", "ZSCORE", "scores", "tenth");
        expect("$4\r\n1e-7\r\n", "ZSCORE", "scores", "tiny");
        // Grisu2 is not always shortest: Redis 7.2 prints 1e23 this way.
        expect("$23\r\n99999999999999990000000\r\n", "ZSCORE", "scores", "huge");
        expect("$19\r\n1000000000000000000\r\n", "ZSCORE", "scores", "integral");
        expect("$5\r\n1e+19\r\n", "ZSCORE", "scores", "past-integers");
        expect("*2\r\n$3\r\n0.1\r\n$9\r\n-2.5e-300\r\n", "ZMSCORE", "scores", "tenth", "small");
        expect("$19\r\n0.30000000000000004\r\n", "ZINCRBY", "scores", "0.2", "tenth");
        expect("$3\r\n0.5\r\n", "ZINCRBY", "scores", "0.19999999999999996", "tenth");
        expect("*4\r\n$5\r\nsmall\r\n$9\r\n-2.5e-300\r\n$4\r\ntiny\r\n$4\r\n1e-7\r\n",
                "ZRANGE", "scores", "0", "1", "WITHSCORES");
        expect("*2\r\n:2\r\n$3\r\n0.5\r\n", "ZRANK", "scores", "tenth", "WITHSCORE");
        expect("*2\r\n$1\r\n0\r\n*8\r\n$4\r\ntiny\r\n$4\r\n1e-7\r\n$5\r\ntenth\r\n$3\r\n0.5\r\n"
                + "$5\r\nplain\r\n$13\r\n123456789.125\r\n$13\r\npast-integers\r\n$5\r\n1e+19\r\n",
                "ZSCAN", "scores", "0", "MATCH", "[pt]*");
        r.callText("HELLO", "3");
        expect(",0.5\r\n", "ZSCORE", "scores", "tenth");
        expect(",1e-7\r\n", "ZSCORE", "scores", "tiny");
        expect(",0.6\r\n", "ZADD", "scores", "INCR", "0.1", "tenth");
        r.callText("HELLO", "2");
    }

    @Test
    void skipListEncodingPrintsTheSame() throws Exception {
        String[] add = new String[2 + 2 * 200];
        add[0] = "ZADD";
        add[1] = "bigscores";
        for (int i = 0; i < 200; i++) {
            add[2 + 2 * i] = (i / 10.0) + "";
            add[3 + 2 * i] = "m" + i;
        }
        r.callText(add);
        expect("$8\r\nskiplist\r\n", "OBJECT", "ENCODING", "bigscores");
        expect("$3\r\n0.1\r\n", "ZSCORE", "bigscores", "m1");
        expect("*2\r\n$2\r\nm3\r\n$3\r\n0.3\r\n", "ZRANGEBYSCORE", "bigscores", "0.25", "0.35", "WITHSCORES");
        expect("*2\r\n$1\r\n0\r\n*2\r\n$3\r\nm17\r\n$3\r\n1.7\r\n", "ZSCAN", "bigscores", "0", "MATCH", "m17", "COUNT", "1000");
    }
}
