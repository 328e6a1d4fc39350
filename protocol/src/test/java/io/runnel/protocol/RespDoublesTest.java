package io.runnel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Doubles printed as Redis 7.2 prints them. The table's expected texts are Redis 7.2's own
 * d2string output for each bit pattern, including values where Grisu2 gives a longer text than
 * the shortest one ("99999999999999990000000" for 1e23) or not the closest shortest digits.
 */
class RespDoublesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "3fb999999999999a | 0.1",
        "3fc999999999999a | 0.2",
        "3fd3333333333334 | 0.30000000000000004",
        "3ff8000000000000 | 1.5",
        "bff8000000000000 | -1.5",
        "4008000000000000 | 3",
        "3ee4f8b588e368f1 | 0.00001",
        "3e7ad7f29abcaf48 | 1e-7",
        "3e8421f5f40d8376 | 1.5e-7",
        "3f50624dd2f1a9fc | 0.001",
        "405edd2f1a9fbe77 | 123.456",
        "81bac9a7b3b7302f | -2.5e-300",
        "444b1ae4d6e2ef50 | 1e+21",
        "4480f0cf064dd592 | 1e+22",
        "44b52d02c7e14af6 | 99999999999999990000000",
        "43d0000000000000 | 4611686018427387904",
        "43d0000000000002 | 4611686018427390000",
        "c3d0000000000000 | -4611686018427387904",
        "c3d0000000000002 | -4611686018427390000",
        "43e0000000000000 | 9223372036854776000",
        "54b249ad2594c37d | 1e+100",
        "0000000000000001 | 5e-324",
        "0010000000000000 | 2.2250738585072014e-308",
        "7fefffffffffffff | 1.7976931348623157e+308",
        "3fe5555555555555 | 0.6666666666666666",
        "400921f9f01b866e | 3.14159",
        "43118b54f22aeb01 | 1234567890123456.2",
        "4340000000000000 | 9007199254740992",
        "42dc12216116c000 | 123456780000000",
        "3fd5555555555555 | 0.3333333333333333",
        "4059200000000000 | 100.5",
        "3f201f31f46ed246 | 0.000123",
        "3eb0c6f7a0b5ed8d | 0.000001",
        "3eb4b3fd5942cd96 | 1.234e-6",
        "3e808ffde1023e12 | 1.234e-7",
        "430c6bf52633ffff | 999999999999999.9",
        "430c6bf526340002 | 1000000000000000.3",
        "4011666666666666 | 4.35",
        "3fb1eb851eb851ec | 0.07",
        "4330000000000000 | 4503599627370496",
        "423cbe991a148000 | 123456789012.5",
        "bfe8000000000000 | -0.75",
        "0eafc28d1ceafcff | 6.0966808818011027e-238",
        "98ac88b1233639aa | -8.0052460467383315e-190",
        "43179465ea472a1f | 1659272476871303.7",
        "c318c7b690cd7091 | -1743746592103460.3",
        "ac634c5ca3c27942 | -7.227867302522276e-95",
        "32e3287b5c70d176 | 1.4553387482057451e-63",
        "e48ee0725089f4fc | -2.4437624206419819e+176",
        "f20cd64f77bfb9f4 | -2.4035816618677665e+241",
        "431be2d8e1a20939 | 1962311374373454.3",
        "86c78ee76b873afc | -5.3158954854500086e-276",
        "136aa97aae388be2 | 3.8671079226658723e-215",
        "e8c018b129a47ccf | -3.7600825487205954e+196",
        "415c8995219f043a | 7.4809165253305975e+6",
        "983791d892d2e971 | -5.1660312703655965e-192",
        "430d0953fd12e142 | 1021628832177192.3",
        "f709cb29ed7b8f2f | -2.5990719446089014e+265",
        "39ddd7a1f33d4f04 | 5.8853588890877007e-30",
        "4317e46fc7d5a031 | 1681273302378508.3",
        "920d019fff4320f2 | -1.0030584747204865e-221",
        "2d88fd067dbfc29f | 2.4534058885820562e-89",
        "cc8c10177fe2b4fa | -5.6369093842976806e+60",
        "d90911c351ebbf87 | -8.091927560390859e+120",
        "c20d7f6bcfe9a6d5 | -15836477949.206461",
        "9470a6ccc0be356f | -3.1656143668161527e-210",
        "ead547c6406c7ca3 | -4.2700817902327385e+206",
        "bfdf8ba3aeebf7f2 | -0.49289791185572007",
        "c305095f7c0c4cfe | -740160027330975.7",
        "f079c3599f530561 | -6.3996252097884806e+233",
        "30971d13784d98bf | 1.2775216539842256e-74",
        "8fb3b83cda617304 | -4.9616165308414596e-233",
    })
    void printsAsRedis72(String hexBits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(hexBits, 16));
        assertEquals(expected, RespDoubles.format(value), hexBits);
    }

    @Test
    void namedValues() {
        assertEquals("nan", RespDoubles.format(Double.NaN));
        assertEquals("inf", RespDoubles.format(Double.POSITIVE_INFINITY));
        assertEquals("-inf", RespDoubles.format(Double.NEGATIVE_INFINITY));
        assertEquals("0", RespDoubles.format(0.0));
        assertEquals("-0", RespDoubles.format(-0.0));
    }

    @Test
    void integralValuesUpToTwoToTheSixtyTwoPrintAsIntegers() {
        assertEquals("1000000000000000000", RespDoubles.format(1e18));
        assertEquals("-4611686018427387904", RespDoubles.format(-0x1p62));
        assertEquals("1e+19", RespDoubles.format(1e19));
    }

    @Test
    void cachedPowersAreTheRoundedPowersOfTen() {
        // 10^-348, 10^-4 and 10^340 as normalized 64-bit fractions with their binary exponents.
        assertEquals(Long.parseUnsignedLong("18054884314459144840"), Grisu2.cachedPower(0)[0]);
        assertEquals(-1220, Grisu2.cachedPower(0)[1]);
        assertEquals(Long.parseUnsignedLong("15111572745182864684"), Grisu2.cachedPower(43)[0]);
        assertEquals(-77, Grisu2.cachedPower(43)[1]);
        assertEquals(Long.parseUnsignedLong("12648080533535911531"), Grisu2.cachedPower(86)[0]);
        assertEquals(1066, Grisu2.cachedPower(86)[1]);
    }

    @Test
    void randomValuesReadBackAndFitTheBuffer() {
        long seed = Seeds.seed("randomValuesReadBackAndFitTheBuffer");
        Random random = new Random(seed);
        byte[] buffer = new byte[RespDoubles.MAX_LENGTH + 1];
        for (int i = 0; i < 300_000; i++) {
            double value = i % 2 == 0
                    ? Double.longBitsToDouble(random.nextLong())
                    : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(60) - 30);
            if (Double.isNaN(value)) {
                continue;
            }
            buffer[RespDoubles.MAX_LENGTH] = 'x';
            int length = RespDoubles.write(value, buffer, 0);
            assertEquals('x', buffer[RespDoubles.MAX_LENGTH], "seed=" + seed + ": wrote past the longest text");
            String text = new String(buffer, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(value, Double.parseDouble(text), "seed=" + seed + " text=" + text);
            String digits = text.replaceFirst("^-", "").replaceFirst("e.*$", "").replace(".", "")
                    .replaceFirst("^0+", "").replaceFirst("0+$", "");
            boolean integerPath = Math.abs(value) <= 0x1p62 && value == Math.rint(value);
            assertTrue(integerPath || digits.length() <= 17, "seed=" + seed + ": more than 17 digits in " + text);
            assertTrue(!text.endsWith(".") && !(text.contains(".") && !text.contains("e") && text.endsWith("0")),
                    "seed=" + seed + ": trailing zeros after the point in " + text);
        }
    }
}
