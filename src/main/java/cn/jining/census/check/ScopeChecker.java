package cn.jining.census.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;

import cn.jining.census.model.DivisionCode;

/**
 * Checks one scope — the district, a street office or a census area — at every level below it:
 * each parent's coverage ({@link CoverageChecker}, one parent per task, in parallel), the
 * buildings ({@link BuildingChecker}) and the rules ({@link RuleChecker}). A street or area is
 * also checked against its siblings (its ancestors' coverages are checked, their issues kept
 * where they involve the scope), so that a supervisor of one area sees the gap between it and
 * its neighbour.
 *
 * <p>One defect can show at two levels: two streets that overlap make their areas overlap too,
 * and an area that fills a gap between streets lies outside its own street. Such echoes are
 * reported once, at the upper level, whose fix (applied down the hierarchy by
 * {@link FixApplier}) repairs both; the upper fix is steered by what the lower level already
 * covers (a gap between streets goes to the street whose areas already fill it).
 */
public final class ScopeChecker {

    private final CheckSettings settings;
    private final CoverageChecker coverage;
    private final BuildingChecker buildings;
    private final RuleChecker rules;
    private final DemolitionZoneChecker demolition = new DemolitionZoneChecker();

    public ScopeChecker(CheckSettings settings) {
        this.settings = settings;
        this.coverage = new CoverageChecker(settings);
        this.buildings = new BuildingChecker(settings);
        this.rules = new RuleChecker(settings);
    }

    /**
     * Checks {@code scope} in {@code snapshot}.
     *
     * @param scope a 6-, 9- or 12-digit code present in the snapshot (the district may be absent:
     *              it is then outlined by its streets)
     * @return the report; issues involving units outside the scope only are left out
     */
    public CoverageReport check(CoverageSnapshot snapshot, String scope) {
        long start = System.nanoTime();
        Map<String, Unit> byCode = new LinkedHashMap<>();
        for (Unit u : snapshot.units()) {
            byCode.putIfAbsent(u.code(), u);
        }
        String districtCode = scope.substring(0, 6);
        byCode.putIfAbsent(districtCode, Unit.of(districtCode, null));
        Map<String, List<Unit>> children = new HashMap<>();
        for (Unit u : byCode.values()) {
            if (u.tiles() && u.level() != DivisionCode.Level.DISTRICT) {
                children.computeIfAbsent(u.parentCode(), k -> new ArrayList<>()).add(u);
            }
        }
        Map<Integer, STRtree> levels = new HashMap<>();
        for (Unit u : byCode.values()) {
            if (u.tiles()) {
                levels.computeIfAbsent(u.code().length(), k -> new STRtree()).insert(u.geometry().getEnvelopeInternal(), u);
            }
        }
        // built before the parallel checks query them: building on first query is not thread-safe
        levels.values().forEach(STRtree::build);

        List<String> parents = new ArrayList<>();
        for (Unit u : byCode.values()) {
            boolean inScope = u.code().startsWith(scope);
            // an area without subareas is not delineated yet: it has no coverage to check
            boolean hasCoverage = u.level() != DivisionCode.Level.AREA || children.containsKey(u.code());
            if (inScope && u.level() != DivisionCode.Level.SUBAREA && hasCoverage) {
                parents.add(u.code());
            }
        }
        // every ancestor too: the scope's place among its siblings, and the upper levels an echo
        // of their defects would be traced to (the district's five streets cost little)
        for (String up = Unit.of(scope, null).parentCode(); up != null; up = Unit.of(up, null).parentCode()) {
            if (byCode.containsKey(up)) {
                parents.add(up);
            }
        }
        parents.sort(null);

        List<Issue> found = new ArrayList<>(parents.parallelStream()
                .flatMap(p -> {
                    Unit parent = byCode.get(p);
                    List<Unit> kids = children.getOrDefault(p, List.of());
                    return coverage.check(parent, kids, cousins(parent, kids, levels)).stream();
                })
                .toList());
        found = dedupe(found);
        found = reconcileLevels(found, byCode, children);
        found = dropExplainedVertices(found);

        List<Unit> finest = finestUnits(byCode, children);
        Map<String, Unit> subareas = byCode.values().stream().filter(u -> u.level() == DivisionCode.Level.SUBAREA)
                .collect(Collectors.toMap(Unit::code, u -> u));
        List<Issue> buildingIssues = buildings.check(finest, snapshot.buildings(), snapshot.registrations(), subareas, scope);
        found = mergeBuildingIssues(found, buildingIssues);

        List<Unit> inScope = snapshot.units().stream().filter(u -> u.code().startsWith(scope)).toList();
        found.addAll(demolition.check(snapshot.demolitionZones(),
                byCode.values().stream().filter(u -> u.level() == DivisionCode.Level.AREA).toList(), snapshot.buildings(),
                byCode.values().stream().filter(u -> u.level() == DivisionCode.Level.SUBAREA).toList()));
        found.addAll(rules.check(scope,
                inScope.stream().filter(u -> u.level() == DivisionCode.Level.STREET).toList(),
                inScope.stream().filter(u -> u.level() == DivisionCode.Level.AREA).toList(),
                inScope.stream().filter(u -> u.level() == DivisionCode.Level.SUBAREA).toList(),
                snapshot.reference(), snapshot.staffing()));

        // sort keys made once per issue: a city holds hundreds of thousands of issues
        record Keyed(Issue issue, String codes, String id) {
        }
        List<Issue> result = found.parallelStream()
                .filter(i -> i.parentCode().startsWith(scope) || i.codes().stream().anyMatch(c -> c.startsWith(scope)))
                .map(i -> new Keyed(i, String.join(",", i.codes()), i.id()))
                .sorted(Comparator.comparing((Keyed k) -> k.issue().severity()).thenComparing(k -> k.issue().kind())
                        .thenComparing(Keyed::codes).thenComparing(Keyed::id))
                .map(Keyed::issue)
                .toList();
        int checkedUnits = (int) byCode.values().stream().filter(u -> u.code().startsWith(scope)).count();
        return CoverageReport.of(scope, result, checkedUnits, snapshot.buildings().size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Same-level units under other parents whose envelope meets the parent's or its children's. */
    private List<Unit> cousins(Unit parent, List<Unit> kids, Map<Integer, STRtree> levels) {
        if (kids.isEmpty()) {
            return List.of();
        }
        Envelope env = new Envelope();
        if (parent.geometry() != null) {
            env.expandToInclude(parent.geometry().getEnvelopeInternal());
        }
        kids.forEach(k -> env.expandToInclude(k.geometry().getEnvelopeInternal()));
        env.expandBy(settings.vertexToleranceM());
        STRtree level = levels.get(kids.get(0).code().length());
        List<Unit> cousins = new ArrayList<>();
        for (Object o : level.query(env)) {
            Unit u = (Unit) o;
            if (!parent.code().equals(u.parentCode())) {
                cousins.add(u);
            }
        }
        cousins.sort(Comparator.comparing(Unit::code));
        return cousins;
    }

    /** An overlap or unmatched edge between cousins is found from both parents: keep one. */
    private static List<Issue> dedupe(List<Issue> issues) {
        Map<String, Issue> byId = new LinkedHashMap<>();
        for (Issue i : issues) {
            byId.putIfAbsent(i.id(), i);
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * Reports an echo of an upper-level defect once, at the upper level, and steers the upper
     * fix so that it repairs the lower level too.
     */
    private List<Issue> reconcileLevels(List<Issue> issues, Map<String, Unit> byCode, Map<String, List<Unit>> children) {
        Map<Integer, List<Issue>> byLevel = new TreeMap<>();
        for (Issue i : issues) {
            byLevel.computeIfAbsent(unitLevel(i), k -> new ArrayList<>()).add(i);
        }
        List<Issue> kept = new ArrayList<>();
        for (Issue i : issues) {
            int level = unitLevel(i);
            List<Issue> upper = byLevel.getOrDefault(level - 3, List.of());
            if ((isAreal(i) || isSliver(i)) && coveredBy(i, upper)) {
                continue;
            }
            kept.add(steer(i, byCode, children));
        }
        return kept;
    }

    /**
     * Unmatched vertices next to a gap, overlap or sliver found by another parent's check (a
     * notch between two streets leaves their areas unmatched too) are that defect's echo: its
     * fix nodes the neighbourhood.
     */
    private List<Issue> dropExplainedVertices(List<Issue> issues) {
        STRtree pieces = new STRtree();
        for (Issue i : issues) {
            if (isAreal(i) || (i.kind() == IssueKind.SLIVER && i.geometry() != null)) {
                pieces.insert(i.geometry().getEnvelopeInternal(), i.geometry());
            }
        }
        List<Issue> kept = new ArrayList<>();
        for (Issue i : issues) {
            if (i.kind() != IssueKind.UNMATCHED_EDGE || !allNear(i.geometry(), pieces)) {
                kept.add(i);
            }
        }
        return kept;
    }

    private boolean allNear(Geometry points, STRtree pieces) {
        for (int k = 0; k < points.getNumGeometries(); k++) {
            Geometry p = points.getGeometryN(k);
            Envelope env = new Envelope(p.getEnvelopeInternal());
            env.expandBy(settings.vertexToleranceM());
            boolean near = false;
            for (Object o : pieces.query(env)) {
                if (((Geometry) o).isWithinDistance(p, settings.vertexToleranceM())) {
                    near = true;
                    break;
                }
            }
            if (!near) {
                return false;
            }
        }
        return true;
    }

    /** Code length of the units an issue is about: the parent's children. */
    private static int unitLevel(Issue i) {
        return i.parentCode().length() == 6 ? 9 : i.parentCode().length() + 3;
    }

    private static boolean isAreal(Issue i) {
        return i.geometry() != null && (i.kind() == IssueKind.OVERLAP || i.kind() == IssueKind.OUTSIDE_PARENT
                || i.kind() == IssueKind.GAP);
    }

    private static boolean isSliver(Issue i) {
        return i.kind() == IssueKind.SLIVER && i.geometry() != null;
    }

    /**
     * True when the upper level's pieces cover the issue's: gaps, overlaps and parts outside by
     * gaps and overlaps above (an area outside its street is that street's problem), a sliver by
     * a sliver above (a subarea cut from a sliver of its area goes when the area's sliver goes).
     */
    private boolean coveredBy(Issue issue, List<Issue> upper) {
        Geometry g = issue.geometry();
        List<Geometry> pieces = new ArrayList<>();
        for (Issue u : upper) {
            boolean explains = isSliver(issue) ? isSliver(u) : isAreal(u) && u.kind() != IssueKind.OUTSIDE_PARENT;
            if (explains && u.geometry().getEnvelopeInternal().intersects(g.getEnvelopeInternal())) {
                pieces.add(u.geometry());
            }
        }
        if (pieces.isEmpty()) {
            return false;
        }
        return Polygons.difference(g, Polygons.union(pieces)).getArea() < Math.max(settings.noiseAreaM2(), 0.01 * g.getArea());
    }

    /**
     * A gap between parents goes to the neighbour whose children already cover most of it; an
     * overlap of two parents is cut from the side whose children cover less of it. Either way
     * the lower level then needs no change of its own.
     */
    private Issue steer(Issue i, Map<String, Unit> byCode, Map<String, List<Unit>> children) {
        if (i.fix() == null || (i.kind() != IssueKind.GAP && i.kind() != IssueKind.OVERLAP)) {
            return i;
        }
        if (i.kind() == IssueKind.OVERLAP && !sameParent(i.codes())) {
            // between cousins the parents' boundaries decide, as the coverage check did
            return i;
        }
        Map<String, Double> covered = new TreeMap<>();
        for (String code : i.codes()) {
            double area = 0;
            for (Unit child : children.getOrDefault(code, List.of())) {
                if (child.geometry().getEnvelopeInternal().intersects(i.geometry().getEnvelopeInternal())) {
                    area += Polygons.intersection(child.geometry(), i.geometry()).getArea();
                }
            }
            covered.put(code, area);
        }
        if (covered.values().stream().allMatch(a -> a < settings.noiseAreaM2())) {
            return i;
        }
        if (i.kind() == IssueKind.GAP) {
            String best = covered.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            return i.withFix(new Fix("give_gap", "把缝隙并入下级单元已覆盖它的 " + best,
                    List.of(new Fix.Edit(best, Fix.Op.UNION, i.geometry()))));
        }
        String least = covered.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        String keeper = i.codes().stream().filter(c -> !c.equals(least)).findFirst().orElse(least);
        return i.withFix(new Fix("cut_overlap", "从 " + least + " 中切除重叠部分，归下级单元已覆盖它的 " + keeper,
                List.of(new Fix.Edit(least, Fix.Op.DIFFERENCE, i.geometry()))));
    }

    private static boolean sameParent(List<String> codes) {
        return codes.stream().map(c -> Unit.of(c, null).parentCode()).distinct().count() == 1;
    }

    /** Subareas of areas that have them, the other areas themselves. */
    private static List<Unit> finestUnits(Map<String, Unit> byCode, Map<String, List<Unit>> children) {
        List<Unit> finest = new ArrayList<>();
        for (Unit u : byCode.values()) {
            if (u.level() == DivisionCode.Level.AREA && u.tiles()) {
                finest.addAll(children.getOrDefault(u.code(), List.of(u)));
            }
        }
        return finest;
    }

    /**
     * A building in a gap is part of that gap's problem and is named in its message instead of
     * standing alone; a building cut only because two units overlap on it is solved by the
     * overlap's fix.
     */
    private List<Issue> mergeBuildingIssues(List<Issue> coverageIssues, List<Issue> buildingIssues) {
        List<Issue> gaps = coverageIssues.stream().filter(i -> i.kind() == IssueKind.GAP).toList();
        List<Issue> overlaps = coverageIssues.stream().filter(i -> i.kind() == IssueKind.OVERLAP).toList();
        Map<String, List<String>> inGap = new HashMap<>();
        List<Issue> kept = new ArrayList<>();
        for (Issue b : buildingIssues) {
            if (b.kind() == IssueKind.BUILDING_OUTSIDE) {
                Issue gap = gaps.stream().filter(g -> g.geometry().covers(b.geometry())).findFirst().orElse(null);
                if (gap != null) {
                    inGap.computeIfAbsent(gap.id(), k -> new ArrayList<>()).add(b.codes().get(0));
                    continue;
                }
            }
            if (b.kind() == IssueKind.BUILDING_CUT && overlaps.stream().anyMatch(o -> o.geometry().getEnvelopeInternal()
                    .intersects(b.geometry().getEnvelopeInternal())
                    && Polygons.intersection(o.geometry(), b.geometry()).getArea() >= settings.noiseAreaM2())) {
                continue;
            }
            kept.add(b);
        }
        List<Issue> result = new ArrayList<>();
        for (Issue i : coverageIssues) {
            List<String> bids = inGap.get(i.id());
            result.add(bids == null ? i
                    : i.withMessage(i.message() + String.format(Locale.ROOT, "；缝隙内有 %d 栋建筑物（%s）", bids.size(),
                            String.join("、", bids.stream().sorted().limit(5).toList()) + (bids.size() > 5 ? "…" : ""))));
        }
        result.addAll(kept);
        return result;
    }
}
