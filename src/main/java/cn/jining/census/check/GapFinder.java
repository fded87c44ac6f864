package cn.jining.census.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Finds the gaps of one coverage: the parts of the parent no child covers, with the children
 * along each gap ranked by the length of edge they share with it.
 *
 * <p>Why not JTS {@code CoverageGapFinder} alone: it looks for narrow <em>holes</em> in the
 * union of a coverage, computed by {@code CoverageUnion}, which assumes the coverage is valid.
 * Here the coverage may overlap (that is one of the things being checked), and a gap along the
 * parent's own boundary is no hole of the children's union. So gaps are the parent minus the
 * robust (OverlayNG) union of the children, which finds holes and edge gaps alike whatever the
 * overlaps; "narrow" keeps CoverageGapFinder's meaning: the largest inscribed circle is
 * narrower than the gap width (tested exactly, by a negative buffer).
 *
 * <p>Thread-safe: holds settings only.
 */
public final class GapFinder {

    /**
     * One gap.
     *
     * @param piece       the gap, EPSG:4548
     * @param narrow      narrower than the gap width everywhere
     * @param meanWidth   2A/P in metres
     * @param neighbours  code → metres of edge shared with the gap, longest first, then by code
     */
    public record Gap(Polygon piece, boolean narrow, double meanWidth, Map<String, Double> neighbours) {
    }

    private final CheckSettings settings;

    public GapFinder(CheckSettings settings) {
        this.settings = settings;
    }

    /**
     * @param parent   the parent's geometry; null or empty: the union of the children with its
     *                 holes filled (gaps are then the holes)
     * @param children the children's geometries by code, valid (repaired) polygons
     * @param union    the union of the children, when the caller has it already; else null
     * @return the gaps of at least the noise area, largest first
     */
    public List<Gap> find(Geometry parent, Map<String, Geometry> children, Geometry union) {
        Geometry covered = union != null ? union : Polygons.union(new ArrayList<>(children.values()));
        List<Polygon> pieces = parent == null || parent.isEmpty() ? holes(covered)
                : Polygons.pieces(Polygons.difference(parent, covered), settings.noiseAreaM2());
        pieces.sort((a, b) -> Double.compare(b.getArea(), a.getArea()));
        STRtree index = new STRtree();
        children.forEach((code, g) -> index.insert(g.getEnvelopeInternal(), code));
        List<Gap> gaps = new ArrayList<>();
        for (Polygon piece : pieces) {
            Map<String, Double> shared = new LinkedHashMap<>();
            @SuppressWarnings("unchecked")
            List<String> near = index.query(piece.getEnvelopeInternal());
            near.stream().sorted().forEach(code -> {
                double length = Polygons.sharedLength(piece, children.get(code), settings.vertexToleranceM());
                if (length > 0) {
                    shared.put(code, length);
                }
            });
            Map<String, Double> ranked = new LinkedHashMap<>();
            shared.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> ranked.put(e.getKey(), e.getValue()));
            gaps.add(new Gap(piece, Polygons.narrowerThan(piece, settings.gapWidthM()), Polygons.meanWidth(piece), ranked));
        }
        return gaps;
    }

    /** The holes of a union as polygons: its gaps when nothing outlines the parent. */
    private List<Polygon> holes(Geometry union) {
        List<Polygon> holes = new ArrayList<>();
        for (Polygon p : Polygons.of(union)) {
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                Polygon hole = Polygons.FACTORY.createPolygon(p.getInteriorRingN(i).getCoordinateSequence());
                if (hole.getArea() >= settings.noiseAreaM2()) {
                    holes.add(hole);
                }
            }
        }
        return holes;
    }
}
