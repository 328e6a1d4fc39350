package io.runnel.broker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Redis72DoublesTest {

    private static String translate(String reply) {
        return new String(Redis72Doubles.translate(reply.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void rewritesPrintfDoublesInBulkStringsAndResp3Doubles() {
        assertEquals("$3\r\n0.1\r\n", translate("$19\r\n0.10000000000000001\r\n"));
        assertEquals(",0.00001\r\n", translate(",1.0000000000000001e-05\r\n"));
        assertEquals("$18\r\n100000000000000000\r\n", translate("$5\r\n1e+17\r\n"));
        assertEquals("*2\r\n$1\r\na\r\n$3\r\n0.1\r\n", translate("*2\r\n$1\r\na\r\n$19\r\n0.10000000000000001\r\n"));
        assertEquals("%1\r\n$1\r\na\r\n,0.3\r\n", translate("%1\r\n$1\r\na\r\n,0.29999999999999999\r\n"));
    }

    @Test
    void leavesEverythingElseAlone() {
        for (String reply : new String[] {"$3\r\n1.5\r\n", "$5\r\nhello\r\n", "$-1\r\n", "*-1\r\n", ":12\r\n", "+OK\r\n",
                "-ERR value is not a valid float\r\n", "$3\r\ninf\r\n", ",inf\r\n", "$20\r\n0.100000000000000001\r\n",
                "$4\r\n1e10\r\n", "*3\r\n$1\r\n1\r\n$2\r\n-2\r\n$9\r\n-2.5e-300\r\n"}) {
            assertEquals(reply, translate(reply));
        }
    }
}
