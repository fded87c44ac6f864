package cn.jining.census.check;

/**
 * Thresholds of the coverage and rule checks. Lengths in metres, areas in m², both in
 * EPSG:4548.
 *
 * @param noiseAreaM2     pieces (gaps, overlaps, shares of a building) smaller than this are
 *                        floating-point residue of overlay, not defects; 1e-6 m² (one square
 *                        millimetre) keeps a 1 cm × 1 cm gap reportable. Coordinate mismatches
 *                        below it are still reported as unmatched vertices.
 * @param gapWidthM       a gap narrower than this (diameter of its largest inscribed circle) is
 *                        called a narrow gap in its message
 * @param sliverWidthM    a unit, or a part of one, narrower than this is a sliver
 * @param vertexToleranceM how far a vertex may lie from a neighbour's boundary and still count as
 *                        on it: used to attribute invalid edges to reported pieces and to insert
 *                        or snap vertices when an edge-matching fix is applied
 * @param bandMin         lower end of the household band of a subarea
 * @param bandMax         upper end of the household band of a subarea
 * @param hardLimit       census forms (households) one subarea may hold at most
 */
public record CheckSettings(double noiseAreaM2, double gapWidthM, double sliverWidthM, double vertexToleranceM,
        int bandMin, int bandMax, int hardLimit) {

    /** The census rules' figures: band 80–100, hard limit 999; 1 m gap and sliver width. */
    public static CheckSettings defaults() {
        return new CheckSettings(1e-6, 1.0, 1.0, 1e-3, 80, 100, 999);
    }
}
