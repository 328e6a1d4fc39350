package io.runnel.broker.command;

/**
 * Thrown by a command that started in an entity's batch but cannot finish there (a script that
 * has run past its inline budget without changing anything): the entity answers the commands
 * before it and hands it, and those after it, back to the client's session, which runs it again
 * where long work may run. An Error, so that nothing on the way (Lua's pcall included) catches it.
 */
public final class RunElsewhere extends Error {

    public static final RunElsewhere INSTANCE = new RunElsewhere();

    private RunElsewhere() {
        super("run elsewhere", null, false, false);
    }
}
