package io.runnel.broker.script;

import io.runnel.broker.command.CommandError;
import io.runnel.broker.dump.FunctionPayload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The function libraries of the server (FUNCTION LOAD adds, DELETE and FLUSH remove, RESTORE
 * brings a dump back), and their functions by name for FCALL. Changes are made one at a time
 * under the registry's lock and published as a new immutable view, so FCALL finds a function
 * without locking. Every change is handed to the registry's listener as the whole set of library
 * codes (FUNCTION DUMP's payload), which is how the libraries persist.
 */
public final class FunctionRegistry {

    /** The libraries and functions at one moment. */
    private record View(Map<String, FunctionLibrary> libraries, Map<String, LibraryFunction> functions) {
        static final View EMPTY = new View(Map.of(), Map.of());
    }

    private volatile View view = View.EMPTY;
    /** Where changes go to persist (see {@link #persistTo}). */
    @FunctionalInterface
    public interface Persister {
        void save(byte[] libraries, Runnable done, java.util.function.Consumer<String> failed);
    }

    private volatile Persister persister = (payload, done, failed) -> done.run();

    /**
     * Where changes go to persist: given the payload of all libraries after a change, what to
     * run once it is safe (the command's reply) and what to run, with why, if it cannot be
     * written (the change stays in memory; the command answers with the reason).
     */
    public void persistTo(Persister persister) {
        this.persister = persister;
    }

    /** What a library change runs once it is written, or with why when it cannot be. */
    public interface Outcome {
        void written();

        void failed(String why);
    }

    public LibraryFunction function(String name) {
        return view.functions().get(LibraryFunction.key(name));
    }

    public List<FunctionLibrary> libraries() {
        return List.copyOf(view.libraries().values());
    }

    public int functionCount() {
        return view.functions().size();
    }

    /** FUNCTION LOAD [REPLACE]: {@code named} hears the library's name, {@code outcome} whether it was written. */
    public synchronized void load(byte[] code, boolean replace, java.util.function.Consumer<String> named, Outcome outcome) {
        FunctionLibrary library = LibraryLoader.load(code, name -> {
            if (!replace && view.libraries().containsKey(name)) {
                throw new CommandError("ERR Library '" + name + "' already exists");
            }
        });
        Map<String, FunctionLibrary> libraries = new LinkedHashMap<>(view.libraries());
        add(libraries, library, replace);
        named.accept(library.name());
        publish(libraries, outcome);
    }

    /** Adds a library, in Redis's words when its name or one of its functions' names is taken. */
    private static void add(Map<String, FunctionLibrary> libraries, FunctionLibrary library, boolean replace) {
        FunctionLibrary existing = libraries.get(library.name());
        if (existing != null && !replace) {
            throw new CommandError("ERR Library '" + library.name() + "' already exists");
        }
        for (FunctionLibrary other : libraries.values()) {
            if (other == existing) {
                continue;
            }
            for (LibraryFunction function : library.functions().values()) {
                for (LibraryFunction taken : other.functions().values()) {
                    if (taken.name().equalsIgnoreCase(function.name())) {
                        throw new CommandError("ERR Function " + function.name() + " already exists");
                    }
                }
            }
        }
        libraries.remove(library.name());
        libraries.put(library.name(), library);
    }

    /** FUNCTION DELETE. */
    public synchronized void delete(String name, Outcome done) {
        if (!view.libraries().containsKey(name)) {
            throw new CommandError("ERR Library not found");
        }
        Map<String, FunctionLibrary> libraries = new LinkedHashMap<>(view.libraries());
        libraries.remove(name);
        publish(libraries, done);
    }

    /** FUNCTION FLUSH. */
    public synchronized void flush(Outcome done) {
        publish(new LinkedHashMap<>(), done);
    }

    /** FUNCTION DUMP: every library's code, in Redis's payload form. */
    public byte[] dump() {
        List<byte[]> codes = new ArrayList<>();
        for (FunctionLibrary library : view.libraries().values()) {
            codes.add(library.code());
        }
        return FunctionPayload.write(codes);
    }

    /** How FUNCTION RESTORE treats the libraries already there. */
    public enum RestorePolicy { APPEND, REPLACE, FLUSH }

    /** FUNCTION RESTORE: all of the payload's libraries or, on any error, none. */
    public synchronized void restore(byte[] payload, RestorePolicy policy, Outcome done) {
        List<byte[]> codes;
        try {
            codes = FunctionPayload.read(payload);
        } catch (IllegalArgumentException e) {
            throw new CommandError("ERR " + e.getMessage());
        }
        Map<String, FunctionLibrary> restored = new LinkedHashMap<>();
        for (byte[] code : codes) {
            add(restored, LibraryLoader.load(code, name -> { }), false);
        }
        Map<String, FunctionLibrary> libraries = policy == RestorePolicy.FLUSH ? new LinkedHashMap<>()
                : new LinkedHashMap<>(view.libraries());
        for (FunctionLibrary library : restored.values()) {
            if (policy == RestorePolicy.APPEND && libraries.containsKey(library.name())) {
                throw new CommandError("ERR Library " + library.name() + " already exists");
            }
            add(libraries, library, true);
        }
        publish(libraries, done);
    }

    /** At start: the libraries of a persisted payload, which were valid when they were saved. */
    public synchronized void recover(byte[] payload) {
        Map<String, FunctionLibrary> libraries = new LinkedHashMap<>();
        for (byte[] code : FunctionPayload.read(payload)) {
            add(libraries, LibraryLoader.load(code, name -> { }), false);
        }
        view = viewOf(libraries);
    }

    private void publish(Map<String, FunctionLibrary> libraries, Outcome outcome) {
        view = viewOf(libraries);
        persister.save(dump(), outcome::written, outcome::failed);
    }

    private static View viewOf(Map<String, FunctionLibrary> libraries) {
        Map<String, LibraryFunction> functions = new LinkedHashMap<>();
        for (FunctionLibrary library : libraries.values()) {
            for (LibraryFunction function : library.functions().values()) {
                functions.putIfAbsent(LibraryFunction.key(function.name()), function);
            }
        }
        return new View(Collections.unmodifiableMap(libraries), Collections.unmodifiableMap(functions));
    }
}
