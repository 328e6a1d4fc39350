package io.runnel.persistence.log;

import java.io.IOException;
import java.nio.file.Path;

/** A record in the middle of the log is damaged: starting on it would lose or invent data. */
public final class CorruptLogException extends IOException {

    private final Path file;
    private final long offset;

    public CorruptLogException(Path file, long offset, String reason) {
        super("corrupt journal record in " + file + " at offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
