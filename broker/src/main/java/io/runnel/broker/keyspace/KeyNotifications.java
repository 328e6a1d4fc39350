package io.runnel.broker.keyspace;

/**
 * Where the keyspace reports its changes as notifications (pub/sub keyspace events and the
 * notification stream). Called on the thread that changed the key, right after the change, in
 * the order of the changes; must not block.
 */
public interface KeyNotifications {

    /** Reports nothing: replays of a journal, tools, tests. */
    KeyNotifications NONE = (event, db, key) -> { };

    void notify(KeyEvent event, int db, byte[] key);
}
