package io.runnel.broker.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the differential test classes: every test gets its own {@link Differential} on two
 * emptied servers, closed after it. A subclass's own {@code @BeforeEach} runs after the
 * connection is open, its {@code @AfterEach} before it is closed.
 */
public abstract class DifferentialCase {

    protected Differential d;

    @BeforeEach
    void openDifferential() {
        d = Differential.open();
    }

    @AfterEach
    void closeDifferential() {
        d.close();
    }

    /** A command line made of parts: a fixed head and the options a loop tries. */
    protected static String[] concat(String[] head, String[] tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
