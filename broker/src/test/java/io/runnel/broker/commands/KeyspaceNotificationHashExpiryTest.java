package io.runnel.broker.commands;

import io.runnel.broker.testing.KeyEventCase;
import io.runnel.broker.testing.Resp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keyspace notifications of hash field expiry (Redis 7.4, newer than the reference
 * redis-server): "hexpire" and "hpersist" when times change, "hdel" when a time already past
 * deletes fields, "hexpired" when expired fields are removed (reached by a command or by the
 * periodic cycle), "del" when the hash goes with them; commands that change nothing raise nothing.
 */
class KeyspaceNotificationHashExpiryTest extends KeyEventCase {

    @Override
    protected String classes() {
        return "Ehg";
    }

    @BeforeEach
    void startClean() throws Exception {
        client.callText("DEL", "nh", "nh2");
        events();
    }

    @Test
    void settingAndRemovingTimesRaiseHexpireAndHpersist() throws Exception {
        client.callText("HSET", "nh", "a", "1", "b", "2");
        client.callText("HEXPIRE", "nh", "100", "FIELDS", "2", "a", "nope");
        assertEquals(List.of("hset nh", "hexpire nh"), events());
        client.callText("HEXPIRE", "nh", "100", "NX", "FIELDS", "1", "a");
        client.callText("HPEXPIRE", "nh", "100", "FIELDS", "1", "nope");
        client.callText("HTTL", "nh", "FIELDS", "1", "a");
        client.callText("HPTTL", "nh", "FIELDS", "1", "a");
        client.callText("HEXPIRETIME", "nh", "FIELDS", "1", "a");
        client.callText("HPEXPIRETIME", "nh", "FIELDS", "1", "a");
        client.callText("HPERSIST", "nh", "FIELDS", "1", "b");
        assertEquals(List.of(), events());
        client.callText("HPERSIST", "nh", "FIELDS", "2", "a", "b");
        assertEquals(List.of("hpersist nh"), events());
        client.callText("HEXPIREAT", "nh", "4000000000", "FIELDS", "1", "b");
        client.callText("HPEXPIREAT", "nh", "4000000000000", "FIELDS", "1", "a");
        assertEquals(List.of("hexpire nh", "hexpire nh"), events());
    }

    @Test
    void aTimeAlreadyPastRaisesHdelAndDelWhenTheHashGoes() throws Exception {
        client.callText("HSET", "nh", "a", "1", "b", "2");
        client.callText("HPEXPIRE", "nh", "0", "FIELDS", "1", "a");
        client.callText("HEXPIREAT", "nh", "1", "FIELDS", "2", "b", "a");
        assertEquals(List.of("hset nh", "hdel nh", "hdel nh", "del nh"), events());
    }

    /**
     * Expired fields go either when a command reaches them or when the periodic cycle runs,
     * whichever comes first (the exact sequence of each path is asserted in
     * HashFieldLazyExpiryTest): both raise hexpired, and del once the hash is gone.
     */
    @Test
    void expiredFieldsRaiseHexpiredWhenRemoved() throws Exception {
        client.callText("HSET", "nh", "a", "1", "b", "2", "c", "3");
        client.callText("HPEXPIRE", "nh", "1", "FIELDS", "3", "a", "b", "c");
        Thread.sleep(20);
        client.callText("HGETALL", "nh");
        client.callText("HGET", "nh", "a");
        client.callText("HMGET", "nh", "b", "c", "b");
        List<String> raised = events();
        assertEquals(List.of("hset nh", "hexpire nh"), raised.subList(0, 2));
        assertEquals("del nh", raised.get(raised.size() - 1));
        List<String> removals = raised.subList(2, raised.size() - 1);
        assertTrue(!removals.isEmpty() && removals.size() <= 2 && removals.stream().allMatch("hexpired nh"::equals), raised.toString());

        client.callText("HSET", "nh2", "x", "1", "y", "2");
        client.callText("HPEXPIRE", "nh2", "20", "FIELDS", "2", "x", "y");
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline && "1".equals(Resp.parse(client.call("EXISTS", "nh2")).text())) {
            Thread.sleep(20);
        }
        assertEquals(List.of("hset nh2", "hexpire nh2", "hexpired nh2", "del nh2"), events());
    }
}
