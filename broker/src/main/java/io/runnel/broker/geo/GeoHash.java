package io.runnel.broker.geo;

/**
 * Redis's geohash: longitude and latitude (Web Mercator's latitude limits) interleaved into 52
 * bits, the score of a member of a geo sorted set; decoding to the centre of the cell; the
 * neighbouring cells; and distances on Redis's sphere. Every step is Redis's own arithmetic, so
 * coordinates and distances come out digit for digit.
 */
final class GeoHash {

    static final int STEP_MAX = 26;
    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LONG_MIN = -180;
    static final double LONG_MAX = 180;
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    static final double MERCATOR_MAX = 20037726.37;
    private static final double D_R = Math.PI / 180.0;
    private static final double R_D = 180.0 / Math.PI;

    /** A cell: its interleaved bits and how many steps (bit pairs) they hold; step 0 is "none". */
    record Bits(long bits, int step) {
        static final Bits ZERO = new Bits(0, 0);

        boolean isZero() {
            return bits == 0 && step == 0;
        }

        /** The 52-bit score range start of the cell (its end is that of the next cell). */
        long align52() {
            return bits << (52 - step * 2);
        }
    }

    /** A cell's bounds. */
    record Area(double longMin, double longMax, double latMin, double latMax) {
    }

    private GeoHash() {
    }

    static double degRad(double angle) {
        return angle * D_R;
    }

    static double radDeg(double angle) {
        return angle * R_D;
    }

    /** Spreads the 32 bits of {@code v} to the even bit positions. */
    private static long spread(long v) {
        v &= 0xFFFFFFFFL;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    /** Gathers the even bits of {@code v} into 32 bits. */
    private static long squash(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
    }

    /** Encodes a position with the given latitude range (Redis's, or -90..90 for GEOHASH's strings); null when outside. */
    static Bits encode(double longitude, double latitude, double latMin, double latMax, int step) {
        if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN) {
            return null;
        }
        if (latitude < latMin || latitude > latMax) {
            return null;
        }
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - LONG_MIN) / (LONG_MAX - LONG_MIN);
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        // C converts the doubles to uint32_t when passing them: truncation
        long lat = (long) latOffset & 0xFFFFFFFFL;
        long lon = (long) longOffset & 0xFFFFFFFFL;
        return new Bits(spread(lat) | (spread(lon) << 1), step);
    }

    static Bits encodeWgs84(double longitude, double latitude, int step) {
        return encode(longitude, latitude, LAT_MIN, LAT_MAX, step);
    }

    /** The cell's bounds, in Redis's coordinate ranges; null for the empty cell. */
    static Area decode(Bits hash) {
        if (hash.isZero()) {
            return null;
        }
        int step = hash.step();
        long ilato = squash(hash.bits());
        long ilono = squash(hash.bits() >>> 1);
        double latScale = LAT_MAX - LAT_MIN;
        double longScale = LONG_MAX - LONG_MIN;
        double cells = (double) (1L << step);
        return new Area(
                LONG_MIN + (ilono * 1.0 / cells) * longScale,
                LONG_MIN + ((ilono + 1) * 1.0 / cells) * longScale,
                LAT_MIN + (ilato * 1.0 / cells) * latScale,
                LAT_MIN + ((ilato + 1) * 1.0 / cells) * latScale);
    }

    private static final double TWO_TO_63 = 0x1p63;

    /**
     * A score as the 64 bits Redis reads from it with a C cast to uint64_t, as x86-64 computes
     * that cast: below 2^63 a truncation (an out-of-range or NaN value gives 0x8000000000000000),
     * from 2^63 up a truncation of the value less 2^63 with the top bit flipped, so that scores
     * far too large (1e300, inf) read as 0. Java's saturating cast differs for those.
     */
    static long scoreBits(double score) {
        if (score < TWO_TO_63) {
            return truncate(score);
        }
        return truncate(score - TWO_TO_63) ^ Long.MIN_VALUE;
    }

    /** x86-64's cvttsd2si: truncation, or 0x8000000000000000 when the value has no 64-bit integer. */
    private static long truncate(double value) {
        return Double.isNaN(value) || value >= TWO_TO_63 || value < -TWO_TO_63 ? Long.MIN_VALUE : (long) value;
    }

    /** The position a score stands for: the centre of its cell, {longitude, latitude}. */
    static double[] decodeScore(double score) {
        Area area = decode(new Bits(scoreBits(score), STEP_MAX));
        if (area == null) {
            return null;
        }
        double x = (area.longMin() + area.longMax()) / 2;
        x = Math.min(LONG_MAX, Math.max(LONG_MIN, x));
        double y = (area.latMin() + area.latMax()) / 2;
        y = Math.min(LAT_MAX, Math.max(LAT_MIN, y));
        return new double[] {x, y};
    }

    private static final long LONGITUDE_BITS = 0xaaaaaaaaaaaaaaaaL; // odd bits
    private static final long LATITUDE_BITS = 0x5555555555555555L; // even bits

    /**
     * One coordinate of a cell moved by one cell ({@code d} +1 or -1, 0 for none): the bits of
     * that coordinate ({@code axis}) incremented or decremented across the other's, as Redis's
     * geohash_move_x and geohash_move_y do.
     */
    private static Bits move(Bits hash, int d, long axis) {
        if (d == 0) {
            return hash;
        }
        long other = ~axis;
        long moving = hash.bits() & axis;
        long fixed = hash.bits() & other;
        long zz = other >>> (64 - hash.step() * 2);
        if (d > 0) {
            moving = moving + (zz + 1);
        } else {
            moving = moving | zz;
            moving = moving - (zz + 1);
        }
        moving &= axis >>> (64 - hash.step() * 2);
        return new Bits(moving | fixed, hash.step());
    }

    /** The cell moved by dx (east +1, west -1) and dy (north +1, south -1). */
    static Bits neighbour(Bits hash, int dx, int dy) {
        return move(move(hash, dx, LONGITUDE_BITS), dy, LATITUDE_BITS);
    }

    /** The haversine distance in meters on Redis's sphere. */
    static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
        double lon1r = degRad(lon1d);
        double lon2r = degRad(lon2d);
        double v = Math.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latDistance(lat1d, lat2d);
        }
        double lat1r = degRad(lat1d);
        double lat2r = degRad(lat2d);
        double u = Math.sin((lat2r - lat1r) / 2);
        double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
    }

    static double latDistance(double lat1d, double lat2d) {
        return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
    }

    /** How many steps a cell should have for a search of this radius at this latitude. */
    static int estimateSteps(double rangeMeters, double latitude) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (latitude > 66 || latitude < -66) {
            step--;
            if (latitude > 80 || latitude < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(26, step));
    }
}
