package io.runnel.broker.stream;

/** What deleting or trimming an entry does to the consumer groups that refer to it (Redis 8.2). */
public enum ReferencePolicy {
    /** Delete the entry; pending lists keep their references to it. */
    KEEPREF,
    /** Delete the entry and remove it from every group's pending list. */
    DELREF,
    /** Delete the entry only once no group has it pending or has yet to be delivered it. */
    ACKED
}
