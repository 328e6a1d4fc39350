package io.runnel.broker.geo;

import io.runnel.broker.testing.DifferentialCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The geo commands against redis-server, digit for digit: scores, positions, distances in every
 * unit, geohash strings, searches by radius and box from a position or a member (unsorted
 * results in Redis's cell order, ASC, DESC, COUNT, ANY, the WITH options), the STORE forms, and
 * the errors; plus a seeded run of random points and searches.
 */
class GeoDifferentialTest extends DifferentialCase {

    private void cities() {
        d.same("GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania");
        d.same("GEOADD", "Sicily", "12.758489", "38.788135", "edge1", "17.241510", "38.788135", "edge2", "14.5", "37.0", "mid");
    }

    @Test
    void positionsDistancesAndHashes() {
        cities();
        d.same("ZRANGE", "Sicily", "0", "-1", "WITHSCORES");
        d.same("GEOPOS", "Sicily", "Palermo", "Catania", "nope", "edge2");
        d.same("GEOPOS", "nokey", "a");
        for (String unit : new String[] {"m", "km", "ft", "mi", "KM"}) {
            d.same("GEODIST", "Sicily", "Palermo", "Catania", unit);
        }
        d.same("GEODIST", "Sicily", "Palermo", "Catania");
        d.same("GEODIST", "Sicily", "Palermo", "Palermo");
        d.same("GEODIST", "Sicily", "Palermo", "nope");
        d.same("GEODIST", "nokey", "a", "b");
        d.same("GEOHASH", "Sicily", "Palermo", "Catania", "nope", "mid");
        d.same("GEOHASH", "nokey", "a");
        d.same("GEOADD", "edges", "180", "85.05112878", "ne", "-180", "-85.05112878", "sw", "0", "0", "zero", "-0.0001", "0.0001", "near");
        d.same("GEOPOS", "edges", "ne", "sw", "zero", "near");
        d.same("GEOHASH", "edges", "ne", "sw", "zero", "near");
        d.same("GEODIST", "edges", "ne", "sw", "km");
        // scores that are no geohash: Redis reads them through a C cast to uint64_t
        d.same("ZADD", "odd", "1e300", "huge", "inf", "infinite", "-inf", "negative-infinite", "-1", "minus-one",
                "1e20", "past-2^63", "4503599627370496", "2^52", "0.5", "half");
        String[] members = {"huge", "infinite", "negative-infinite", "minus-one", "past-2^63", "2^52", "half"};
        d.same(concat(new String[] {"GEOPOS", "odd"}, members));
        d.same(concat(new String[] {"GEOHASH", "odd"}, members));
        d.same("GEODIST", "odd", "huge", "minus-one");
        d.same("GEOADD", "Sicily", "NX", "0", "0", "Palermo", "1", "1", "new");
        d.same("GEOADD", "Sicily", "XX", "CH", "13.361389", "38.1", "Palermo", "2", "2", "other");
        d.same("GEOADD", "Sicily", "CH", "13.361389", "38.1", "Palermo");
        d.same("GEOPOS", "Sicily", "Palermo", "new", "other");
        d.resp3();
        d.same("GEOPOS", "Sicily", "Palermo", "nope");
        d.same("GEODIST", "Sicily", "Palermo", "Catania");
        d.same("GEOHASH", "Sicily", "Palermo", "nope");
    }

    @Test
    void searches() {
        cities();
        for (String[] options : new String[][] {{}, {"ASC"}, {"DESC"}, {"COUNT", "2"}, {"COUNT", "2", "DESC"}, {"COUNT", "1", "ANY"},
                {"WITHDIST"}, {"WITHCOORD", "WITHHASH", "WITHDIST", "ASC"}, {"WITHHASH"}}) {
            d.same(concat(new String[] {"GEORADIUS", "Sicily", "15", "37", "200", "km"}, options));
            d.same(concat(new String[] {"GEORADIUS_RO", "Sicily", "15", "37", "100", "mi"}, options));
            d.same(concat(new String[] {"GEORADIUSBYMEMBER", "Sicily", "Palermo", "150000", "m"}, options));
            d.same(concat(new String[] {"GEORADIUSBYMEMBER_RO", "Sicily", "mid", "0", "km"}, options));
            d.same(concat(new String[] {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"}, options));
            d.same(concat(new String[] {"GEOSEARCH", "Sicily", "FROMMEMBER", "Catania", "BYBOX", "400", "300", "km"}, options));
            d.same(concat(new String[] {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1000000", "600000", "ft"}, options));
        }
        d.same("GEOSEARCH", "nokey", "FROMMEMBER", "x", "BYRADIUS", "1", "km");
        d.same("GEORADIUSBYMEMBER", "nokey", "x", "y", "km");
        d.same("GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km");
        d.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
        d.same("OBJECT", "ENCODING", "dst");
        d.same("GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST", "COUNT", "2");
        d.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
        d.same("GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "dst2");
        d.same("ZRANGE", "dst2", "0", "-1", "WITHSCORES");
        d.same("GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "dst2", "DESC", "COUNT", "1");
        d.same("ZRANGE", "dst2", "0", "-1", "WITHSCORES");
        d.same("GEORADIUSBYMEMBER", "Sicily", "Palermo", "1", "m", "STORE", "dst2");
        d.same("ZRANGE", "dst2", "0", "-1", "WITHSCORES");
        d.same("GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km");
        d.same("EXISTS", "dst");
        d.same("GEOSEARCHSTORE", "dst", "nokey", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km");
        d.resp3();
        d.same("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "WITHCOORD", "WITHDIST", "WITHHASH");
    }

    @Test
    void errorsAreRedis() {
        cities();
        d.same("SET", "str", "v");
        for (String[] command : new String[][] {{"GEOADD", "g", "200", "100", "m"}, {"GEOADD", "g", "x", "1", "m"}, {"GEOADD", "g", "1", "x", "m"},
                {"GEOADD", "g", "NX", "XX", "1", "2", "m"}, {"GEOADD", "g", "1", "2", "m", "3"}, {"GEOADD", "g", "1", "2"},
                {"GEOADD", "g", "1", "85.06", "m"}, {"GEOADD", "str", "1", "2", "m"}, {"GEOADD", "g", "CH", "1", "2"},
                {"GEOPOS", "str", "a"}, {"GEODIST", "str", "a", "b"}, {"GEODIST", "Sicily", "a", "b", "parsecs"},
                {"GEODIST", "Sicily", "a", "b", "km", "x"}, {"GEOHASH", "str", "a"},
                {"GEORADIUS", "Sicily", "15", "37", "-1", "km"}, {"GEORADIUS", "Sicily", "15", "37", "x", "km"},
                {"GEORADIUS", "Sicily", "15", "37", "1", "au"}, {"GEORADIUS", "Sicily", "15", "100", "1", "km"},
                {"GEORADIUS", "Sicily", "15", "37", "1", "km", "COUNT", "0"}, {"GEORADIUS", "Sicily", "15", "37", "1", "km", "COUNT", "x"},
                {"GEORADIUS", "Sicily", "15", "37", "1", "km", "ANY"}, {"GEORADIUS", "Sicily", "15", "37", "1", "km", "FOO"},
                {"GEORADIUS", "Sicily", "15", "37", "1", "km", "STORE", "d", "WITHDIST"},
                {"GEORADIUS_RO", "Sicily", "15", "37", "1", "km", "STORE", "d"}, {"GEORADIUS", "str", "15", "37", "1", "km"},
                {"GEORADIUSBYMEMBER", "Sicily", "nope", "1", "km"}, {"GEOSEARCH", "Sicily", "BYRADIUS", "1", "km"},
                {"GEOSEARCH", "Sicily", "FROMLONLAT", "1", "2"}, {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km"},
                {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "BYBOX", "1", "1", "km"},
                {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "-1", "1", "km"},
                {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "x", "1", "km"},
                {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "1", "y", "km"},
                {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "STORE", "d"},
                {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "STOREDIST"},
                {"GEOSEARCH", "Sicily", "FROMMEMBER", "nope", "BYRADIUS", "1", "km"},
                {"GEOSEARCHSTORE", "d", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "WITHCOORD"},
                {"GEOSEARCH", "nokey", "FROMLONLAT", "1", "2"}, {"GEOSEARCH", "str", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km"}}) {
            d.same(command);
        }
        d.same("EXISTS", "d");
    }

    @Test
    void randomPointsAndSearches() {
        long seed = System.nanoTime();
        System.out.println("GeoDifferentialTest seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        double baseLon = random.nextDouble(-170, 170);
        double baseLat = random.nextDouble(-80, 80);
        List<String> add = new ArrayList<>(List.of("GEOADD", "pts"));
        for (int i = 0; i < 400; i++) {
            add.add(String.format(Locale.ROOT, "%.6f", Math.max(-180, Math.min(180, baseLon + random.nextDouble(-3, 3)))));
            add.add(String.format(Locale.ROOT, "%.6f", Math.max(-85, Math.min(85, baseLat + random.nextDouble(-3, 3)))));
            add.add("p" + i);
        }
        d.same(add.toArray(new String[0]));
        String[] units = {"m", "km", "mi", "ft"};
        for (int round = 0; round < 60; round++) {
            String lon = String.format(Locale.ROOT, "%.5f", Math.max(-180, Math.min(180, baseLon + random.nextDouble(-2, 2))));
            String lat = String.format(Locale.ROOT, "%.5f", Math.max(-85, Math.min(85, baseLat + random.nextDouble(-2, 2))));
            String unit = units[random.nextInt(units.length)];
            double scale = switch (unit) {
                case "m" -> 1;
                case "km" -> 1000;
                case "mi" -> 1609.34;
                default -> 0.3048;
            };
            String size = String.format(Locale.ROOT, "%.3f", random.nextDouble(1000, 300000) / scale);
            String size2 = String.format(Locale.ROOT, "%.3f", random.nextDouble(1000, 300000) / scale);
            String[] command = switch (random.nextInt(4)) {
                case 0 -> new String[] {"GEOSEARCH", "pts", "FROMLONLAT", lon, lat, "BYRADIUS", size, unit, "WITHDIST"};
                case 1 -> new String[] {"GEOSEARCH", "pts", "FROMMEMBER", "p" + random.nextInt(400), "BYBOX", size, size2, unit,
                        "WITHCOORD"};
                case 2 -> new String[] {"GEORADIUS", "pts", lon, lat, size, unit, "COUNT", Integer.toString(1 + random.nextInt(20)),
                        random.nextBoolean() ? "ASC" : "DESC", "WITHHASH"};
                default -> new String[] {"GEORADIUSBYMEMBER", "pts", "p" + random.nextInt(400), size, unit, "WITHDIST"};
            };
            try {
                d.same(command);
            } catch (AssertionError e) {
                throw new AssertionError("seed=" + seed + ": " + e.getMessage(), e);
            }
        }
    }
}
