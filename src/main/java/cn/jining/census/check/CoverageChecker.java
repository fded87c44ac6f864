package cn.jining.census.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.LineStringExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import cn.jining.census.model.DivisionCode;

/**
 * Checks one coverage: a parent unit and the children that should tile it.
 *
 * <p>Reports, for the children: invalid geometry, gaps (parent minus the union of the children,
 * with their width), overlaps between children and with <em>cousins</em> (units of the same
 * level under other parents), parts of children outside the parent, slivers, enclaves and
 * unmatched vertices on edges shared by siblings (JTS {@link CoverageValidator}). Cousins serve
 * as context only: their own defects are their own parent's business, and vertices are matched
 * between siblings only, since the subareas of two areas meet the shared area boundary at
 * different points by nature.
 *
 * <p>Cost: one union of the children, one {@link CoverageValidator} run over the children (and
 * the few cousins reaching into the parent, found by point-in-polygon tests of their vertices),
 * one overlay per child not covered by the parent and one per pair of units whose shared
 * boundary the validator flags; edge-matched neighbours cost nothing beyond the validator.
 *
 * <p>Thread-safe: holds settings only.
 */
public final class CoverageChecker {

    private final CheckSettings settings;
    private final GapFinder gaps;

    public CoverageChecker(CheckSettings settings) {
        this.settings = settings;
        this.gaps = new GapFinder(settings);
    }

    /**
     * Checks the coverage of {@code parent} by {@code children}.
     *
     * @param parent   the parent; a null or empty geometry means "the union of the children with
     *                 its holes filled" (the top of a hierarchy whose outline was not delivered),
     *                 which makes gaps the holes of that union and nothing outside
     * @param children the tiling children (see {@link Unit#tiles()}); geometries EPSG:4548
     * @param cousins  same-level units under other parents near the parent; may be empty
     * @return the issues, never null; a failure of the computation itself is one
     *         {@link IssueKind#CHECK_FAILED} issue rather than an exception
     */
    public List<Issue> check(Unit parent, List<Unit> children, List<Unit> cousins) {
        try {
            return new Run(parent, children, cousins).issues();
        } catch (RuntimeException e) {
            return List.of(new Issue(IssueKind.CHECK_FAILED, Severity.ERROR, parent.code(), List.of(parent.code()), 0,
                    null, "检查 " + parent.code() + " 的下级单元时出错：" + e, null));
        }
    }

    /** One check's working state. */
    private final class Run {
        private final Unit parent;
        private final int childCount;
        /** children first, then the cousins reaching into the parent: the validator's input */
        private final List<Unit> units = new ArrayList<>();
        private final List<Geometry> geoms = new ArrayList<>();
        private final List<Unit> cousins;
        private final List<Issue> issues = new ArrayList<>();
        /** every area piece reported, to tell which invalid edges they already explain */
        private final List<Geometry> reportedPieces = new ArrayList<>();
        /** hairline pieces (gaps, overlaps, parts outside) narrower than the vertex tolerance, by the children involved */
        private final List<Polygon> hairlines = new ArrayList<>();
        private final Set<String> mismatched = new java.util.TreeSet<>();
        private final STRtree index = new STRtree();
        private Geometry parentGeom;
        private IndexedFacetDistance[] boundaries;

        Run(Unit parent, List<Unit> children, List<Unit> cousins) {
            this.parent = parent;
            this.childCount = children.size();
            this.cousins = cousins;
            for (Unit u : children) {
                units.add(u);
                geoms.add(usable(u, true));
            }
        }

        List<Issue> issues() {
            Geometry union = Polygons.union(new ArrayList<>(geoms.subList(0, childCount)));
            boolean outlined = parent.geometry() != null && !parent.geometry().isEmpty();
            // a street or area is also a child one level up, where its own invalidity is reported;
            // without an outline the union stands for the parent (its holes are the gaps)
            parentGeom = outlined ? usable(parent, parent.parentCode() == null) : union;
            if (outlined) {
                addIntrudingCousins();
            }
            for (int i = 0; i < geoms.size(); i++) {
                index.insert(geoms.get(i).getEnvelopeInternal(), i);
            }
            boundaries = new IndexedFacetDistance[geoms.size()];
            Geometry[] invalidEdges = validate();
            findGaps(union, outlined);
            double overlapFound = findOverlaps(invalidEdges);
            if (childrenOverlapArea(union) - overlapFound >= settings.noiseAreaM2()) {
                // the validator flags every interior intersection it can see, but two identical
                // polygons match edge for edge; compare every touching pair then
                findAllSiblingOverlaps();
            }
            if (outlined) {
                findOutside();
            }
            findSliversAndEnclaves();
            findUnmatchedVertices(invalidEdges);
            return issues;
        }

        /**
         * Cousins whose interior reaches into the parent join the validator's input, so that their
         * overlaps with the children are found from this side too. A cousin reaches in when one
         * of its vertices lies inside the parent or a vertex of the parent inside it: cheap point
         * tests, where validating every cousin would cost more than the children themselves.
         */
        private void addIntrudingCousins() {
            IndexedPointInAreaLocator inParent = new IndexedPointInAreaLocator(parentGeom);
            Envelope parentEnv = parentGeom.getEnvelopeInternal();
            Coordinate[] parentVertices = parentGeom.getCoordinates();
            for (Unit k : cousins) {
                Geometry g = k.geometry();
                if (g == null || !g.getEnvelopeInternal().intersects(parentEnv)) {
                    continue;
                }
                boolean reachesIn = false;
                for (Coordinate c : g.getCoordinates()) {
                    if (parentEnv.contains(c) && inParent.locate(c) == Location.INTERIOR) {
                        reachesIn = true;
                        break;
                    }
                }
                if (!reachesIn) {
                    Envelope env = g.getEnvelopeInternal();
                    IndexedPointInAreaLocator inCousin = null;
                    for (Coordinate c : parentVertices) {
                        if (env.contains(c)) {
                            inCousin = inCousin == null ? new IndexedPointInAreaLocator(g) : inCousin;
                            if (inCousin.locate(c) == Location.INTERIOR) {
                                reachesIn = true;
                                break;
                            }
                        }
                    }
                }
                if (reachesIn) {
                    units.add(k);
                    geoms.add(usable(k, false));
                }
            }
        }

        /** The unit's geometry repaired if needed; invalidity of parent and children is reported. */
        private Geometry usable(Unit u, boolean report) {
            Geometry g = u.geometry();
            if (g == null) {
                return Polygons.FACTORY.createPolygon();
            }
            IsValidOp op = new IsValidOp(g);
            if (op.isValid()) {
                return g;
            }
            if (report) {
                TopologyValidationError error = op.getValidationError();
                Geometry at = Polygons.FACTORY.createPoint(error.getCoordinate());
                issues.add(new Issue(IssueKind.INVALID_GEOMETRY, Severity.ERROR, parent.code(), List.of(u.code()),
                        0, at, u.code() + " 图形无效：" + error.getMessage() + "（" + coordinate(error.getCoordinate()) + "）",
                        new Fix("make_valid", "自动修复 " + u.code() + " 的图形", List.of(
                                new Fix.Edit(u.code(), Fix.Op.MAKE_VALID, at)))));
            }
            return Polygons.polygonal(GeometryFixer.fix(g));
        }

        private Geometry[] validate() {
            Geometry[] all = geoms.stream().filter(g -> !g.isEmpty()).toArray(Geometry[]::new);
            Geometry[] result = CoverageValidator.validate(all);
            // realign with units: empty geometries were left out of the validator's input
            Geometry[] aligned = new Geometry[geoms.size()];
            int k = 0;
            for (int i = 0; i < geoms.size(); i++) {
                if (!geoms.get(i).isEmpty()) {
                    aligned[i] = result[k++];
                }
            }
            return aligned;
        }

        private void findGaps(Geometry union, boolean outlined) {
            Map<String, Geometry> children = new LinkedHashMap<>();
            for (int i = 0; i < childCount; i++) {
                if (!geoms.get(i).isEmpty()) {
                    children.put(units.get(i).code(), geoms.get(i));
                }
            }
            for (GapFinder.Gap gap : gaps.find(outlined ? parentGeom : null, children, union)) {
                reportedPieces.add(gap.piece());
                if (hairline(gap.piece())) {
                    hairlines.add(gap.piece());
                    mismatched.addAll(gap.neighbours().keySet());
                    continue;
                }
                List<String> neighbours = List.copyOf(gap.neighbours().keySet());
                String what = gap.narrow() ? String.format(Locale.ROOT, "窄缝隙（平均宽约 %s m）", metres(gap.meanWidth())) : "缝隙";
                Fix fix = neighbours.isEmpty() ? null : giveTo(neighbours.get(0), gap.piece(), gap.neighbours().get(neighbours.get(0)));
                issues.add(new Issue(IssueKind.GAP, Severity.ERROR, parent.code(), neighbours, gap.piece().getArea(), gap.piece(),
                        String.format(Locale.ROOT, "%s 内有%s，面积 %s m²，未被任何下级单元覆盖%s", parent.code(), what,
                                squareMetres(gap.piece().getArea()),
                                neighbours.isEmpty() ? "" : "；相邻：" + String.join("、", neighbours)),
                        fix));
            }
        }

        private Fix giveTo(String code, Geometry piece, double sharedLength) {
            return new Fix("give_gap", String.format(Locale.ROOT, "把缝隙并入公共边最长（%s m）的相邻单元 %s", metres(sharedLength), code),
                    List.of(new Fix.Edit(code, Fix.Op.UNION, piece)));
        }

        /** Overlaps among pairs whose shared boundary the validator flags; returns the sibling overlap area found. */
        private double findOverlaps(Geometry[] invalidEdges) {
            double siblingArea = 0;
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < childCount; i++) {
                if (invalidEdges[i] == null) {
                    continue;
                }
                Geometry lines = invalidEdges[i];
                Envelope env = new Envelope(lines.getEnvelopeInternal());
                env.expandBy(settings.vertexToleranceM());
                for (int j : near(env, false)) {
                    if (j == i || !seen.add(pairKey(i, j))) {
                        continue;
                    }
                    if (!IndexedFacetDistance.isWithinDistance(lines, geoms.get(j), settings.vertexToleranceM())) {
                        continue;
                    }
                    siblingArea += overlap(i, j);
                }
            }
            return siblingArea;
        }

        private void findAllSiblingOverlaps() {
            for (int i = 0; i < childCount; i++) {
                for (int j : near(geoms.get(i).getEnvelopeInternal(), true)) {
                    if (j > i && !alreadyCompared(i, j)) {
                        overlap(i, j);
                    }
                }
            }
        }

        private boolean alreadyCompared(int i, int j) {
            String a = units.get(i).code();
            String b = units.get(j).code();
            return issues.stream().anyMatch(x -> (x.kind() == IssueKind.OVERLAP || x.kind() == IssueKind.DUPLICATE)
                    && x.codes().contains(a) && x.codes().contains(b));
        }

        /** Sum of the children's areas minus the area of their union: how much they overlap each other. */
        private double childrenOverlapArea(Geometry union) {
            double sum = 0;
            for (int i = 0; i < childCount; i++) {
                sum += geoms.get(i).getArea();
            }
            return sum - union.getArea();
        }

        private long pairKey(int i, int j) {
            return i < j ? (long) i << 32 | j : (long) j << 32 | i;
        }

        /** Reports the overlap of child i with unit j (a sibling or a cousin); returns its area if j is a sibling. */
        private double overlap(int i, int j) {
            Geometry a = geoms.get(i);
            Geometry b = geoms.get(j);
            if (!a.getEnvelopeInternal().intersects(b.getEnvelopeInternal())) {
                return 0;
            }
            double total = 0;
            boolean sibling = j < childCount;
            for (Polygon piece : Polygons.pieces(Polygons.intersection(a, b), settings.noiseAreaM2())) {
                total += piece.getArea();
                double share = piece.getArea();
                if (sibling && share >= 0.99 * a.getArea() && share >= 0.99 * b.getArea()) {
                    reportedPieces.add(piece);
                    List<String> codes = ordered(units.get(i), units.get(j));
                    issues.add(new Issue(IssueKind.DUPLICATE, Severity.ERROR, parent.code(), codes, share, piece,
                            String.format(Locale.ROOT, "%s 与 %s 图形重复（重叠 %s m²），须删除或重画其一", codes.get(0), codes.get(1),
                                    squareMetres(share)), null));
                } else {
                    reportOverlap(units.get(i), units.get(j), piece, cutSide(i, j, piece), sibling);
                }
            }
            return sibling ? total : 0;
        }

        private List<String> ordered(Unit a, Unit b) {
            return a.code().compareTo(b.code()) < 0 ? List.of(a.code(), b.code()) : List.of(b.code(), a.code());
        }

        private void reportOverlap(Unit a, Unit b, Polygon piece, String cutFrom, boolean sibling) {
            reportedPieces.add(piece);
            if (hairline(piece)) {
                // between cousins the side reaching outside its parent is at fault: a hairline a
                // cousin draws into this parent is its own parent's mismatch, snapped by that fix
                if (sibling || cutFrom.equals(a.code())) {
                    hairlines.add(piece);
                    mismatched.add(a.code());
                    if (sibling) {
                        mismatched.add(b.code());
                    }
                }
                return;
            }
            List<String> codes = ordered(a, b);
            String keeper = cutFrom.equals(a.code()) ? b.code() : a.code();
            issues.add(new Issue(IssueKind.OVERLAP, Severity.ERROR, parent.code(), codes, piece.getArea(), piece,
                    String.format(Locale.ROOT, "%s 与 %s 重叠%s，面积 %s m²，平均宽约 %s m", codes.get(0), codes.get(1),
                            sibling ? "" : "（跨上级单元）", squareMetres(piece.getArea()), metres(Polygons.meanWidth(piece))),
                    new Fix("cut_overlap", "从 " + cutFrom + " 中切除重叠部分，归 " + keeper,
                            List.of(new Fix.Edit(cutFrom, Fix.Op.DIFFERENCE, piece)))));
        }

        /**
         * Which side loses an overlap. With a cousin, the side that reaches outside its own parent,
         * since the parents' boundaries are the authority. Between siblings: a unit wholly inside
         * the other keeps its place (the other gets a hole); otherwise the side for which the
         * piece is the smaller share of its area, so the cut changes it least.
         */
        private String cutSide(int i, int j, Polygon piece) {
            Unit ui = units.get(i);
            Unit uj = units.get(j);
            if (j >= childCount) {
                double outsideParent = Polygons.difference(piece, parentGeom).getArea();
                return outsideParent * 2 > piece.getArea() ? ui.code() : uj.code();
            }
            double ai = geoms.get(i).getArea();
            double aj = geoms.get(j).getArea();
            if (piece.getArea() >= 0.99 * aj) {
                return ui.code();
            }
            if (piece.getArea() >= 0.99 * ai) {
                return uj.code();
            }
            double shareI = piece.getArea() / ai;
            double shareJ = piece.getArea() / aj;
            if (shareI != shareJ) {
                return shareI < shareJ ? ui.code() : uj.code();
            }
            return ui.code().compareTo(uj.code()) > 0 ? ui.code() : uj.code();
        }

        /**
         * Parts of children outside the parent. Where such a part covers a cousin it is an
         * overlap with that cousin, cut from the child since the parent's boundary is the
         * authority; the rest lies outside everything and is clipped.
         */
        private void findOutside() {
            PreparedGeometry prepared = PreparedGeometryFactory.prepare(parentGeom);
            for (int i = 0; i < childCount; i++) {
                Geometry g = geoms.get(i);
                if (g.isEmpty() || prepared.covers(g)) {
                    continue;
                }
                Geometry outside = Polygons.difference(g, parentGeom);
                if (outside.getArea() < settings.noiseAreaM2()) {
                    continue;
                }
                Unit u = units.get(i);
                Geometry rest = minusReported(outside);
                for (Unit k : cousins) {
                    if (k.geometry() == null || !k.geometry().getEnvelopeInternal().intersects(rest.getEnvelopeInternal())) {
                        continue;
                    }
                    for (Polygon piece : Polygons.pieces(Polygons.intersection(rest, k.geometry()), settings.noiseAreaM2())) {
                        reportOverlap(u, k, piece, u.code(), false);
                    }
                }
                for (Polygon piece : Polygons.pieces(minusReported(rest), settings.noiseAreaM2())) {
                    reportedPieces.add(piece);
                    if (hairline(piece)) {
                        hairlines.add(piece);
                        mismatched.add(u.code());
                        continue;
                    }
                    issues.add(new Issue(IssueKind.OUTSIDE_PARENT, Severity.ERROR, parent.code(), List.of(u.code()),
                            piece.getArea(), piece,
                            String.format(Locale.ROOT, "%s 有 %s m² 超出上级 %s 的范围", u.code(), squareMetres(piece.getArea()),
                                    parent.code()),
                            new Fix("clip_to_parent", "把 " + u.code() + " 裁剪到 " + parent.code() + " 的范围内",
                                    List.of(new Fix.Edit(u.code(), Fix.Op.DIFFERENCE, piece)))));
                }
            }
        }

        private Geometry minusReported(Geometry g) {
            List<Geometry> near = reportedPieces.stream()
                    .filter(p -> p.getEnvelopeInternal().intersects(g.getEnvelopeInternal())).toList();
            return near.isEmpty() ? g : Polygons.difference(g, Polygons.union(near));
        }

        /**
         * Slivers (thin polygons) and enclaves (detached parts). The largest part of a multi-part
         * unit is its main body; a thin other part can be given to the neighbour sharing most
         * of its boundary, since a sliver is almost always a digitising leftover of that
         * neighbour.
         */
        private void findSliversAndEnclaves() {
            for (int i = 0; i < childCount; i++) {
                Unit u = units.get(i);
                List<Polygon> parts = Polygons.of(geoms.get(i));
                if (parts.isEmpty()) {
                    continue;
                }
                parts.sort(Comparator.comparingDouble(Polygon::getArea).reversed());
                for (int k = 0; k < parts.size(); k++) {
                    Polygon part = parts.get(k);
                    if (Polygons.narrowerThan(part, settings.sliverWidthM())) {
                        reportSliver(i, part, Polygons.meanWidth(part), k == 0 && parts.size() == 1);
                    } else if (k > 0) {
                        reportEnclave(i, part);
                    }
                }
            }
        }

        private void reportSliver(int i, Polygon part, double width, boolean wholeUnit) {
            Unit u = units.get(i);
            reportedPieces.add(part);
            Fix fix = null;
            List<String> codes = new ArrayList<>(List.of(u.code()));
            if (!wholeUnit) {
                String best = null;
                double bestLength = 0;
                for (int j : near(part.getEnvelopeInternal(), true)) {
                    if (j == i) {
                        continue;
                    }
                    double length = Polygons.sharedLength(part, geoms.get(j), settings.vertexToleranceM());
                    if (length > bestLength) {
                        bestLength = length;
                        best = units.get(j).code();
                    }
                }
                if (best != null) {
                    codes.add(best);
                    fix = new Fix("move_part", "把碎片从 " + u.code() + " 移给相邻单元 " + best,
                            List.of(new Fix.Edit(u.code(), Fix.Op.DIFFERENCE, part), new Fix.Edit(best, Fix.Op.UNION, part)));
                }
            }
            issues.add(new Issue(IssueKind.SLIVER, Severity.ERROR, parent.code(), codes, part.getArea(), part,
                    String.format(Locale.ROOT, "%s %s细长碎片，平均宽约 %s m，面积 %s m²", u.code(), wholeUnit ? "整体是" : "有",
                            metres(width), squareMetres(part.getArea())),
                    fix));
        }

        private void reportEnclave(int i, Polygon part) {
            Unit u = units.get(i);
            List<String> codes = new ArrayList<>(List.of(u.code()));
            for (int j : near(part.getEnvelopeInternal(), true)) {
                if (j != i && Polygons.sharedLength(part, geoms.get(j), settings.vertexToleranceM()) > 0) {
                    codes.add(units.get(j).code());
                }
            }
            boolean subarea = u.level() == DivisionCode.Level.SUBAREA;
            issues.add(new Issue(IssueKind.ENCLAVE, subarea ? Severity.ERROR : Severity.INFO, parent.code(), codes,
                    part.getArea(), part,
                    String.format(Locale.ROOT, "%s 有飞地，面积 %s m²%s%s", u.code(), squareMetres(part.getArea()),
                            codes.size() > 1 ? "，与 " + String.join("、", codes.subList(1, codes.size())) + " 相邻" : "",
                            subarea ? "；普查小区必须连成一片" : ""),
                    null));
        }

        /**
         * Invalid edges the reported pieces do not explain are vertex mismatches: the vertices
         * present on one side of a shared boundary only. Together with the hairline pieces they
         * make one issue per parent, whose fix snaps the children onto the parent and onto each
         * other: a delineation or an overlay leaves such artefacts by the hundred along one
         * area's edges, and a supervisor needs one action, not hundreds of invisible gaps.
         */
        private void findUnmatchedVertices(Geometry[] invalidEdges) {
            Map<Long, List<Coordinate[]>> segmentsByPair = new LinkedHashMap<>();
            STRtree pieceIndex = new STRtree();
            for (Geometry p : reportedPieces) {
                pieceIndex.insert(p.getEnvelopeInternal(), p);
            }
            for (int i = 0; i < childCount; i++) {
                if (invalidEdges[i] == null) {
                    continue;
                }
                for (Object o : LineStringExtracter.getLines(invalidEdges[i])) {
                    Coordinate[] cs = ((LineString) o).getCoordinates();
                    for (int s = 1; s < cs.length; s++) {
                        Coordinate[] segment = {cs[s - 1], cs[s]};
                        if (explained(segment, pieceIndex)) {
                            continue;
                        }
                        int j = neighbourOf(i, segment);
                        // cousins are compared for overlaps only: where an area's subareas meet its
                        // boundary they add vertices the neighbouring area's subareas cannot have
                        if (j >= 0 && j < childCount) {
                            segmentsByPair.computeIfAbsent(pairKey(i, j), k -> new ArrayList<>()).add(segment);
                        }
                    }
                }
            }
            Set<Coordinate> unmatched = new java.util.TreeSet<>();
            for (Map.Entry<Long, List<Coordinate[]>> e : segmentsByPair.entrySet()) {
                int i = (int) (e.getKey() >>> 32);
                int j = (int) (e.getKey() & 0xffffffffL);
                int before = unmatched.size();
                unmatched.addAll(onOneSideOnly(i, j, e.getValue()));
                if (unmatched.size() > before) {
                    mismatched.add(units.get(i).code());
                    mismatched.add(units.get(j).code());
                }
            }
            reportMismatch(unmatched);
        }

        private boolean explained(Coordinate[] segment, STRtree pieceIndex) {
            Geometry line = Polygons.FACTORY.createLineString(segment);
            Envelope env = new Envelope(line.getEnvelopeInternal());
            env.expandBy(settings.vertexToleranceM());
            for (Object o : pieceIndex.query(env)) {
                if (((Geometry) o).isWithinDistance(line, settings.vertexToleranceM())) {
                    return true;
                }
            }
            return false;
        }

        /** The unit (other than i) whose boundary runs along the segment, or -1. */
        private int neighbourOf(int i, Coordinate[] segment) {
            Geometry mid = Polygons.FACTORY.createPoint(new Coordinate((segment[0].x + segment[1].x) / 2,
                    (segment[0].y + segment[1].y) / 2));
            Envelope env = new Envelope(segment[0], segment[1]);
            env.expandBy(settings.vertexToleranceM());
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int j : near(env, false)) {
                if (j == i) {
                    continue;
                }
                double d = boundary(j).distance(mid);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = j;
                }
            }
            return bestDistance <= settings.vertexToleranceM() ? best : -1;
        }

        /** The vertices of i or j near the flagged segments that lie on the other's boundary but are none of its vertices. */
        private List<Coordinate> onOneSideOnly(int i, int j, List<Coordinate[]> segments) {
            // look at both sides of each flagged stretch: the other side may hold the extra vertex
            Envelope stretch = new Envelope();
            for (Coordinate[] s : segments) {
                stretch.expandToInclude(s[0]);
                stretch.expandToInclude(s[1]);
            }
            stretch.expandBy(settings.vertexToleranceM());
            List<Coordinate> found = new ArrayList<>();
            found.addAll(notIn(i, j, stretch));
            found.addAll(notIn(j, i, stretch));
            return found;
        }

        private List<Coordinate> notIn(int from, int other, Envelope stretch) {
            Set<Coordinate> otherVertices = vertices(geoms.get(other));
            IndexedFacetDistance otherBoundary = boundary(other);
            List<Coordinate> found = new ArrayList<>();
            for (Coordinate c : geoms.get(from).getCoordinates()) {
                if (stretch.contains(c) && !otherVertices.contains(c)
                        && otherBoundary.isWithinDistance(Polygons.FACTORY.createPoint(c), settings.vertexToleranceM())) {
                    found.add(c);
                }
            }
            return found;
        }

        /**
         * One issue for every hairline piece and unmatched vertex among the parent's children:
         * its place is a point per piece and per vertex, its fix snaps all children of the parent.
         */
        private void reportMismatch(Set<Coordinate> unmatched) {
            if (hairlines.isEmpty() && unmatched.isEmpty()) {
                return;
            }
            List<Coordinate> where = new ArrayList<>(unmatched);
            double area = 0;
            for (Polygon p : hairlines) {
                where.add(p.getInteriorPoint().getCoordinate());
                area += p.getArea();
            }
            where.sort(Comparator.naturalOrder());
            Envelope extent = new Envelope(parentGeom.getEnvelopeInternal());
            for (int i = 0; i < childCount; i++) {
                extent.expandToInclude(geoms.get(i).getEnvelopeInternal());
            }
            extent.expandBy(settings.vertexToleranceM());
            String message = String.format(Locale.ROOT, "%s 的下级单元边界不一致：%d 处不足 %s m 宽的细缝或重叠（共 %s m²），"
                    + "%d 个节点只在公共边一侧；首处在 %s", parent.code(), hairlines.size(), metres(settings.vertexToleranceM()),
                    squareMetres(area), unmatched.size(), coordinate(where.get(0)));
            issues.add(new Issue(IssueKind.UNMATCHED_EDGE, Severity.WARNING, parent.code(), List.copyOf(mismatched), area,
                    Polygons.FACTORY.createMultiPointFromCoords(where.toArray(Coordinate[]::new)), message,
                    new Fix("snap_children", String.format(Locale.ROOT, "把 %s 的下级单元在 %s m 内相互吸附并贴合其边界",
                            parent.code(), metres(settings.vertexToleranceM())),
                            List.of(new Fix.Edit(parent.code(), Fix.Op.SNAP_CHILDREN, Polygons.FACTORY.toGeometry(extent))))));
        }

        /** Too thin to see or to hold anything: the trace of edges that do not quite meet. */
        private boolean hairline(Polygon piece) {
            return Polygons.narrowerThan(piece, settings.vertexToleranceM());
        }

        private Set<Coordinate> vertices(Geometry g) {
            return new HashSet<>(List.of(g.getCoordinates()));
        }

        /** Indexes of units whose envelope meets {@code env}; children only or children and cousins. */
        private List<Integer> near(Envelope env, boolean childrenOnly) {
            List<Integer> found = new ArrayList<>();
            for (Object o : index.query(env)) {
                int k = (Integer) o;
                if (!childrenOnly || k < childCount) {
                    found.add(k);
                }
            }
            found.sort(null);
            return found;
        }

        /** Distance to unit k's boundary, indexed once per unit. */
        private IndexedFacetDistance boundary(int k) {
            if (boundaries[k] == null) {
                boundaries[k] = new IndexedFacetDistance(geoms.get(k).getBoundary());
            }
            return boundaries[k];
        }
    }

    static String squareMetres(double a) {
        return a >= 100 ? String.format(Locale.ROOT, "%.0f", a) : a >= 1 ? String.format(Locale.ROOT, "%.2f", a)
                : String.format(Locale.ROOT, "%.4f", a);
    }

    static String metres(double m) {
        return m >= 10 ? String.format(Locale.ROOT, "%.0f", m) : m >= 0.1 ? String.format(Locale.ROOT, "%.2f", m)
                : String.format(Locale.ROOT, "%.3f", m);
    }

    static String coordinate(Coordinate c) {
        return String.format(Locale.ROOT, "%.3f, %.3f", c.x, c.y);
    }
}
