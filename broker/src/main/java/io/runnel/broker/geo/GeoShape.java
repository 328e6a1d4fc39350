package io.runnel.broker.geo;

import java.util.ArrayList;
import java.util.List;

/**
 * A search area: a circle (BYRADIUS, GEORADIUS) or a box (BYBOX) around a centre, in the
 * caller's unit ({@code conversion} meters per unit). Finds the nine geohash cells that cover it
 * as Redis's geohashCalculateAreasByShapeWGS84 does, so candidates are visited in Redis's order.
 */
final class GeoShape {

    final double longitude;
    final double latitude;
    final boolean circle;
    final double radius;
    final double width;
    final double height;
    final double conversion;

    private GeoShape(double longitude, double latitude, boolean circle, double radius, double width, double height,
                     double conversion) {
        this.longitude = longitude;
        this.latitude = latitude;
        this.circle = circle;
        this.radius = radius;
        this.width = width;
        this.height = height;
        this.conversion = conversion;
    }

    static GeoShape circle(double[] centre, double radius, double conversion) {
        return new GeoShape(centre[0], centre[1], true, radius, 0, 0, conversion);
    }

    static GeoShape box(double[] centre, double width, double height, double conversion) {
        return new GeoShape(centre[0], centre[1], false, 0, width, height, conversion);
    }

    /** The distance from the centre when a point is inside, else NaN. */
    double distanceIfInside(double lon, double lat) {
        if (circle) {
            double distance = GeoHash.distance(longitude, latitude, lon, lat);
            return distance > radius * conversion ? Double.NaN : distance;
        }
        double widthMeters = width * conversion;
        double heightMeters = height * conversion;
        if (GeoHash.latDistance(lat, latitude) > heightMeters / 2) {
            return Double.NaN;
        }
        if (GeoHash.distance(lon, lat, longitude, lat) > widthMeters / 2) {
            return Double.NaN;
        }
        return GeoHash.distance(longitude, latitude, lon, lat);
    }

    /** The cells to search, in Redis's order (centre, N, S, E, W, NE, NW, SE, SW); empty ones are ZERO. */
    List<GeoHash.Bits> cells() {
        double halfHeight = conversion * (circle ? radius : height / 2);
        double halfWidth = conversion * (circle ? radius : width / 2);
        double latDelta = GeoHash.radDeg(halfHeight / GeoHash.EARTH_RADIUS_IN_METERS);
        double longDeltaTop = GeoHash.radDeg(halfWidth / GeoHash.EARTH_RADIUS_IN_METERS / Math.cos(GeoHash.degRad(latitude + latDelta)));
        double longDeltaBottom = GeoHash.radDeg(halfWidth / GeoHash.EARTH_RADIUS_IN_METERS / Math.cos(GeoHash.degRad(latitude - latDelta)));
        boolean southern = latitude < 0;
        double minLon = southern ? longitude - longDeltaBottom : longitude - longDeltaTop;
        double maxLon = southern ? longitude + longDeltaBottom : longitude + longDeltaTop;
        double minLat = latitude - latDelta;
        double maxLat = latitude + latDelta;

        double radiusMeters = circle ? radius : Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2));
        radiusMeters *= conversion;
        int steps = GeoHash.estimateSteps(radiusMeters, latitude);
        GeoHash.Bits hash = GeoHash.encodeWgs84(longitude, latitude, steps);
        GeoHash.Area area = GeoHash.decode(hash);
        GeoHash.Area north = GeoHash.decode(GeoHash.neighbour(hash, 0, 1));
        GeoHash.Area south = GeoHash.decode(GeoHash.neighbour(hash, 0, -1));
        GeoHash.Area east = GeoHash.decode(GeoHash.neighbour(hash, 1, 0));
        GeoHash.Area west = GeoHash.decode(GeoHash.neighbour(hash, -1, 0));
        boolean decrease = north.latMax() < maxLat || south.latMin() > minLat || east.longMax() < maxLon || west.longMin() > minLon;
        if (steps > 1 && decrease) {
            steps--;
            hash = GeoHash.encodeWgs84(longitude, latitude, steps);
            area = GeoHash.decode(hash);
        }
        GeoHash.Bits n = GeoHash.neighbour(hash, 0, 1);
        GeoHash.Bits s = GeoHash.neighbour(hash, 0, -1);
        GeoHash.Bits e = GeoHash.neighbour(hash, 1, 0);
        GeoHash.Bits w = GeoHash.neighbour(hash, -1, 0);
        GeoHash.Bits ne = GeoHash.neighbour(hash, 1, 1);
        GeoHash.Bits nw = GeoHash.neighbour(hash, -1, 1);
        GeoHash.Bits se = GeoHash.neighbour(hash, 1, -1);
        GeoHash.Bits sw = GeoHash.neighbour(hash, -1, -1);
        if (steps >= 2) {
            if (area.latMin() < minLat) {
                s = GeoHash.Bits.ZERO;
                sw = GeoHash.Bits.ZERO;
                se = GeoHash.Bits.ZERO;
            }
            if (area.latMax() > maxLat) {
                n = GeoHash.Bits.ZERO;
                ne = GeoHash.Bits.ZERO;
                nw = GeoHash.Bits.ZERO;
            }
            if (area.longMin() < minLon) {
                w = GeoHash.Bits.ZERO;
                sw = GeoHash.Bits.ZERO;
                nw = GeoHash.Bits.ZERO;
            }
            if (area.longMax() > maxLon) {
                e = GeoHash.Bits.ZERO;
                se = GeoHash.Bits.ZERO;
                ne = GeoHash.Bits.ZERO;
            }
        }
        List<GeoHash.Bits> cells = new ArrayList<>(9);
        cells.add(hash);
        cells.add(n);
        cells.add(s);
        cells.add(e);
        cells.add(w);
        cells.add(ne);
        cells.add(nw);
        cells.add(se);
        cells.add(sw);
        return cells;
    }
}
