package io.runnel.broker.bitmap;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.commands.StringCommands;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.keyspace.StringValue;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO: integer fields of any width at any bit offset of a string, read,
 * set and incremented in one command. Every operation is parsed before any runs; the string
 * grows (with zero bytes) to the farthest field written, and the bytes that change are journaled
 * as one range write.
 */
public final class BitfieldCommands implements CommandFamily {

    private enum Kind { GET, SET, INCRBY }

    private record Operation(Kind kind, Bitfield.Type type, long offset, long argument, Bitfield.Overflow overflow) {
    }

    @Override
    public void register(CommandRegistry r) {
        r.command("bitfield", Route.KEYS, "Reads, sets and increments integer fields of a string.", (c, a, o) -> bitfield(c, a, o, false));
        r.command("bitfield_ro", Route.KEYS, "Reads integer fields of a string.", (c, a, o) -> bitfield(c, a, o, true));
    }

    private static List<Operation> parse(CommandContext ctx, Args args) {
        List<Operation> operations = new ArrayList<>();
        Bitfield.Overflow overflow = Bitfield.Overflow.WRAP;
        while (args.hasNext()) {
            Kind kind;
            if (args.remaining() >= 3 && args.nextIs("GET")) {
                kind = Kind.GET;
            } else if (args.remaining() >= 4 && args.nextIs("SET")) {
                kind = Kind.SET;
            } else if (args.remaining() >= 4 && args.nextIs("INCRBY")) {
                kind = Kind.INCRBY;
            } else if (args.remaining() >= 2 && args.nextIs("OVERFLOW")) {
                if (args.nextIs("WRAP")) {
                    overflow = Bitfield.Overflow.WRAP;
                } else if (args.nextIs("SAT")) {
                    overflow = Bitfield.Overflow.SAT;
                } else if (args.nextIs("FAIL")) {
                    overflow = Bitfield.Overflow.FAIL;
                } else {
                    throw new CommandError("ERR Invalid OVERFLOW type specified");
                }
                continue;
            } else {
                throw Errors.syntax();
            }
            Bitfield.Type type = Bitfield.Type.parse(args.next());
            long offset = BitmapCommands.bitOffset(ctx, args.next(), type.bits());
            long argument = kind == Kind.GET ? 0 : args.nextLong();
            operations.add(new Operation(kind, type, offset, argument, overflow));
        }
        return operations;
    }

    private static void bitfield(CommandContext ctx, Args args, RespWriter out, boolean readOnly) {
        byte[] key = args.next();
        List<Operation> operations = parse(ctx, args);
        long farthestBit = -1;
        for (Operation operation : operations) {
            if (operation.kind() != Kind.GET) {
                farthestBit = Math.max(farthestBit, operation.offset() + operation.type().bits() - 1);
            }
        }
        if (farthestBit < 0) {
            StringValue value = ctx.readString(key);
            byte[] bytes = BitmapCommands.bytes(value);
            out.array(operations.size());
            operations.forEach(operation -> out.integer(Bitfield.get(bytes, operation.offset(), operation.type())));
            return;
        }
        if (readOnly) {
            throw new CommandError("ERR BITFIELD_RO only supports the GET subcommand");
        }
        StringValue current = StringCommands.unshare(ctx, key, ctx.writeString(key));
        int length = current == null ? 0 : current.length();
        int needed = (int) (farthestBit >>> 3) + 1;
        boolean grows = current == null || needed > length;
        byte[] bytes = Arrays.copyOf(current == null ? new byte[0] : current.array(), Math.max(length, needed));
        int changes = 0;
        out.array(operations.size());
        for (Operation operation : operations) {
            long old = Bitfield.get(bytes, operation.offset(), operation.type());
            if (operation.kind() == Kind.GET) {
                out.integer(old);
                continue;
            }
            Long stored = operation.kind() == Kind.SET
                    ? Bitfield.add(operation.argument(), 0, operation.type(), operation.overflow())
                    : Bitfield.add(old, operation.argument(), operation.type(), operation.overflow());
            if (stored == null) {
                out.nullBulk(); // OVERFLOW FAIL: nothing written
                continue;
            }
            out.integer(operation.kind() == Kind.SET ? old : stored);
            Bitfield.set(bytes, operation.offset(), operation.type().bits(), stored);
            if (grows || old != stored) {
                changes++;
            }
        }
        int first = grows ? length : bytes.length;
        int last = grows ? bytes.length - 1 : -1;
        byte[] original = current == null ? new byte[0] : current.array();
        for (int i = 0; i < Math.min(length, bytes.length); i++) {
            if (bytes[i] != original[i]) {
                first = Math.min(first, i);
                last = Math.max(last, i);
            }
        }
        if (first <= last) {
            StringCommands.writeRange(ctx, key, current, first, Arrays.copyOfRange(bytes, first, last + 1));
        }
        if (changes > 0) {
            ctx.notify(KeyEvent.SETBIT, key);
        }
    }
}
