package io.runnel.broker.command;

import java.util.Map;

/**
 * Finds a command by the bytes of its name in any letter case without allocating: an
 * open-addressing table keyed by a case-folded hash, probed with a case-insensitive compare.
 * Looked up once per command on the hot path.
 */
final class CommandIndex {

    private final byte[][] names;
    private final CommandSpec[] specs;
    private final int mask;

    CommandIndex(Map<String, CommandSpec> commands) {
        int capacity = Integer.highestOneBit(Math.max(4, commands.size() * 4) - 1) << 1;
        names = new byte[capacity][];
        specs = new CommandSpec[capacity];
        mask = capacity - 1;
        commands.forEach((name, spec) -> {
            byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int slot = hash(bytes) & mask;
            while (names[slot] != null) {
                slot = (slot + 1) & mask;
            }
            names[slot] = bytes;
            specs[slot] = spec;
        });
    }

    CommandSpec find(byte[] name) {
        int slot = hash(name) & mask;
        while (names[slot] != null) {
            if (equalsIgnoreCase(names[slot], name)) {
                return specs[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + fold(b);
        }
        return h ^ (h >>> 16);
    }

    private static int fold(byte b) {
        return b >= 'A' && b <= 'Z' ? b | 0x20 : b;
    }

    /** {@code lower} is already lower case. */
    private static boolean equalsIgnoreCase(byte[] lower, byte[] name) {
        if (lower.length != name.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] != fold(name[i])) {
                return false;
            }
        }
        return true;
    }
}
