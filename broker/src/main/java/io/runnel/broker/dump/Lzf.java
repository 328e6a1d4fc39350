package io.runnel.broker.dump;

/** LZF decompression, for the compressed strings of Redis's serialization format. */
final class Lzf {

    private Lzf() {
    }

    /** Decompresses {@code in} into exactly {@code length} bytes; throws on malformed input. */
    static byte[] decompress(byte[] in, int length) throws RdbFormatException {
        byte[] out = new byte[length];
        int ip = 0;
        int op = 0;
        try {
            while (ip < in.length) {
                int ctrl = in[ip++] & 0xFF;
                if (ctrl < 32) {
                    int run = ctrl + 1;
                    System.arraycopy(in, ip, out, op, run);
                    ip += run;
                    op += run;
                } else {
                    int len = ctrl >>> 5;
                    int ref = op - ((ctrl & 0x1f) << 8) - 1;
                    if (len == 7) {
                        len += in[ip++] & 0xFF;
                    }
                    ref -= in[ip++] & 0xFF;
                    len += 2;
                    if (ref < 0) {
                        throw new RdbFormatException("LZF reference before the start");
                    }
                    for (int i = 0; i < len; i++) {
                        out[op++] = out[ref++];
                    }
                }
            }
        } catch (IndexOutOfBoundsException e) {
            throw new RdbFormatException("LZF data runs past its end");
        }
        if (op != length) {
            throw new RdbFormatException("LZF data of the wrong length");
        }
        return out;
    }
}
