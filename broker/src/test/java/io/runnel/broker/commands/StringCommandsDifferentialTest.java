package io.runnel.broker.commands;

import io.runnel.broker.testing.Differential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StringCommandsDifferentialTest {

    private Differential d;

    @BeforeEach
    void open() {
        d = Differential.open();
    }

    @AfterEach
    void close() {
        d.close();
    }

    @Test
    void getAndSet() {
        d.same("GET", "missing");
        d.same("SET", "k", "v");
        d.same("GET", "k");
        d.same("SET", "k", "v2", "GET");
        d.same("SET", "k", "v3", "NX");
        d.same("SET", "k", "v3", "XX", "GET");
        d.same("SET", "k", "v", "NX", "XX");
        d.same("SET", "k", "v", "EX", "0");
        d.same("SET", "k", "v", "EX", "-1");
        d.same("SET", "k", "v", "EX", "abc");
        d.same("SET", "k", "v", "EX", "10", "PX", "100");
        d.same("SET", "k", "v", "EX");
        d.same("SET", "k");
    }

    @Test
    void incrbyfloatUsesLongDoubleArithmetic() {
        d.same("SET", "f", "10.5");
        d.same("INCRBYFLOAT", "f", "0.1");
        d.same("INCRBYFLOAT", "f", "-5.0e3");
        d.same("INCRBYFLOAT", "f", "1e30");
        d.same("INCRBYFLOAT", "f", "abc");
        d.same("INCRBYFLOAT", "f", "inf");
    }
}
