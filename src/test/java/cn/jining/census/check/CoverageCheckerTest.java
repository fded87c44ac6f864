package cn.jining.census.check;

import static cn.jining.census.check.Corpus.box;
import static cn.jining.census.check.Corpus.check;
import static cn.jining.census.check.Corpus.cleanStreet;
import static cn.jining.census.check.Corpus.kinds;
import static cn.jining.census.check.Corpus.wkt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * The defect corpus at one level: a street of four areas (see {@link Corpus#cleanStreet()}) with
 * one defect planted per case. Every case asserts the defect is found where it was planted, that
 * nothing else is reported, and — where a fix is offered — that applying it leaves a clean check.
 */
class CoverageCheckerTest {

    private static final String STREET = "370871001";
    private static final String SW = "370871001001";
    private static final String SE = "370871001002";
    private static final String NW = "370871001003";
    private static final String NE = "370871001004";

    private static void assertCleanAfterFixes(Map<String, Geometry> units, List<Issue> issues) {
        Map<String, Geometry> fixed = Corpus.applyAll(units, issues);
        List<Issue> after = check(fixed, STREET);
        assertEquals("", kinds(after), () -> "after fixes: " + after);
    }

    private static Coordinate local(Geometry g) {
        Coordinate c = g.getCentroid().getCoordinate();
        return new Coordinate(c.x - Corpus.X0, c.y - Corpus.Y0);
    }

    @Nested
    class CleanCoverage {

        @Test
        void fourQuadrantsAreClean() {
            assertEquals("", kinds(check(cleanStreet(), STREET)));
        }

        @Test
        void islandAreaInsideNeighboursHoleIsClean() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, wkt("POLYGON ((0 0, 500 0, 500 500, 0 500, 0 0), (100 100, 200 100, 200 200, 100 200, 100 100))"));
            units.put("370871001005", box(100, 100, 200, 200));
            assertEquals("", kinds(check(units, STREET)));
        }

        @Test
        void sharedEdgesWithManyMatchingVerticesAreClean() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, wkt("POLYGON ((0 0, 500 0, 500 123.456789, 500 250, 500 500, 250 500, 0 500, 0 0))"));
            units.put(SE, wkt("POLYGON ((500 0, 1000 0, 1000 500, 500 500, 500 250, 500 123.456789, 500 0))"));
            units.put(NW, wkt("POLYGON ((0 500, 250 500, 500 500, 500 1000, 0 1000, 0 500))"));
            assertEquals("", kinds(check(units, STREET)));
        }
    }

    @Nested
    class Gaps {

        @ParameterizedTest(name = "gap {0} m wide")
        @ValueSource(doubles = {0.01, 0.1, 1, 10, 100})
        void gapBetweenTwoAreasIsReportedAndFixed(double width) {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, box(0, 0, 500 - width, 500));
            List<Issue> issues = check(units, STREET);
            assertEquals("gap", kinds(issues));
            Issue gap = issues.get(0);
            assertEquals(500 * width, gap.areaM2(), 1e-6 * 500 * width + 1e-9);
            assertEquals(List.of(SW, SE, NW), gap.codes(), "neighbours by length of shared edge, then code");
            assertEquals(500 - width / 2, local(gap.geometry()).x, 1e-6);
            assertEquals(Fix.Op.UNION, gap.fix().edits().get(0).op());
            assertEquals(SW, gap.fix().edits().get(0).code());
            assertEquals(Severity.ERROR, gap.severity());
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void gapOfOneCentimetreSquareIsFound() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, wkt("POLYGON ((0 0, 500 0, 500 250, 499.99 250, 499.99 250.01, 500 250.01, 500 500, 0 500, 0 0))"));
            List<Issue> issues = check(units, STREET);
            assertEquals("gap", kinds(issues));
            assertEquals(1e-4, issues.get(0).areaM2(), 1e-9);
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void narrowGapSaysSoInItsMessage() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, box(0, 0, 499.7, 500));
            Issue gap = check(units, STREET).get(0);
            assertTrue(gap.message().contains("窄缝隙"), gap.message());
        }

        @Test
        void unfilledHoleIsAGapGivenToTheAreaAroundIt() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, wkt("POLYGON ((0 0, 500 0, 500 500, 0 500, 0 0), (100 100, 200 100, 200 200, 100 200, 100 100))"));
            List<Issue> issues = check(units, STREET);
            assertEquals("gap", kinds(issues));
            assertEquals(10_000, issues.get(0).areaM2(), 1e-6);
            assertEquals(List.of(SW), issues.get(0).codes());
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void missingAreaLeavesAGapAtTheStreetEdge() {
            Map<String, Geometry> units = cleanStreet();
            units.remove(NE);
            List<Issue> issues = check(units, STREET);
            assertEquals("gap", kinds(issues));
            assertEquals(250_000, issues.get(0).areaM2(), 1e-6);
            assertCleanAfterFixes(units, issues);
        }
    }

    @Nested
    class Overlaps {

        @ParameterizedTest(name = "overlap {0} m wide")
        @ValueSource(doubles = {0.01, 0.1, 1, 10, 100})
        void overlapOfTwoAreasIsReportedAndFixed(double width) {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, wkt(String.format(java.util.Locale.ROOT,
                    "POLYGON ((0 0, 500 0, %s 0, %s 500, 500 500, 0 500, 0 0))", 500 + width, 500 + width)));
            List<Issue> issues = check(units, STREET);
            assertEquals("overlap", kinds(issues));
            Issue overlap = issues.get(0);
            assertEquals(List.of(SW, SE), overlap.codes());
            assertEquals(500 * width, overlap.areaM2(), 1e-6 * 500 * width + 1e-9);
            assertEquals(500 + width / 2, local(overlap.geometry()).x, 1e-6);
            assertEquals(Fix.Op.DIFFERENCE, overlap.fix().edits().get(0).op());
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void areaReachingOverItsNeighboursCornerIsCutFromTheSideItChangesLeast() {
            Map<String, Geometry> units = cleanStreet();
            units.put("370871001005", box(450, 450, 550, 550));
            units.put(SW, wkt("POLYGON ((0 0, 500 0, 500 450, 450 450, 450 500, 0 500, 0 0))"));
            List<Issue> issues = check(units, STREET);
            assertEquals("overlap,overlap,overlap", kinds(issues));
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void duplicatedAreaIsReportedWithoutAFix() {
            Map<String, Geometry> units = cleanStreet();
            units.put("370871001005", box(500, 500, 1000, 1000));
            List<Issue> issues = check(units, STREET);
            assertEquals("duplicate", kinds(issues));
            assertEquals(List.of(NE, "370871001005"), issues.get(0).codes());
            assertEquals(250_000, issues.get(0).areaM2(), 1e-6);
            assertNull(issues.get(0).fix());
        }

        @Test
        void areaInsideAnotherIsCutOutOfTheLargerOne() {
            Map<String, Geometry> units = cleanStreet();
            units.put("370871001005", box(100, 100, 200, 200));
            List<Issue> issues = check(units, STREET);
            assertEquals("overlap", kinds(issues));
            assertEquals(SW, issues.get(0).fix().edits().get(0).code());
            assertCleanAfterFixes(units, issues);
        }
    }

    @Nested
    class OutsideTheParent {

        @Test
        void areaReachingBeyondTheStreetIsClipped() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, box(0, -20, 500, 500));
            List<Issue> issues = check(units, STREET);
            assertEquals("outside_parent", kinds(issues));
            assertEquals(10_000, issues.get(0).areaM2(), 1e-6);
            assertCleanAfterFixes(units, issues);
        }
    }

    @Nested
    class SliversAndEnclaves {

        @Test
        void thinDetachedPartIsASliverGivenToItsNeighbour() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, wkt("MULTIPOLYGON (((0 0, 500 0, 500 500, 0 500, 0 0)), ((600 0, 1000 0, 1000 0.5, 600 0.5, 600 0)))"));
            units.put(SE, wkt("POLYGON ((500 0, 600 0, 600 0.5, 1000 0.5, 1000 500, 500 500, 500 0))"));
            List<Issue> issues = check(units, STREET);
            assertEquals("sliver", kinds(issues));
            assertEquals(List.of(SW, SE), issues.get(0).codes());
            assertEquals(200, issues.get(0).areaM2(), 1e-6);
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void thinAreaIsASliverWithoutAFix() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, box(0, 0, 499.5, 500));
            units.put("370871001005", box(499.5, 0, 500, 500));
            List<Issue> issues = check(units, STREET);
            assertEquals("sliver", kinds(issues));
            assertNull(issues.get(0).fix());
        }

        @Test
        void detachedPartOfAnAreaIsAnEnclaveForInformation() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, wkt("MULTIPOLYGON (((0 0, 500 0, 500 500, 0 500, 0 0)), ((700 700, 800 700, 800 800, 700 800, 700 700)))"));
            units.put(NE, wkt("POLYGON ((500 500, 1000 500, 1000 1000, 500 1000, 500 500), (700 700, 800 700, 800 800, 700 800, 700 700))"));
            List<Issue> issues = check(units, STREET);
            assertEquals("enclave", kinds(issues));
            assertEquals(Severity.INFO, issues.get(0).severity());
            assertEquals(List.of(SW, NE), issues.get(0).codes());
        }
    }

    @Nested
    class EdgeMatching {

        @Test
        void vertexOnOneSideOfASharedEdgeOnlyIsReportedWhereItIs() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, wkt("POLYGON ((0 0, 500 0, 500 250, 500 500, 0 500, 0 0))"));
            List<Issue> issues = check(units, STREET);
            assertEquals("unmatched_edge", kinds(issues));
            Issue edge = issues.get(0);
            assertEquals(List.of(SW, SE), edge.codes());
            assertEquals(1, edge.geometry().getNumPoints());
            assertEquals(new Coordinate(500, 250), local(edge.geometry()));
            assertEquals(0, edge.areaM2());
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void vertexANanometreOffTheNeighboursEdgeIsAnUnmatchedVertexNotAnOverlap() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, wkt("POLYGON ((0 0, 500 0, 500.000000001 250, 500 500, 0 500, 0 0))"));
            List<Issue> issues = check(units, STREET);
            assertEquals("unmatched_edge", kinds(issues));
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void tJunctionWhereThreeAreasMeetIsReported() {
            Map<String, Geometry> units = cleanStreet();
            // a vertex on the south-east area's northern edge that its northern neighbour lacks
            units.put(SE, wkt("POLYGON ((500 0, 1000 0, 1000 500, 700 500, 500 500, 500 0))"));
            List<Issue> issues = check(units, STREET);
            assertEquals("unmatched_edge", kinds(issues));
            assertEquals(new Coordinate(700, 500), local(issues.get(0).geometry()));
            assertCleanAfterFixes(units, issues);
        }
    }

    @Nested
    class InvalidGeometry {

        @Test
        void selfIntersectingAreaIsReportedAtTheCrossing() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, wkt("POLYGON ((0 0, 500 500, 500 0, 0 500, 0 0))"));
            List<Issue> issues = check(units, STREET);
            Issue invalid = issues.stream().filter(i -> i.kind() == IssueKind.INVALID_GEOMETRY).findFirst().orElseThrow();
            assertEquals(new Coordinate(250, 250), local(invalid.geometry()));
            assertEquals(List.of(SW), invalid.codes());
            assertNotNull(invalid.fix());
            // the repaired bow tie is two triangles: the rest of the quadrant is a gap
            assertTrue(kinds(issues).contains("gap"), kinds(issues));
        }

        @Test
        void checkNeverThrowsOnAnEmptyOrMissingGeometry() {
            Map<String, Geometry> units = cleanStreet();
            units.put(SW, wkt("POLYGON EMPTY"));
            List<Issue> issues = check(units, STREET);
            assertEquals("gap", kinds(issues));
        }
    }
}
