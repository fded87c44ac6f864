package cn.jining.census.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

import cn.jining.census.model.DivisionCode;

/**
 * Checks buildings against the finest units (subareas where an area has them, else the area):
 * a building must lie in exactly one, must not be cut by a boundary, and — where subareas exist
 * — a residential building with households must be registered in exactly one subarea, or in the
 * vertical parts of one split high-rise. A building above the hard limit that is not split yet
 * is reported too.
 *
 * <p>Each building costs one index query and, in the common case of a building well inside one
 * unit, one prepared containment test; overlays run only for buildings on a boundary.
 */
public final class BuildingChecker {

    private final CheckSettings settings;

    public BuildingChecker(CheckSettings settings) {
        this.settings = settings;
    }

    /**
     * @param finest        the finest tiling units, EPSG:4548
     * @param buildings     the buildings to check
     * @param registrations building id → subarea codes registering it
     * @param subareas      every subarea by code (vertical parts included), to recognise the parts
     *                      of one split building
     * @param fallbackParent code filed as parent of an issue about a building in no unit
     */
    public List<Issue> check(List<Unit> finest, List<BuildingFootprint> buildings,
            Map<String, List<String>> registrations, Map<String, Unit> subareas, String fallbackParent) {
        STRtree index = new STRtree();
        for (Unit u : finest) {
            index.insert(u.geometry().getEnvelopeInternal(), u);
        }
        index.build();
        Map<String, PreparedGeometry> prepared = new ConcurrentHashMap<>();
        return buildings.parallelStream()
                .flatMap(b -> check(b, index, prepared, registrations, subareas, fallbackParent).stream())
                .toList();
    }

    private List<Issue> check(BuildingFootprint b, STRtree index, Map<String, PreparedGeometry> prepared,
            Map<String, List<String>> registrations, Map<String, Unit> subareas, String fallbackParent) {
        List<Issue> issues = new ArrayList<>();
        Geometry footprint = b.geometry();
        if (footprint == null || footprint.isEmpty()) {
            return issues;
        }
        Map<Unit, Double> shares = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Unit> candidates = index.query(footprint.getEnvelopeInternal());
        candidates.sort(Comparator.comparing(Unit::code));
        for (Unit u : candidates) {
            PreparedGeometry p = prepared.computeIfAbsent(u.code(), c -> PreparedGeometryFactory.prepare(u.geometry()));
            if (p.containsProperly(footprint)) {
                shares.clear();
                shares.put(u, footprint.getArea());
                break;
            }
            if (p.intersects(footprint)) {
                double share = Polygons.intersection(footprint, u.geometry()).getArea();
                if (share >= settings.noiseAreaM2()) {
                    shares.put(u, share);
                }
            }
        }
        List<Map.Entry<Unit, Double>> ranked = new ArrayList<>(shares.entrySet());
        ranked.sort(Map.Entry.<Unit, Double>comparingByValue().reversed().thenComparing(e -> e.getKey().code()));
        if (ranked.isEmpty()) {
            issues.add(new Issue(IssueKind.BUILDING_OUTSIDE, Severity.ERROR, fallbackParent, List.of(b.bid()),
                    footprint.getArea(), footprint, "建筑物 " + b.bid() + " 不在任何单元内", null));
        } else if (ranked.size() > 1) {
            issues.add(cut(b, ranked));
        }
        Unit home = ranked.isEmpty() ? null : ranked.get(0).getKey();
        List<String> registered = registrations.getOrDefault(b.bid(), List.of());
        boolean split = registered.size() > 1 && oneSplitBuilding(registered, subareas);
        if (home != null && home.level() == DivisionCode.Level.SUBAREA) {
            if (registered.isEmpty() && b.housesPeople()) {
                issues.add(new Issue(IssueKind.UNREGISTERED_HOUSEHOLDS, Severity.ERROR, home.parentCode(),
                        List.of(home.code(), b.bid()), footprint.getArea(), footprint,
                        String.format(Locale.ROOT, "住宅 %s（%d 户）位于 %s，但未登记到任何普查小区", b.bid(), b.households(),
                                home.code()),
                        null));
            }
            if (registered.size() > 1 && !split) {
                List<String> codes = new ArrayList<>(registered.stream().sorted().toList());
                codes.add(b.bid());
                issues.add(new Issue(IssueKind.BUILDING_IN_TWO, Severity.ERROR, home.parentCode(), codes,
                        footprint.getArea(), footprint,
                        "建筑物 " + b.bid() + " 同时登记在 " + String.join("、", registered.stream().sorted().toList())
                                + "，且不是同一栋楼的竖向拆分",
                        null));
            }
            if (ranked.size() == 1 && registered.size() == 1 && !registered.get(0).equals(home.code())
                    && drawn(subareas.get(registered.get(0)))) {
                issues.add(new Issue(IssueKind.REGISTERED_ELSEWHERE, Severity.ERROR, home.parentCode(),
                        List.of(home.code(), registered.get(0), b.bid()), footprint.getArea(), footprint,
                        "建筑物 " + b.bid() + " 位于 " + home.code() + "，却登记在 " + registered.get(0) + "：两个普查小区的建筑物清单与地图不符",
                        null));
            }
        }
        if (b.households() > settings.hardLimit() && "住宅".equals(b.use()) && !split) {
            String parent = home == null ? fallbackParent : Objects.requireNonNullElse(home.parentCode(), fallbackParent);
            List<String> codes = home == null ? List.of(b.bid()) : List.of(home.code(), b.bid());
            issues.add(new Issue(IssueKind.HIGH_RISE_OVER_LIMIT, Severity.WARNING, parent, codes, footprint.getArea(),
                    footprint,
                    String.format(Locale.ROOT, "住宅 %s 有 %d 户，超过每个普查小区 %d 户的上限，须按楼层或单元竖向拆分", b.bid(),
                            b.households(), settings.hardLimit()),
                    null));
        }
        return issues;
    }

    /**
     * A building cut by a boundary. The fix moves every minority part to the unit holding most
     * of the footprint; it edits at the highest level where the two units' ancestors differ, so
     * that the areas (and streets) move with the subareas and every level still tiles. The edits
     * carry the whole footprint rather than the part: the part's edge along the boundary was
     * computed and runs a hair beside it, while the footprint crosses the boundary cleanly.
     */
    private Issue cut(BuildingFootprint b, List<Map.Entry<Unit, Double>> ranked) {
        Unit majority = ranked.get(0).getKey();
        List<String> codes = new ArrayList<>();
        List<Fix.Edit> edits = new ArrayList<>();
        StringBuilder shares = new StringBuilder();
        for (Map.Entry<Unit, Double> e : ranked) {
            codes.add(e.getKey().code());
            shares.append(shares.isEmpty() ? "" : "，").append(e.getKey().code()).append(' ')
                    .append(CoverageChecker.squareMetres(e.getValue())).append(" m²");
        }
        codes.add(b.bid());
        for (Map.Entry<Unit, Double> e : ranked.subList(1, ranked.size())) {
            Unit minority = e.getKey();
            int level = firstDifferingLevel(minority.code(), majority.code());
            edits.add(new Fix.Edit(minority.code().substring(0, level), Fix.Op.DIFFERENCE, b.geometry()));
            for (int length = level; length <= majority.code().length(); length += 3) {
                edits.add(new Fix.Edit(majority.code().substring(0, length), Fix.Op.UNION, b.geometry()));
            }
        }
        return new Issue(IssueKind.BUILDING_CUT, Severity.ERROR, majority.parentCode(), codes, b.geometry().getArea(),
                b.geometry(), "建筑物 " + b.bid() + " 被边界切割：" + shares,
                new Fix("move_building_part", "把建筑物 " + b.bid() + " 的其余部分划入 " + majority.code(), edits));
    }

    /**
     * Whether a registering subarea has a map of its own: a virtual subarea (land marked for
     * demolition, no drawn outline) and the vertical parts of a split high-rise register buildings
     * that lie in other subareas' outlines by design.
     */
    private static boolean drawn(Unit subarea) {
        return subarea == null || (!subarea.virtual() && subarea.verticalOf() == null);
    }

    /** Length of the shortest code prefix (9, 12 or 15 digits) at which two unit codes differ. */
    private static int firstDifferingLevel(String a, String b) {
        for (int length = 9; length <= Math.min(a.length(), b.length()); length += 3) {
            if (!a.substring(0, length).equals(b.substring(0, length))) {
                return length;
            }
        }
        return Math.min(a.length(), b.length());
    }

    /** True when the codes are one subarea and vertical parts of it. */
    private static boolean oneSplitBuilding(List<String> codes, Map<String, Unit> subareas) {
        String base = null;
        for (String code : codes) {
            Unit u = subareas.get(code);
            String root = u == null || u.verticalOf() == null ? code : u.verticalOf();
            if (base == null) {
                base = root;
            } else if (!base.equals(root)) {
                return false;
            }
        }
        return true;
    }
}
