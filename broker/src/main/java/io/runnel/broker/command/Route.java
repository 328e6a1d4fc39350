package io.runnel.broker.command;

/** Where a command executes. */
public enum Route {
    /** In the client's session: connection state and server-wide information, no keys. */
    SESSION,
    /**
     * In the entity that owns its keys; when the keys span several entities, in the session
     * with all of those entities held exclusively for the duration of the command.
     */
    KEYS,
    /** With every entity held exclusively: commands over the whole keyspace (FLUSHALL, KEYS). */
    ALL_ENTITIES,
    /** In the one entity named by its SCAN cursor. */
    CURSOR
}
