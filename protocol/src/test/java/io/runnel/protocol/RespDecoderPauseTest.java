package io.runnel.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decoding one command at a time, so that limits changed by a command apply to the next one. */
class RespDecoderPauseTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String manyArgs(int count) {
        StringBuilder out = new StringBuilder("*" + count + "\r\n");
        for (int i = 0; i < count; i++) {
            out.append("$1\r\nx\r\n");
        }
        return out.toString();
    }

    @Test
    void pausedDecoderDeliversOneCommandPerCallAndKeepsTheRest() throws ProtocolException {
        RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT);
        decoder.pauseAfterEachCommand(true);
        List<String> names = new ArrayList<>();
        byte[] input = bytes("*1\r\n$4\r\nPING\r\nECHO a\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        decoder.decode(input, 0, input.length, argv -> names.add(new String(argv[0], StandardCharsets.US_ASCII)));
        assertEquals(List.of("PING"), names);
        assertTrue(decoder.paused());
        decoder.resume(argv -> names.add(new String(argv[0], StandardCharsets.US_ASCII)));
        assertEquals(List.of("PING", "ECHO"), names);
        decoder.resume(argv -> names.add(new String(argv[0], StandardCharsets.US_ASCII)));
        assertEquals(List.of("PING", "ECHO", "GET"), names);
        assertFalse(decoder.paused());
    }

    @Test
    void limitsChangedBetweenCommandsApplyToTheKeptOnes() throws ProtocolException {
        RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT.withAuthenticated(false));
        decoder.pauseAfterEachCommand(true);
        byte[] input = bytes("*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n" + manyArgs(20));
        List<byte[][]> commands = new ArrayList<>();
        decoder.decode(input, 0, input.length, commands::add);
        assertEquals(1, commands.size());
        decoder.limits(DecoderLimits.DEFAULT);
        decoder.pauseAfterEachCommand(false);
        decoder.resume(commands::add);
        assertEquals(2, commands.size());
        assertEquals(20, commands.get(1).length);
    }

    @Test
    void withoutTheNewLimitsTheKeptCommandIsStillRefused() throws ProtocolException {
        RespDecoder decoder = new RespDecoder(DecoderLimits.DEFAULT.withAuthenticated(false));
        decoder.pauseAfterEachCommand(true);
        byte[] input = bytes("*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n" + manyArgs(20));
        decoder.decode(input, 0, input.length, argv -> { });
        ProtocolException error = assertThrows(ProtocolException.class, () -> decoder.resume(argv -> { }));
        assertEquals("unauthenticated multibulk length", error.getMessage());
    }
}
