package cn.jining.census.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

import cn.jining.census.model.DivisionCode;

/**
 * Timings of the coverage checks for {@code docs/BENCHMARKS.md}. Not a test: nothing passes or
 * fails on time. Run from the repository root:
 *
 * <pre>
 * MAVEN_OPTS=-Xmx8g mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=cn.jining.census.check.CoverageBenchmark \
 *     [-Dexec.args="map-data/jining-hitech.gpkg map-data/city-scale/city.gpkg"]
 * </pre>
 *
 * The deliveries carry no subareas (delineation makes them), so subareas are cut here from each
 * area by a square grid of about {@code n} cells (9 in the district, as its ~100 000 households
 * in ~1 100 subareas of 90 would give; 20 in the city, ~60 000 subareas as in Xi'an); each
 * building is registered in the subarea holding its interior point, and the buildings the grid
 * cuts are left out, as delineation never cuts one. Grid cells clipped at area boundaries leave
 * slivers and odd pieces, and household counts fall anywhere, so these subareas still carry
 * issues of their own: more work for the check than a clean delineation.
 *
 * <p>Baseline, measured in the same run: JTS {@link CoverageValidator} alone over every parent's
 * children, the core of any coverage check without gaps, parents, buildings or rules.
 */
public final class CoverageBenchmark {

    private static final int WARMUP = 3;
    private static final int RUNS = 7;

    private CoverageBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path district = Path.of(args.length > 0 ? args[0] : "map-data/jining-hitech.gpkg");
        Path city = Path.of(args.length > 1 ? args[1] : "map-data/city-scale/city.gpkg");
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "machine: %d cores, max heap %d MB, %s %s%n", rt.availableProcessors(),
                rt.maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version"));
        ScopeChecker checker = new ScopeChecker(CheckSettings.defaults());

        long t = System.nanoTime();
        CoverageSnapshot delivered = MapData.read(district, List.of());
        System.out.printf(Locale.ROOT, "%n%s: read %d units, %d buildings in %d ms%n", district, delivered.units().size(),
                delivered.buildings().size(), millis(t));
        t = System.nanoTime();
        CoverageSnapshot withSubareas = withGridSubareas(delivered, 9);
        System.out.printf(Locale.ROOT, "grid subareas: %d in %d ms%n", count(withSubareas, DivisionCode.Level.SUBAREA), millis(t));

        String districtCode = "370871";
        report("district as delivered (streets, areas, buildings)", () -> checker.check(delivered, districtCode));
        double full = report("district with subareas (all levels, all buildings)", () -> checker.check(withSubareas, districtCode));
        double baseline = report("baseline: CoverageValidator per parent", () -> validateEveryParent(withSubareas));
        System.out.printf(Locale.ROOT, "ratio full check / baseline: %.1f%n", full / baseline);

        List<String> areas = withSubareas.units().stream().filter(u -> u.level() == DivisionCode.Level.AREA)
                .map(Unit::code).sorted().toList();
        Map<String, CoverageSnapshot> byArea = new HashMap<>();
        areas.forEach(a -> byArea.put(a, scoped(withSubareas, a)));
        for (int k = 0; k < WARMUP; k++) {
            areas.forEach(a -> checker.check(byArea.get(a), a));
        }
        double[] perArea = new double[areas.size()];
        for (int k = 0; k < areas.size(); k++) {
            long s = System.nanoTime();
            checker.check(byArea.get(areas.get(k)), areas.get(k));
            perArea[k] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(perArea);
        System.out.printf(Locale.ROOT, "re-check of one area (%d areas, each with its street's coverage): median %.1f ms, "
                + "p95 %.1f ms, max %.1f ms%n", areas.size(), perArea[perArea.length / 2],
                perArea[(int) (perArea.length * 0.95)], perArea[perArea.length - 1]);
        editAndRecheck(withSubareas, checker);

        if (Files.isRegularFile(city)) {
            t = System.nanoTime();
            CoverageSnapshot cityDelivered = MapData.read(city, List.of());
            System.out.printf(Locale.ROOT, "%n%s: read %d units, %d buildings in %d ms%n", city, cityDelivered.units().size(),
                    cityDelivered.buildings().size(), millis(t));
            t = System.nanoTime();
            CoverageSnapshot citySubareas = withGridSubareas(cityDelivered, 20);
            System.out.printf(Locale.ROOT, "grid subareas: %d in %d ms%n", count(citySubareas, DivisionCode.Level.SUBAREA), millis(t));
            TreeSet<String> districts = new TreeSet<>();
            citySubareas.units().forEach(u -> districts.add(u.code().substring(0, 6)));
            for (int run = 0; run < 2; run++) {
                long s = System.nanoTime();
                int issues = 0;
                for (String d : districts) {
                    issues += checker.check(cityDelivered, d).issues().size();
                }
                System.out.printf(Locale.ROOT, "city as delivered, %d districts (streets, areas, buildings; run %d): %d ms, "
                        + "%d issues%n", districts.size(), run + 1, millis(s), issues);
            }
            for (int run = 0; run < 2; run++) {
                long s = System.nanoTime();
                int issues = 0;
                for (String d : districts) {
                    issues += checker.check(citySubareas, d).issues().size();
                }
                System.out.printf(Locale.ROOT, "city with grid subareas, %d districts, all levels (run %d): %d ms, %d issues%n",
                        districts.size(),
                        run + 1, millis(s), issues);
            }
            long s = System.nanoTime();
            validateEveryParent(citySubareas);
            System.out.printf(Locale.ROOT, "city baseline: CoverageValidator per parent: %d ms%n", millis(s));
        } else {
            System.out.println("\n(no city-scale delivery at " + city + ": bin/generate-map-data --scale city)");
        }
    }

    /** Median of {@link #RUNS} runs after {@link #WARMUP}, printed; in milliseconds. */
    private static double report(String what, Supplier<Object> run) {
        for (int k = 0; k < WARMUP; k++) {
            run.get();
        }
        double[] ms = new double[RUNS];
        Object last = null;
        for (int k = 0; k < RUNS; k++) {
            long s = System.nanoTime();
            last = run.get();
            ms[k] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(ms);
        String issues = last instanceof CoverageReport r ? ", " + r.issues().size() + " issues" : "";
        System.out.printf(Locale.ROOT, "%s: median %.0f ms, min %.0f ms%s%n", what, ms[RUNS / 2], ms[0], issues);
        return ms[RUNS / 2];
    }

    /**
     * A planner's edit: a 10 m strip of one subarea given to its neighbour (through the fix
     * applier, with noding), then the area checked again.
     */
    private static void editAndRecheck(CoverageSnapshot snapshot, ScopeChecker checker) {
        Map<String, Geometry> geometries = new HashMap<>();
        snapshot.units().forEach(u -> geometries.put(u.code(), u.geometry()));
        Unit subarea = snapshot.units().stream().filter(u -> u.level() == DivisionCode.Level.SUBAREA && u.tiles())
                .filter(u -> u.geometry().getArea() > 100_000).findFirst().orElseThrow();
        Envelope e = subarea.geometry().getEnvelopeInternal();
        Geometry strip = Polygons.intersection(subarea.geometry(),
                Polygons.FACTORY.toGeometry(new Envelope(e.getMinX(), e.getMinX() + 10, e.getMinY(), e.getMaxY())));
        String neighbour = snapshot.units().stream().filter(u -> u.level() == DivisionCode.Level.SUBAREA && u.tiles())
                .filter(u -> !u.code().equals(subarea.code()) && u.geometry().intersects(strip)).map(Unit::code)
                .findFirst().orElse(subarea.code());
        Fix edit = new Fix("move_part", "benchmark edit", List.of(new Fix.Edit(subarea.code(), Fix.Op.DIFFERENCE, strip),
                new Fix.Edit(neighbour, Fix.Op.UNION, strip)));
        FixApplier applier = new FixApplier(CheckSettings.defaults());
        long s = System.nanoTime();
        Map<String, Geometry> changed = applier.apply(edit, geometries);
        double applyMs = (System.nanoTime() - s) / 1e6;
        List<Unit> units = snapshot.units().stream().map(u -> changed.containsKey(u.code())
                ? u.withGeometry(changed.get(u.code())) : u).toList();
        CoverageSnapshot edited = new CoverageSnapshot(units, snapshot.buildings(), snapshot.registrations(),
                snapshot.demolitionZones(), snapshot.reference(), snapshot.staffing());
        String area = subarea.code().substring(0, 12);
        CoverageSnapshot scopedEdit = scoped(edited, area);
        report("edit applied in " + String.format(Locale.ROOT, "%.1f ms", applyMs) + ", then re-check of area " + area,
                () -> checker.check(scopedEdit, area));
    }

    /**
     * What the store reads for a scope: every unit, but only the buildings filed under the scope
     * or touching it, and the demolition zones touching it.
     */
    static CoverageSnapshot scoped(CoverageSnapshot snapshot, String scope) {
        Geometry outline = snapshot.units().stream().filter(u -> u.code().equals(scope)).map(Unit::geometry)
                .findFirst().orElseThrow();
        List<BuildingFootprint> buildings = snapshot.buildings().stream()
                .filter(b -> b.bid().startsWith(scope) || (b.geometry().getEnvelopeInternal().intersects(outline.getEnvelopeInternal())
                        && b.geometry().intersects(outline)))
                .toList();
        List<Geometry> zones = snapshot.demolitionZones().stream().filter(z -> z.intersects(outline)).toList();
        return new CoverageSnapshot(snapshot.units(), buildings, snapshot.registrations(), zones, snapshot.reference(),
                snapshot.staffing());
    }

    private static Object validateEveryParent(CoverageSnapshot snapshot) {
        Map<String, List<Geometry>> children = new HashMap<>();
        for (Unit u : snapshot.units()) {
            if (u.tiles() && u.parentCode() != null) {
                children.computeIfAbsent(u.parentCode(), k -> new ArrayList<>()).add(u.geometry());
            }
        }
        return children.values().parallelStream().mapToLong(list -> Arrays.stream(CoverageValidator.validate(
                list.toArray(Geometry[]::new))).filter(g -> g != null).count()).sum();
    }

    private static long count(CoverageSnapshot snapshot, DivisionCode.Level level) {
        return snapshot.units().stream().filter(u -> u.level() == level).count();
    }

    /**
     * Subareas cut from every area by a square grid of about {@code n} cells; buildings
     * registered by interior point. Delineation never draws a boundary through a building, so
     * the buildings the grid cuts are left out of the snapshot (their count is printed); the
     * buildings cut by area boundaries in the delivery stay.
     */
    static CoverageSnapshot withGridSubareas(CoverageSnapshot snapshot, int n) {
        List<Unit> areas = snapshot.units().stream().filter(u -> u.level() == DivisionCode.Level.AREA && u.tiles()).toList();
        List<List<Polygon>> pieces = areas.parallelStream().map(a -> gridPieces(a.geometry(), n)).toList();
        List<Unit> subareas = new ArrayList<>();
        STRtree index = new STRtree();
        for (int k = 0; k < areas.size(); k++) {
            int number = 1;
            for (Polygon p : pieces.get(k)) {
                Unit s = new Unit(areas.get(k).code() + String.format(Locale.ROOT, "%03d", number++), "", p, 0, false, null, null);
                subareas.add(s);
                index.insert(p.getEnvelopeInternal(), s);
            }
        }
        index.build();
        Map<String, List<String>> registrations = new ConcurrentHashMap<>();
        Map<String, Integer> households = new ConcurrentHashMap<>();
        List<BuildingFootprint> kept = snapshot.buildings().parallelStream().filter(b -> {
            Geometry inside = b.geometry().getInteriorPoint();
            Unit home = null;
            int touched = 0;
            for (Object o : index.query(b.geometry().getEnvelopeInternal())) {
                Unit s = (Unit) o;
                if (s.geometry().intersects(b.geometry()) && Polygons.intersection(s.geometry(), b.geometry()).getArea() > 0) {
                    touched++;
                    if (s.geometry().covers(inside)) {
                        home = s;
                    }
                }
            }
            boolean cutByGrid = touched > 1 && home != null && !cutByArea(b, home, index);
            if (home != null && !cutByGrid) {
                registrations.put(b.bid(), List.of(home.code()));
                households.merge(home.code(), b.households(), Integer::sum);
            }
            return !cutByGrid;
        }).toList();
        System.out.printf(Locale.ROOT, "buildings cut by the grid, left out: %d of %d%n",
                snapshot.buildings().size() - kept.size(), snapshot.buildings().size());
        List<Unit> units = new ArrayList<>(snapshot.units());
        subareas.forEach(s -> units.add(new Unit(s.code(), "", s.geometry(), households.getOrDefault(s.code(), 0), false, null, null)));
        return new CoverageSnapshot(units, kept, registrations, snapshot.demolitionZones(), snapshot.reference(),
                Optional.empty());
    }

    /** True when the building also touches a subarea of another area: the delivery's cut, not the grid's. */
    private static boolean cutByArea(BuildingFootprint b, Unit home, STRtree index) {
        String area = home.code().substring(0, 12);
        for (Object o : index.query(b.geometry().getEnvelopeInternal())) {
            Unit s = (Unit) o;
            if (!s.code().startsWith(area) && s.geometry().intersects(b.geometry())
                    && Polygons.intersection(s.geometry(), b.geometry()).getArea() > 0) {
                return true;
            }
        }
        return false;
    }

    private static List<Polygon> gridPieces(Geometry area, int n) {
        Envelope env = area.getEnvelopeInternal();
        double cell = Math.sqrt(area.getArea() / n);
        List<Polygon> pieces = new ArrayList<>();
        for (double x = env.getMinX(); x < env.getMaxX(); x += cell) {
            for (double y = env.getMinY(); y < env.getMaxY(); y += cell) {
                Geometry square = Polygons.FACTORY.toGeometry(new Envelope(x, x + cell, y, y + cell));
                for (Polygon p : Polygons.pieces(Polygons.intersection(area, square), 1.0)) {
                    pieces.add(p);
                }
            }
        }
        return pieces;
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
