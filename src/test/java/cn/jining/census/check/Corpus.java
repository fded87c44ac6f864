package cn.jining.census.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * The tiny helper of the defect corpus: geometries written in local metres (0–1000) are shifted
 * to where Jining lies in EPSG:4548 (x ≈ 520 000, y ≈ 3 915 000), so that every case runs at
 * the coordinate magnitudes, and with the floating-point rounding, of real data.
 */
final class Corpus {

    static final double X0 = 520_000;
    static final double Y0 = 3_915_000;
    static final CheckSettings SETTINGS = CheckSettings.defaults();
    private static final WKTReader READER = new WKTReader(new GeometryFactory(new PrecisionModel(), 4548));

    private Corpus() {
    }

    /** A geometry from WKT in local metres. */
    static Geometry wkt(String wkt) {
        try {
            Geometry g = READER.read(wkt);
            g.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
                c.x += X0;
                c.y += Y0;
            });
            g.geometryChanged();
            return g;
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }

    /** An axis-parallel rectangle in local metres. */
    static Geometry box(double x1, double y1, double x2, double y2) {
        return wkt(String.format(java.util.Locale.ROOT, "POLYGON ((%s %s, %s %s, %s %s, %s %s, %s %s))",
                x1, y1, x2, y1, x2, y2, x1, y2, x1, y1));
    }

    static Unit unit(String code, String wkt) {
        return Unit.of(code, wkt(wkt));
    }

    static Unit unit(String code, Geometry g) {
        return Unit.of(code, g);
    }

    /**
     * The clean street used throughout: street 370871001 = [0,1000]², four areas in quadrants,
     * 001 south-west, 002 south-east, 003 north-west, 004 north-east.
     */
    static Map<String, Geometry> cleanStreet() {
        Map<String, Geometry> m = new LinkedHashMap<>();
        m.put("370871001", box(0, 0, 1000, 1000));
        m.put("370871001001", box(0, 0, 500, 500));
        m.put("370871001002", box(500, 0, 1000, 500));
        m.put("370871001003", box(0, 500, 500, 1000));
        m.put("370871001004", box(500, 500, 1000, 1000));
        return m;
    }

    /** Units of the given geometries; subareas hold 90 households, inside the band. */
    /**
     * The clean district used across levels: street 370871001 = [0,1000]×[0,1000] and street
     * 370871002 = [1000,2000]×[0,1000], each of two areas split at its middle (…001 west,
     * …002 east); area 370871001001 cut into subareas …001 (south) and …002 (north).
     */
    static Map<String, Geometry> district() {
        Map<String, Geometry> m = new LinkedHashMap<>();
        m.put("370871001", box(0, 0, 1000, 1000));
        m.put("370871002", box(1000, 0, 2000, 1000));
        m.put("370871001001", box(0, 0, 500, 1000));
        m.put("370871001002", box(500, 0, 1000, 1000));
        m.put("370871002001", box(1000, 0, 1500, 1000));
        m.put("370871002002", box(1500, 0, 2000, 1000));
        m.put("370871001001001", box(0, 0, 500, 500));
        m.put("370871001001002", box(0, 500, 500, 1000));
        return m;
    }

    static CoverageSnapshot snapshot(Map<String, Geometry> geometries) {
        List<Unit> units = new ArrayList<>();
        geometries.forEach((code, g) -> units.add(code.length() == 15 ? new Unit(code, "", g, 90, false, null, null) : Unit.of(code, g)));
        return CoverageSnapshot.ofUnits(units);
    }

    static List<Issue> check(Map<String, Geometry> geometries, String scope) {
        return new ScopeChecker(SETTINGS).check(snapshot(geometries), scope).issues();
    }

    /** Applies every fix of {@code issues} in turn, as a planner clicking through the list would. */
    static Map<String, Geometry> applyAll(Map<String, Geometry> geometries, List<Issue> issues) {
        Map<String, Geometry> current = new HashMap<>(geometries);
        FixApplier applier = new FixApplier(SETTINGS);
        for (Issue i : issues) {
            if (i.fix() != null) {
                current.putAll(applier.apply(i.fix(), current));
            }
        }
        return new LinkedHashMap<>(current);
    }

    static CoverageSnapshot snapshot(List<Unit> units, List<BuildingFootprint> buildings,
            Map<String, List<String>> registrations) {
        return new CoverageSnapshot(units, buildings, registrations, List.of(), List.of(), Optional.empty());
    }

    static String kinds(List<Issue> issues) {
        return String.join(",", issues.stream().map(i -> i.kind().jsonName()).toList());
    }
}
