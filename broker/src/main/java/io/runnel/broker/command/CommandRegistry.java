package io.runnel.broker.command;

import java.util.ArrayList;
import java.util.List;

/** Collects what families register, for {@link CommandTable} to join with the metadata. */
public final class CommandRegistry {

    record Registration(String container, String name, Route route, String summary, CommandHandler handler) {
    }

    private final List<Registration> registrations = new ArrayList<>();
    private final List<String[]> containers = new ArrayList<>();

    /** Registers a top-level command. {@code summary} is Runnel's own one-line description. */
    public void command(String name, Route route, String summary, CommandHandler handler) {
        registrations.add(new Registration(null, name, route, summary, handler));
    }

    /** Declares a container command such as CLIENT, whose work is done by its subcommands. */
    public void container(String name, String summary) {
        containers.add(new String[] {name, summary});
    }

    public void subcommand(String container, String name, Route route, String summary, CommandHandler handler) {
        registrations.add(new Registration(container, name, route, summary, handler));
    }

    List<Registration> registrations() {
        return registrations;
    }

    List<String[]> containers() {
        return containers;
    }
}
