package io.runnel.broker.commands;

import io.runnel.protocol.RespWriter;

/** The reply of the HELP subcommands: a header line, the given lines, and a HELP line. */
public final class Help {

    private Help() {
    }

    public static void reply(RespWriter out, String command, String... lines) {
        out.array(lines.length + 3);
        out.simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            out.simple(line);
        }
        out.simple("HELP");
        out.simple("    Prints this help.");
    }
}
