package io.runnel.broker.command;

import java.util.ArrayList;
import java.util.List;

/** Collects what families register, for {@link CommandTable} to join with the metadata. */
public final class CommandRegistry {

    record Registration(String container, String name, Route route, String summary, CommandHandler handler) {
    }

    private final List<Registration> registrations = new ArrayList<>();
    private final List<Container> containers = new ArrayList<>();

    record Container(String name, String summary, CommandHandler bareHandler) {
    }

    /** Registers a top-level command. {@code summary} is Runnel's own one-line description. */
    public void command(String name, Route route, String summary, CommandHandler handler) {
        registrations.add(new Registration(null, name, route, summary, handler));
    }

    /** Declares a container command such as CLIENT, whose work is done by its subcommands. */
    public void container(String name, String summary) {
        containers.add(new Container(name, summary, null));
    }

    /** A container command that also does something when called without a subcommand (COMMAND). */
    public void container(String name, String summary, CommandHandler bareHandler) {
        containers.add(new Container(name, summary, bareHandler));
    }

    public void subcommand(String container, String name, Route route, String summary, CommandHandler handler) {
        registrations.add(new Registration(container, name, route, summary, handler));
    }

    List<Registration> registrations() {
        return registrations;
    }

    List<Container> containers() {
        return containers;
    }
}
