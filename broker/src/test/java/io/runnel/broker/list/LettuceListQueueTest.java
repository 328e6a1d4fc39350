package io.runnel.broker.list;

import io.lettuce.core.KeyValue;
import io.runnel.broker.testing.LettuceCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job queue as worker services build one on lists, through Lettuce: workers wait in BRPOP on
 * two queues (in different entities), a producer pushes jobs to both; every job reaches exactly
 * one worker, and each queue's jobs in the order they were pushed.
 */
class LettuceListQueueTest extends LettuceCase {

    @Test
    void workersInBrpopGetEveryJobOnce() throws Exception {
        int jobs = 2000;
        List<List<String>> seenByWorker = runQueue(8, jobs, commands -> {
            KeyValue<String, String> job = commands.brpop(1, "lq:urgent", "lq:normal");
            return job == null ? null : job.getValue();
        }, job -> job, producer -> {
            for (int i = 0; i < jobs; i++) {
                String queue = i % 3 == 0 ? "lq:urgent" : "lq:normal";
                producer.lpush(queue, queue + ":" + i);
            }
        }, producer -> producer.llen("lq:urgent") + producer.llen("lq:normal"));
        // a worker sees each queue's jobs in push order (LPUSH + BRPOP is first in, first out)
        for (List<String> seen : seenByWorker) {
            for (String queue : new String[] {"lq:urgent", "lq:normal"}) {
                int last = -1;
                for (String job : new ArrayList<>(seen)) {
                    if (job.startsWith(queue + ":")) {
                        int number = Integer.parseInt(job.substring(queue.length() + 1));
                        assertTrue(number > last, "order within " + queue + ": " + number + " after " + last);
                        last = number;
                    }
                }
            }
        }
    }
}
