package io.runnel.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Test harness: feeds bytes to a decoder in chosen pieces and records what comes out. */
final class Feed {

    /** Commands as lists of ISO-8859-1 strings, so that every byte value maps to one char. */
    final List<List<String>> commands = new ArrayList<>();
    /** The protocol error raised, or null. */
    ProtocolException error;
    final RespDecoder decoder;

    Feed(DecoderLimits limits) {
        this.decoder = new RespDecoder(limits);
    }

    Feed() {
        this(DecoderLimits.DEFAULT);
    }

    final RespDecoder.CommandSink sink = argv -> {
        List<String> command = new ArrayList<>(argv.length);
        for (byte[] arg : argv) {
            if (arg == null) {
                throw new AssertionError("null argument in " + Arrays.deepToString(argv));
            }
            command.add(new String(arg, ISO_8859_1));
        }
        commands.add(command);
    };

    /** Feeds one piece; a protocol error is recorded, not thrown. */
    Feed feed(byte[] data, int offset, int length) {
        try {
            decoder.decode(data, offset, length, sink);
        } catch (ProtocolException e) {
            if (error != null) {
                throw new AssertionError("a failed decoder raised a second error: " + e.getMessage());
            }
            error = e;
        }
        return this;
    }

    Feed feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    Feed feed(String latin1) {
        return feed(bytes(latin1));
    }

    Feed whole(byte[] stream) {
        return feed(stream);
    }

    Feed byteByByte(byte[] stream) {
        for (int i = 0; i < stream.length; i++) {
            feed(stream, i, 1);
        }
        return this;
    }

    /**
     * Feeds at random cut points; each piece is copied into a larger array at a random offset,
     * surrounded by junk, so that offset and length handling is exercised too.
     */
    Feed randomPieces(byte[] stream, Random random, int maxPiece) {
        int pos = 0;
        while (pos < stream.length) {
            int piece = Math.min(stream.length - pos, random.nextInt(maxPiece + 1));
            int before = random.nextInt(8);
            int after = random.nextInt(8);
            byte[] carrier = new byte[before + piece + after];
            random.nextBytes(carrier);
            System.arraycopy(stream, pos, carrier, before, piece);
            feed(carrier, before, piece);
            pos += piece;
        }
        return this;
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(ISO_8859_1);
    }

    static List<String> cmd(String... args) {
        return List.of(args);
    }
}
