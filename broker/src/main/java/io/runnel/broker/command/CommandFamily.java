package io.runnel.broker.command;

/**
 * A group of commands of one kind (strings, keys, connection, ...). A family registers each of
 * its commands with a handler; the metadata of each comes from the command table's resource.
 */
public interface CommandFamily {
    void register(CommandRegistry registry);
}
