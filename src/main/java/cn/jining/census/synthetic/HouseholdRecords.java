package cn.jining.census.synthetic;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Writes the administrative household records that arrive beside a delivery
 * ({@code household-records.csv}: {@code bid,lon,lat,households,persons,source}). Each row names
 * a building either by {@code bid} or by a point (lon, lat in EPSG:4490, 7 decimals) inside its
 * footprint, and gives the households and persons registered there, which override the
 * delivery's estimate. A few rows on purpose match no building.
 */
final class HouseholdRecords {

    /** A row that matches no building, as the README lists it. */
    record Unmatched(String bid, double lon, double lat, String why) {
    }

    private static final int BY_BID = 240;
    private static final int BY_POINT = 60;

    private HouseholdRecords() {
    }

    /** Writes the records and returns the rows that match no building, in file order. */
    static List<Unmatched> write(Path csv, LandscapePlan plan, List<DeliveryGenerator.ResidentialBuilding> residential)
            throws IOException {
        SplittableRandom random = RandomStreams.of(plan.seed, 51);
        CoordinateTransform toGeographic = DeliveryCrs.gaussKrugerToGeographic();
        List<String> rows = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        String demolished = plan.demolitionArea >= 0 ? plan.areas.get(plan.demolitionArea).code() : null;
        // the houses of the demolition zone are registered with the police first of all
        for (int k = 0; k < residential.size() && demolished != null && used.size() < 12; k++) {
            if (residential.get(k).areaCode().equals(demolished) && random.nextDouble() < 0.2) {
                used.add(k);
                rows.add(row(residential.get(k), null, random, "公安户籍"));
            }
        }
        while (rows.size() < BY_BID + BY_POINT) {
            int k = random.nextInt(residential.size());
            if (!used.add(k)) {
                continue;
            }
            DeliveryGenerator.ResidentialBuilding b = residential.get(k);
            // houses outnumber apartment blocks a hundred to one: draw every third row from the blocks
            if (rows.size() % 3 == 0 && b.households() == 1) {
                used.remove(k);
                continue;
            }
            String source = b.households() > 1 && random.nextDouble() < 0.5 ? "房管" : "公安户籍";
            rows.add(row(b, rows.size() >= BY_BID ? toGeographic : null, random, source));
        }
        List<Unmatched> unmatched = unmatched(plan, toGeographic);
        int[] positions = {37, 111, 160, 205, 250, 290};
        for (int k = 0; k < unmatched.size(); k++) {
            Unmatched u = unmatched.get(k);
            int households = 1 + random.nextInt(3);
            String line = u.bid() != null
                    ? String.format(Locale.ROOT, "%s,,,%d,%d,公安户籍", u.bid(), households, households * 3)
                    : String.format(Locale.ROOT, ",%.7f,%.7f,%d,%d,公安户籍", u.lon(), u.lat(), households, households * 3);
            rows.add(positions[k], line);
        }
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("bid,lon,lat,households,persons,source\n");
            for (String row : rows) {
                out.write(row);
                out.write('\n');
            }
        }
        return unmatched;
    }

    private static String row(DeliveryGenerator.ResidentialBuilding b, CoordinateTransform toGeographic,
            SplittableRandom random, String source) {
        int households = b.households() == 1 ? 1 + (random.nextDouble() < 0.2 ? 1 : 0)
                : Math.max(1, b.households() - 8 + random.nextInt(14));
        int persons = (int) Math.round(households * RandomStreams.between(random, 2.1, 3.4));
        if (toGeographic == null) {
            return String.format(Locale.ROOT, "%s,,,%d,%d,%s", b.bid(), households, persons, source);
        }
        double[] lonLat = lonLat(toGeographic, b.inside());
        return String.format(Locale.ROOT, ",%.7f,%.7f,%d,%d,%s", lonLat[0], lonLat[1], households, persons, source);
    }

    /**
     * Six rows that match nothing: three ids of buildings pulled down before the delivery, a
     * point on a main-road crossing, one in the river, one 3 km outside the territory.
     */
    private static List<Unmatched> unmatched(LandscapePlan plan, CoordinateTransform toGeographic) {
        List<Unmatched> rows = new ArrayList<>();
        int[] areas = {plan.areas.size() / 7, plan.areas.size() / 2, plan.areas.size() - 3};
        for (int k = 0; k < areas.length; k++) {
            rows.add(new Unmatched(plan.areas.get(areas[k]).code() + "-" + (99901 + k), 0, 0,
                    "bid of a building demolished before the delivery: no such bid"));
        }
        Coordinate crossing = null;
        for (int e = 0; e < plan.lattice.edgeCount() && crossing == null; e++) {
            int[] beside = plan.lattice.cellsBeside(e);
            if (plan.road[e] == RoadClass.MAIN && plan.lattice.isVertical(e) && plan.inside(beside[0]) && plan.inside(beside[1])
                    && plan.lattice.positionOnLine(e) > plan.lattice.rows / 2) {
                crossing = plan.lattice.edgePath(e)[0];
            }
        }
        double[] atCrossing = lonLat(toGeographic, crossing);
        rows.add(new Unmatched(null, atCrossing[0], atCrossing[1], "point on a main-road crossing, no building there"));
        if (plan.river != null) {
            double[] inRiver = lonLat(toGeographic, plan.river.getInteriorPoint().getCoordinate());
            rows.add(new Unmatched(null, inRiver[0], inRiver[1], "point in the river " + plan.riverName));
        }
        Coordinate west = plan.territory().getEnvelopeInternal().centre();
        double[] outside = lonLat(toGeographic, new Coordinate(plan.territory().getEnvelopeInternal().getMinX() - 3000, west.y));
        rows.add(new Unmatched(null, outside[0], outside[1], "point 3 km west of the territory"));
        return rows;
    }

    private static double[] lonLat(CoordinateTransform toGeographic, Coordinate gk) {
        ProjCoordinate out = new ProjCoordinate();
        toGeographic.transform(new ProjCoordinate(gk.x, gk.y), out);
        return new double[] {out.x, out.y};
    }
}
