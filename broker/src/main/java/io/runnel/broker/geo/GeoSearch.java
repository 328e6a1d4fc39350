package io.runnel.broker.geo;

import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandError;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.Errors;
import io.runnel.broker.command.Route;
import io.runnel.broker.command.StoredResult;
import io.runnel.broker.keyspace.KeyEvent;
import io.runnel.broker.zset.ZSetCommands;
import io.runnel.broker.zset.ZSetValue;
import io.runnel.protocol.RespWriter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER and their _RO forms: one parser and
 * one search, as Redis's georadiusGeneric. Candidates come from the nine covering cells in
 * Redis's order (a cell equal to the one before is skipped), each filtered by its exact distance;
 * COUNT without ANY sorts ascending; STORE keeps geohash scores, STOREDIST distances.
 */
final class GeoSearch {

    private enum Kind { RADIUS_COORDS, RADIUS_MEMBER, SEARCH }

    private record Point(byte[] member, double score, double longitude, double latitude, double distance) {
    }

    private GeoSearch() {
    }

    static void register(CommandRegistry r) {
        r.command("georadius", Route.KEYS, "Finds members of a geo sorted set within a radius of a position.",
                (c, a, o) -> search(c, a, o, Kind.RADIUS_COORDS, false, false));
        r.command("georadius_ro", Route.KEYS, "Finds members of a geo sorted set within a radius of a position.",
                (c, a, o) -> search(c, a, o, Kind.RADIUS_COORDS, true, false));
        r.command("georadiusbymember", Route.KEYS, "Finds members of a geo sorted set within a radius of a member.",
                (c, a, o) -> search(c, a, o, Kind.RADIUS_MEMBER, false, false));
        r.command("georadiusbymember_ro", Route.KEYS, "Finds members of a geo sorted set within a radius of a member.",
                (c, a, o) -> search(c, a, o, Kind.RADIUS_MEMBER, true, false));
        r.command("geosearch", Route.KEYS, "Finds members of a geo sorted set within a circle or a box.",
                (c, a, o) -> search(c, a, o, Kind.SEARCH, true, false));
        r.command("geosearchstore", Route.KEYS, "Stores the members of a geo sorted set within a circle or a box in a key.",
                (c, a, o) -> search(c, a, o, Kind.SEARCH, true, true));
    }

    /** The position of a member, or the error Redis gives when it has none. */
    private static double[] memberPosition(ZSetValue zset, byte[] member) {
        double[] position = GeoCommands.position(zset, member);
        if (position == null) {
            throw new CommandError("ERR could not decode requested zset member");
        }
        return position;
    }

    private static double[] radius(Args args) {
        double radius = GeoCommands.parseFloat(args.next(), "ERR need numeric radius");
        if (radius < 0) {
            throw new CommandError("ERR radius cannot be negative");
        }
        return new double[] {radius, GeoCommands.unit(args.next())};
    }

    private static double[] box(Args args) {
        double width = GeoCommands.parseFloat(args.next(), "ERR need numeric width");
        double height = GeoCommands.parseFloat(args.next(), "ERR need numeric height");
        if (height < 0 || width < 0) {
            throw new CommandError("ERR height or width cannot be negative");
        }
        return new double[] {width, height, GeoCommands.unit(args.next())};
    }

    private static void search(CommandContext ctx, Args args, RespWriter out, Kind kind, boolean noStore, boolean searchStore) {
        String name = Args.text(args.get(0));
        byte[] storeKey = searchStore ? args.next() : null;
        ZSetValue zset = ZSetCommands.zset(ctx.read(args.next()));
        double[] centre = null;
        double[] circle = null;
        double[] rectangle = null;
        if (kind == Kind.RADIUS_COORDS) {
            centre = GeoCommands.lonLat(args);
            circle = radius(args);
        } else if (kind == Kind.RADIUS_MEMBER) {
            byte[] member = args.next();
            if (zset != null) {
                centre = memberPosition(zset, member);
                circle = radius(args);
            } else {
                args.next(); // no key: the options are still read, to know which reply to give
                args.next();
            }
        }
        boolean withDist = false;
        boolean withHash = false;
        boolean withCoords = false;
        boolean any = false;
        int sort = 0; // 0 none, 1 ascending, -1 descending
        long count = 0;
        boolean storeDist = false;
        boolean fromMember = false;
        boolean fromLonLat = false;
        while (args.hasNext()) {
            int remaining = args.remaining();
            if (args.nextIs("WITHDIST")) {
                withDist = true;
            } else if (args.nextIs("WITHHASH")) {
                withHash = true;
            } else if (args.nextIs("WITHCOORD")) {
                withCoords = true;
            } else if (args.nextIs("ANY")) {
                any = true;
            } else if (args.nextIs("ASC")) {
                sort = 1;
            } else if (args.nextIs("DESC")) {
                sort = -1;
            } else if (remaining >= 2 && args.nextIs("COUNT")) {
                count = args.nextLong();
                if (count <= 0) {
                    throw new CommandError("ERR COUNT must be > 0");
                }
            } else if (remaining >= 2 && !noStore && kind != Kind.SEARCH && args.nextIs("STORE")) {
                storeKey = args.next();
                storeDist = false;
            } else if (remaining >= 2 && !noStore && kind != Kind.SEARCH && args.nextIs("STOREDIST")) {
                storeKey = args.next();
                storeDist = true;
            } else if (kind == Kind.SEARCH && searchStore && args.nextIs("STOREDIST")) {
                storeDist = true;
            } else if (remaining >= 2 && kind == Kind.SEARCH && !fromLonLat && args.nextIs("FROMMEMBER")) {
                byte[] member = args.next();
                if (zset != null) {
                    centre = memberPosition(zset, member);
                }
                fromMember = true;
            } else if (remaining >= 3 && kind == Kind.SEARCH && !fromMember && args.nextIs("FROMLONLAT")) {
                centre = GeoCommands.lonLat(args);
                fromLonLat = true;
            } else if (remaining >= 3 && kind == Kind.SEARCH && rectangle == null && args.nextIs("BYRADIUS")) {
                circle = radius(args);
            } else if (remaining >= 4 && kind == Kind.SEARCH && circle == null && args.nextIs("BYBOX")) {
                rectangle = box(args);
            } else {
                throw Errors.syntax();
            }
        }
        if (storeKey != null && (withDist || withHash || withCoords)) {
            throw new CommandError("ERR " + (searchStore ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if (kind == Kind.SEARCH && !(fromMember || fromLonLat)) {
            throw new CommandError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + name);
        }
        if (kind == Kind.SEARCH && circle == null && rectangle == null) {
            throw new CommandError("ERR exactly one of BYRADIUS and BYBOX can be specified for " + name);
        }
        if (any && count == 0) {
            throw new CommandError("ERR the ANY argument requires COUNT argument");
        }
        if (zset == null) {
            if (storeKey != null) {
                StoredResult.replace(ctx, storeKey, null, true, KeyEvent.DEL);
                out.integer(0);
            } else {
                out.array(0);
            }
            return;
        }
        if (count != 0 && sort == 0 && !any) {
            sort = 1;
        }
        GeoShape shape = circle != null ? GeoShape.circle(centre, circle[0], circle[1])
                : GeoShape.box(centre, rectangle[0], rectangle[1], rectangle[2]);
        List<Point> found = candidates(zset, shape, any ? count : 0);
        if (sort != 0) {
            Comparator<Point> byDistance = Comparator.comparingDouble(Point::distance);
            found.sort(sort > 0 ? byDistance : byDistance.reversed());
        }
        int returned = (int) (count == 0 || found.size() < count ? found.size() : count);
        if (storeKey == null) {
            reply(out, found.subList(0, returned), shape.conversion, withDist, withHash, withCoords);
            return;
        }
        ZSetValue result = ZSetValue.skiplist(returned);
        ZSetValue.Limits unlimited = new ZSetValue.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);
        for (Point point : found.subList(0, returned)) {
            result.put(point.member(), storeDist ? point.distance() / shape.conversion : point.score(), unlimited);
        }
        StoredResult.replace(ctx, storeKey, result.fitted(ZSetCommands.limits(ctx)), returned == 0,
                kind == Kind.SEARCH ? KeyEvent.GEOSEARCHSTORE : KeyEvent.GEORADIUSSTORE);
        out.integer(returned);
    }

    /** The members inside the shape, cell by cell in Redis's order; at most {@code limit} (0: all). */
    private static List<Point> candidates(ZSetValue zset, GeoShape shape, long limit) {
        List<Point> found = new ArrayList<>();
        List<GeoHash.Bits> cells = shape.cells();
        int lastProcessed = 0;
        for (int i = 0; i < cells.size(); i++) {
            GeoHash.Bits cell = cells.get(i);
            if (cell.isZero()) {
                continue;
            }
            GeoHash.Bits last = cells.get(lastProcessed);
            if (lastProcessed != 0 && cell.bits() == last.bits() && cell.step() == last.step()) {
                continue; // huge radii make neighbours repeat
            }
            if (!found.isEmpty() && limit != 0 && found.size() >= limit) {
                break;
            }
            double min = cell.align52();
            double max = new GeoHash.Bits(cell.bits() + 1, cell.step()).align52();
            zset.walkScores(min, max, (member, score) -> {
                double[] position = GeoHash.decodeScore(score);
                if (position != null) {
                    double distance = shape.distanceIfInside(position[0], position[1]);
                    if (!Double.isNaN(distance)) {
                        found.add(new Point(member, score, position[0], position[1], distance));
                    }
                }
                return found.isEmpty() || limit == 0 || found.size() < limit;
            });
            lastProcessed = i;
        }
        return found;
    }

    private static void reply(RespWriter out, List<Point> points, double conversion, boolean withDist, boolean withHash,
                              boolean withCoords) {
        int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoords ? 1 : 0);
        out.array(points.size());
        for (Point point : points) {
            if (options > 0) {
                out.array(options + 1);
            }
            out.bulk(point.member());
            if (withDist) {
                GeoCommands.distance(out, point.distance() / conversion);
            }
            if (withHash) {
                out.integer((long) point.score());
            }
            if (withCoords) {
                out.array(2);
                GeoCommands.coordinate(out, point.longitude());
                GeoCommands.coordinate(out, point.latitude());
            }
        }
    }
}
