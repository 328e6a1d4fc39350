package io.runnel.broker.command;

/** A blocked command that CLIENT UNBLOCK can end early. */
public interface Unblockable {

    /**
     * Ends the wait as if it had timed out, or with Redis's UNBLOCKED error.
     *
     * @return false when the command was already served or ended
     */
    boolean unblock(boolean withError);
}
