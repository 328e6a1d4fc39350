package io.runnel.broker.script;

import java.util.Map;

/**
 * A library FUNCTION LOAD made: its name, its code as given (metadata line included, for
 * FUNCTION LIST WITHCODE, DUMP and persistence) and the functions its code registered, in the
 * order it registered them. The lock keeps two of its functions from running at once: they share
 * the library's variables.
 */
public record FunctionLibrary(String name, byte[] code, Map<String, LibraryFunction> functions,
                              java.util.concurrent.locks.ReentrantLock lock) {
}
