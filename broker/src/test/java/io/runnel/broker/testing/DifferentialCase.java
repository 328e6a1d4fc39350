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
}
