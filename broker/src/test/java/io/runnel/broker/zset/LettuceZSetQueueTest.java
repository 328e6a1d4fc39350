package io.runnel.broker.zset;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.runnel.broker.testing.LettuceCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A priority queue as worker services build one on sorted sets, through Lettuce: workers wait in
 * BZPOPMIN on two queues (in different entities), a producer ZADDs jobs with rising priorities to
 * both; every job reaches exactly one worker with its score, and each worker takes each queue's
 * jobs lowest score first.
 */
class LettuceZSetQueueTest extends LettuceCase {

    @Test
    void workersInBzpopminGetEveryJobOnce() throws Exception {
        int jobs = 2000;
        List<List<ScoredValue<String>>> seenByWorker = runQueue(8, jobs, commands -> {
            KeyValue<String, ScoredValue<String>> job = commands.bzpopmin(1, "zq:urgent", "zq:normal");
            return job == null || !job.hasValue() ? null : job.getValue();
        }, ScoredValue::getValue, producer -> {
            for (int i = 0; i < jobs; i++) {
                String queue = i % 3 == 0 ? "zq:urgent" : "zq:normal";
                producer.zadd(queue, i + 0.5, queue + ":" + i);
            }
        }, producer -> producer.zcard("zq:urgent") + producer.zcard("zq:normal"));
        for (List<ScoredValue<String>> seen : seenByWorker) {
            for (String queue : new String[] {"zq:urgent", "zq:normal"}) {
                double last = -1;
                for (ScoredValue<String> job : new ArrayList<>(seen)) {
                    if (job.getValue().startsWith(queue + ":")) {
                        int number = Integer.parseInt(job.getValue().substring(queue.length() + 1));
                        assertEquals(number + 0.5, job.getScore(), "the score travels with the job");
                        assertTrue(job.getScore() > last, "order within " + queue + ": " + job.getScore() + " after " + last);
                        last = job.getScore();
                    }
                }
            }
        }
    }
}
