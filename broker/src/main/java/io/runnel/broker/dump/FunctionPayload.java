package io.runnel.broker.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * FUNCTION DUMP's payload in Redis's form, which FUNCTION RESTORE reads back and Redis reads
 * too: each library as the function opcode (245) and its code as a string, then the RDB version
 * and a CRC-64 of everything before it, as a key's DUMP payload ends.
 */
public final class FunctionPayload {

    /** RDB_OPCODE_FUNCTION2: a library given by its code, metadata line included. */
    private static final int FUNCTION = 245;

    private FunctionPayload() {
    }

    public static byte[] write(List<byte[]> libraryCodes) {
        RdbWriter out = new RdbWriter();
        for (byte[] code : libraryCodes) {
            out.write(FUNCTION);
            out.length(code.length);
            out.bytes(code);
        }
        out.littleEndian(DumpPayload.RDB_VERSION, 2);
        byte[] body = out.toByteArray();
        out.littleEndian(Crc64.of(body, 0, body.length), 8);
        return out.toByteArray();
    }

    /**
     * The library codes in a payload; an IllegalArgumentException says, in Redis's words, what
     * is wrong with a payload that does not verify or holds anything but libraries.
     */
    public static List<byte[]> read(byte[] payload) {
        if (!DumpPayload.verify(payload)) {
            throw new IllegalArgumentException("DUMP payload version or checksum are wrong");
        }
        try {
            return codes(payload);
        } catch (RdbFormatException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static List<byte[]> codes(byte[] payload) throws RdbFormatException {
        RdbReader in = new RdbReader(payload, payload.length - 10);
        List<byte[]> codes = new ArrayList<>();
        while (!in.atEnd()) {
            if (in.readByte() != FUNCTION) {
                throw new RdbFormatException("given type is not a function");
            }
            codes.add(in.readString());
        }
        return codes;
    }
}
