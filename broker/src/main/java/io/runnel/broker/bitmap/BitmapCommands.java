package io.runnel.broker.bitmap;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.StoredResult;
import io.runnel.broker.commands.StringCommands;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.protocol.RespWriter;

/** Strings as arrays of bits: SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP. */
public final class BitmapCommands implements CommandFamily {

    static final String OFFSET_ERROR = "ERR bit offset is not an integer or out of range";

    @Override
    public void register(CommandRegistry r) {
        r.command("setbit", Route.KEYS, "Sets or clears one bit of a string, growing it as needed; answers the bit's old value.",
                BitmapCommands::setbit);
        r.command("getbit", Route.KEYS, "Returns one bit of a string.", BitmapCommands::getbit);
        r.command("bitcount", Route.KEYS, "Counts the set bits of a string, or of a range of it.", BitmapCommands::bitcount);
        r.command("bitpos", Route.KEYS, "Finds the first set or clear bit of a string, or of a range of it.", BitmapCommands::bitpos);
        r.command("bitop", Route.KEYS, "Stores the AND, OR, XOR or NOT of strings in a key.", BitmapCommands::bitop);
    }

    /**
     * A bit offset: an integer whose byte is within proto-max-bulk-len; with {@code width} above
     * 0 a leading '#' counts in fields of that width (BITFIELD).
     */
    static long bitOffset(CommandContext ctx, byte[] text, int width) {
        boolean fields = width > 0 && text.length > 0 && text[0] == '#';
        Long parsed = Numbers.parseLongStrict(fields ? java.util.Arrays.copyOfRange(text, 1, text.length) : text);
        if (parsed == null) {
            throw new CommandError(OFFSET_ERROR);
        }
        long offset = parsed;
        if (fields) {
            if (Math.abs(offset) > Long.MAX_VALUE / width) {
                throw new CommandError(OFFSET_ERROR);
            }
            offset *= width;
        }
        if (offset < 0 || (offset >>> 3) >= ctx.server().config().getLong("proto-max-bulk-len")) {
            throw new CommandError(OFFSET_ERROR);
        }
        return offset;
    }

    /** The string's bytes (a copy is not made: read only), or an empty array for a missing key. */
    static byte[] bytes(StringValue value) {
        return value == null ? new byte[0] : value.bytes();
    }

    private static void setbit(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long offset = bitOffset(ctx, args.next(), 0);
        long on = args.nextLong("ERR bit is not an integer or out of range");
        if ((on & ~1L) != 0) {
            throw new CommandError("ERR bit is not an integer or out of range");
        }
        StringValue current = StringCommands.unshare(ctx, key, ctx.writeString(key));
        int byteIndex = (int) (offset >>> 3);
        int length = current == null ? 0 : current.length();
        int old = byteIndex < length ? current.array()[byteIndex] & 0xFF : 0;
        int mask = 1 << (7 - (offset & 7));
        boolean wasSet = (old & mask) != 0;
        boolean grows = current == null || byteIndex >= length;
        if (grows || wasSet != (on == 1)) {
            int updated = on == 1 ? old | mask : old & ~mask;
            StringCommands.writeRange(ctx, key, current, byteIndex, new byte[] {(byte) updated});
            ctx.notify(KeyEvent.SETBIT, key);
        }
        out.integer(wasSet ? 1 : 0);
    }

    private static void getbit(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long offset = bitOffset(ctx, args.next(), 0);
        StringValue value = ctx.readString(key);
        int byteIndex = (int) (offset >>> 3);
        if (value == null || byteIndex >= value.length()) {
            out.integer(0);
            return;
        }
        out.integer((value.array()[byteIndex] >>> (7 - (offset & 7))) & 1);
    }

    private static void bitcount(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        StringValue value = ctx.readString(key);
        if (value == null) {
            out.integer(0); // before the range is read, as Redis answers
            return;
        }
        byte[] bytes = bytes(value);
        BitRange range = args.hasNext() ? BitRange.parse(args, bytes.length, false) : BitRange.whole(bytes.length);
        out.integer(range.count(bytes));
    }

    private static void bitpos(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        long bit = args.nextLong();
        if (bit != 0 && bit != 1) {
            throw new CommandError("ERR The bit argument must be 1 or 0.");
        }
        StringValue value = ctx.readString(key);
        if (value == null) {
            out.integer(bit == 1 ? -1 : 0); // a missing key reads as endless clear bits
            return;
        }
        byte[] bytes = bytes(value);
        boolean endGiven = args.remaining() >= 2;
        BitRange range = args.hasNext() ? BitRange.parse(args, bytes.length, true) : BitRange.whole(bytes.length);
        if (range.empty()) {
            out.integer(-1);
            return;
        }
        long found = range.find(bytes, (int) bit);
        if (found < 0 && bit == 0 && !endGiven) {
            found = range.lastBit() + 1; // past the string, whose padding is clear bits
        }
        out.integer(found);
    }

    private enum Op { AND, OR, XOR, NOT }

    private static void bitop(CommandContext ctx, Args args, RespWriter out) {
        Op op;
        if (args.nextIs("AND")) {
            op = Op.AND;
        } else if (args.nextIs("OR")) {
            op = Op.OR;
        } else if (args.nextIs("XOR")) {
            op = Op.XOR;
        } else if (args.nextIs("NOT")) {
            op = Op.NOT;
        } else {
            throw Errors.syntax();
        }
        byte[] destination = args.next();
        if (op == Op.NOT && args.remaining() != 1) {
            throw new CommandError("ERR BITOP NOT must be called with a single source key.");
        }
        byte[][] sources = new byte[args.remaining()][];
        int longest = 0;
        for (int i = 0; i < sources.length; i++) {
            sources[i] = bytes(ctx.readString(args.next()));
            longest = Math.max(longest, sources[i].length);
        }
        byte[] result = new byte[longest];
        for (int at = 0; at < longest; at++) {
            int value = at < sources[0].length ? sources[0][at] & 0xFF : 0;
            if (op == Op.NOT) {
                value = ~value & 0xFF;
            }
            for (int i = 1; i < sources.length; i++) {
                int other = at < sources[i].length ? sources[i][at] & 0xFF : 0;
                value = switch (op) {
                    case AND -> value & other;
                    case OR -> value | other;
                    case XOR -> value ^ other;
                    case NOT -> value;
                };
            }
            result[at] = (byte) value;
        }
        StoredResult.replace(ctx, destination, StringValue.raw(result), longest == 0, KeyEvent.SET_VALUE);
        out.integer(longest);
    }
}
