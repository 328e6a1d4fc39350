package io.runnel.broker.geo;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.LongDouble;
import io.runnel.broker.keyspace.Numbers;
import io.runnel.broker.keyspace.Strtod;
import io.runnel.broker.zset.ZSetCommands;
import io.runnel.broker.zset.ZSetValue;
import io.runnel.protocol.RespWriter;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geo commands: positions kept in sorted sets under Redis's 52-bit geohash scores. GEOADD is
 * ZADD with encoded scores; GEOPOS, GEODIST and GEOHASH decode them; GEOSEARCH, GEOSEARCHSTORE
 * and the GEORADIUS family search them ({@link GeoSearch}).
 */
public final class GeoCommands implements CommandFamily {

    private static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

    @Override
    public void register(CommandRegistry r) {
        r.command("geoadd", Route.KEYS, "Adds members with their positions to a geo sorted set.", GeoCommands::geoadd);
        r.command("geopos", Route.KEYS, "Returns the positions of members of a geo sorted set.", GeoCommands::geopos);
        r.command("geodist", Route.KEYS, "Returns the distance between two members of a geo sorted set.", GeoCommands::geodist);
        r.command("geohash", Route.KEYS, "Returns the standard geohash strings of members of a geo sorted set.", GeoCommands::geohash);
        GeoSearch.register(r);
    }

    /** A longitude and latitude argument pair, as Redis checks them. */
    static double[] lonLat(Args args) {
        double lon = coordinate(args.next());
        double lat = coordinate(args.next());
        if (lon < GeoHash.LONG_MIN || lon > GeoHash.LONG_MAX || lat < GeoHash.LAT_MIN || lat > GeoHash.LAT_MAX) {
            throw new CommandError(String.format(Locale.ROOT, "ERR invalid longitude,latitude pair %f,%f", lon, lat));
        }
        return new double[] {lon, lat};
    }

    private static double coordinate(byte[] text) {
        return parseFloat(text, "ERR value is not a valid float");
    }

    /** A number as getDoubleFromObject reads it (no space first, not NaN, no overflow), else {@code error}. */
    static double parseFloat(byte[] text, String error) {
        Double value = Numbers.parseDouble(text);
        if (value == null || (Double.isInfinite(value) || value == 0) && Strtod.outOfRange(text, value)) {
            throw new CommandError(error);
        }
        return value;
    }

    /** A unit's meters: m, km, ft or mi in any case. */
    static double unit(byte[] text) {
        String unit = Args.text(text).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "m" -> 1;
            case "km" -> 1000;
            case "ft" -> 0.3048;
            case "mi" -> 1609.34;
            default -> throw new CommandError("ERR unsupported unit provided. please use M, KM, FT, MI");
        };
    }

    /** A coordinate as Redis shows it: "%.17Lf" without trailing zeros, a double in RESP3. */
    static void coordinate(RespWriter out, double value) {
        String text = LongDouble.format(new BigDecimal(value));
        if (out.resp3()) {
            out.raw((',' + text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            out.bulk(text);
        }
    }

    /** A distance as Redis shows it: "%.4f", always a bulk string. */
    static void distance(RespWriter out, double meters) {
        out.bulk(new BigDecimal(meters).setScale(4, RoundingMode.HALF_EVEN).toPlainString());
    }

    /** A member's position, or null when the key or the member is missing. */
    static double[] position(ZSetValue zset, byte[] member) {
        double score = zset == null ? Double.NaN : zset.score(member);
        return Double.isNaN(score) ? null : GeoHash.decodeScore(score);
    }

    private static void geoadd(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        List<byte[]> zadd = new ArrayList<>(List.of("ZADD".getBytes(StandardCharsets.US_ASCII), key));
        boolean nx = false;
        boolean xx = false;
        while (args.hasNext()) {
            if (Args.is(args.peek(), "NX")) {
                nx = true;
            } else if (Args.is(args.peek(), "XX")) {
                xx = true;
            } else if (!Args.is(args.peek(), "CH")) {
                break;
            }
            zadd.add(args.next());
        }
        if (args.remaining() % 3 != 0 || nx && xx) {
            throw Errors.syntax();
        }
        while (args.hasNext()) {
            double[] position = lonLat(args);
            byte[] member = args.next();
            GeoHash.Bits hash = GeoHash.encodeWgs84(position[0], position[1], GeoHash.STEP_MAX);
            zadd.add(Long.toString(hash.align52()).getBytes(StandardCharsets.US_ASCII));
            zadd.add(member);
        }
        ZSetCommands.zadd(ctx, zadd.toArray(new byte[0][]), out);
    }

    private static void geopos(CommandContext ctx, Args args, RespWriter out) {
        ZSetValue zset = ZSetCommands.zset(ctx.read(args.next()));
        out.array(args.remaining());
        while (args.hasNext()) {
            double[] position = position(zset, args.next());
            if (position == null) {
                out.nullArray();
                continue;
            }
            out.array(2);
            coordinate(out, position[0]);
            coordinate(out, position[1]);
        }
    }

    private static void geodist(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = args.next();
        byte[] first = args.next();
        byte[] second = args.next();
        double toMeters = 1;
        if (args.remaining() == 1) {
            toMeters = unit(args.next());
        } else if (args.remaining() > 1) {
            throw Errors.syntax();
        }
        ZSetValue zset = ZSetCommands.zset(ctx.read(key));
        double[] a = position(zset, first);
        double[] b = position(zset, second);
        if (a == null || b == null) {
            out.nullBulk();
            return;
        }
        distance(out, GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeters);
    }

    private static void geohash(CommandContext ctx, Args args, RespWriter out) {
        ZSetValue zset = ZSetCommands.zset(ctx.read(args.next()));
        out.array(args.remaining());
        while (args.hasNext()) {
            double[] position = position(zset, args.next());
            if (position == null) {
                out.nullBulk();
                continue;
            }
            // re-encoded with the standard latitude range, as geohash strings are
            GeoHash.Bits hash = GeoHash.encode(position[0], position[1], -90, 90, 26);
            char[] text = new char[11];
            for (int i = 0; i < 11; i++) {
                int index = i == 10 ? 0 : (int) ((hash.bits() >>> (52 - (i + 1) * 5)) & 0x1f);
                text[i] = ALPHABET.charAt(index);
            }
            out.bulk(new String(text));
        }
    }
}
