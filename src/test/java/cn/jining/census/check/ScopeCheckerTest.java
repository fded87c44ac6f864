package cn.jining.census.check;

import static cn.jining.census.check.Corpus.box;
import static cn.jining.census.check.Corpus.check;
import static cn.jining.census.check.Corpus.district;
import static cn.jining.census.check.Corpus.kinds;
import static cn.jining.census.check.Corpus.wkt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/**
 * The defect corpus across levels, on {@link Corpus#district()}. A defect that shows at two levels is reported once, and its fix
 * repairs both.
 */
class ScopeCheckerTest {

    private static final String DISTRICT = "370871";
    private static final String S1 = "370871001";
    private static final String S2 = "370871002";
    private static final String A1W = "370871001001";
    private static final String A1E = "370871001002";
    private static final String A2W = "370871002001";
    private static final String A2E = "370871002002";
    private static final String SUB1 = "370871001001001";
    private static final String SUB2 = "370871001001002";

    private static void assertCleanAfterFixes(Map<String, Geometry> units, List<Issue> issues) {
        Map<String, Geometry> fixed = Corpus.applyAll(units, issues);
        List<Issue> after = check(fixed, DISTRICT);
        assertEquals("", kinds(after), () -> "after fixes: " + after);
    }

    @Nested
    class CleanHierarchy {

        @Test
        void everyScopeIsClean() {
            for (String scope : List.of(DISTRICT, S1, S2, A1W, A2E)) {
                assertEquals("", kinds(check(district(), scope)), scope);
            }
        }

        @Test
        void outlinedDistrictIsClean() {
            Map<String, Geometry> units = district();
            units.put(DISTRICT, box(0, 0, 2000, 1000));
            assertEquals("", kinds(check(units, DISTRICT)));
        }
    }

    @Nested
    class GapsBetweenStreets {

        @Test
        void notchBetweenStreetsIsAGapOfTheDistrictGivenToTheStreetAroundIt() {
            Map<String, Geometry> units = district();
            units.put(S1, wkt("POLYGON ((0 0, 1000 0, 1000 400, 990 400, 990 600, 1000 600, 1000 1000, 0 1000, 0 0))"));
            units.put(A1E, wkt("POLYGON ((500 0, 1000 0, 1000 400, 990 400, 990 600, 1000 600, 1000 1000, 500 1000, 500 0))"));
            List<Issue> issues = check(units, DISTRICT);
            assertEquals("gap", kinds(issues));
            assertEquals(DISTRICT, issues.get(0).parentCode());
            assertEquals(List.of(S1, S2), issues.get(0).codes());
            assertEquals(2000, issues.get(0).areaM2(), 1e-6);
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void gapBetweenStreetsThatAnAreaAlreadyFillsIsReportedOnceAndGivenToThatAreasStreet() {
            Map<String, Geometry> units = district();
            // street 2's outline leaves a notch its neighbour's area covers
            units.put(S2, wkt("POLYGON ((1000 0, 2000 0, 2000 1000, 1000 1000, 1000 700, 1010 700, 1010 300, 1000 300, 1000 0))"));
            units.put(A2W, wkt("POLYGON ((1000 0, 1500 0, 1500 1000, 1000 1000, 1000 700, 1010 700, 1010 300, 1000 300, 1000 0))"));
            units.put(A1E, wkt("POLYGON ((500 0, 1000 0, 1000 300, 1010 300, 1010 700, 1000 700, 1000 1000, 500 1000, 500 0))"));
            List<Issue> issues = check(units, DISTRICT);
            assertEquals("gap", kinds(issues), issues::toString);
            assertEquals(S1, issues.get(0).fix().edits().get(0).code());
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void gapAlongTheOutlinedDistrictsBoundaryIsFound() {
            Map<String, Geometry> units = district();
            units.put(DISTRICT, box(0, 0, 2000, 1000));
            units.put(S2, box(1000, 0, 1999.95, 1000));
            units.put(A2E, box(1500, 0, 1999.95, 1000));
            List<Issue> issues = check(units, DISTRICT);
            assertEquals("gap", kinds(issues));
            assertEquals(50, issues.get(0).areaM2(), 1e-6);
            assertTrue(issues.get(0).message().contains("窄缝隙"), issues.get(0).message());
            assertCleanAfterFixes(units, issues);
        }
    }

    @Nested
    class OverlapsAcrossLevels {

        @Test
        void overlappingStreetsAreReportedOnceAndCutFromTheStreetWhoseAreasDoNotCoverIt() {
            Map<String, Geometry> units = district();
            units.put(S1, box(0, 0, 1020, 1000));
            units.put(A1E, box(500, 0, 1020, 1000));
            units.put(A2W, box(1020, 0, 1500, 1000));
            List<Issue> issues = check(units, DISTRICT);
            assertEquals("overlap", kinds(issues), issues::toString);
            assertEquals(List.of(S1, S2), issues.get(0).codes());
            assertEquals(S2, issues.get(0).fix().edits().get(0).code());
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void areaReachingIntoTheNextStreetOverlapsItsCousinAndIsCutBack() {
            Map<String, Geometry> units = district();
            units.put(A1E, wkt("POLYGON ((500 0, 1000 0, 1000 300, 1030 300, 1030 400, 1000 400, 1000 1000, 500 1000, 500 0))"));
            List<Issue> issues = check(units, DISTRICT);
            assertEquals("overlap", kinds(issues), issues::toString);
            assertEquals(List.of(A1E, A2W), issues.get(0).codes());
            assertEquals(3000, issues.get(0).areaM2(), 1e-6);
            assertEquals(A1E, issues.get(0).fix().edits().get(0).code());
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void supervisorOfTheNeighbouringStreetSeesTheOverlapButNotAnUnrelatedArea() {
            Map<String, Geometry> units = district();
            units.put(A1E, wkt("POLYGON ((500 0, 1000 0, 1000 300, 1030 300, 1030 400, 1000 400, 1000 1000, 500 1000, 500 0))"));
            assertEquals("overlap", kinds(check(units, S2)));
            assertEquals("overlap", kinds(check(units, A2W)));
            assertEquals("", kinds(check(units, A2E)));
            assertEquals("", kinds(check(units, A1W)));
        }
    }

    @Nested
    class Subareas {

        @Test
        void gapBetweenSubareasIsFoundFromTheAreaAndFromTheDistrict() {
            Map<String, Geometry> units = district();
            units.put(SUB1, box(0, 0, 500, 499.99));
            for (String scope : List.of(A1W, S1, DISTRICT)) {
                List<Issue> issues = check(units, scope);
                assertEquals("gap", kinds(issues), scope);
                assertEquals(A1W, issues.get(0).parentCode());
                assertEquals(5, issues.get(0).areaM2(), 1e-6);
            }
            assertEquals("", kinds(check(units, S2)));
            assertCleanAfterFixes(units, check(units, A1W));
        }

        @Test
        void overlapOfAreasIsCutFromTheAreaWhoseSubareasDoNotCoverIt() {
            Map<String, Geometry> units = district();
            // the west area and its southern subarea reach 10 m into the east area, which has no subareas
            units.put(A1W, wkt("POLYGON ((0 0, 510 0, 510 400, 500 400, 500 1000, 0 1000, 0 0))"));
            units.put(SUB1, wkt("POLYGON ((0 0, 510 0, 510 400, 500 400, 500 500, 0 500, 0 0))"));
            List<Issue> issues = check(units, DISTRICT);
            assertEquals("overlap", kinds(issues), issues::toString);
            assertEquals(A1E, issues.get(0).fix().edits().get(0).code());
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void overlapCutFromAnAreaIsCutFromItsSubareasToo() {
            Map<String, Geometry> units = district();
            units.put(A1W, wkt("POLYGON ((0 0, 510 0, 510 400, 500 400, 500 1000, 0 1000, 0 0))"));
            units.put(SUB1, wkt("POLYGON ((0 0, 510 0, 510 400, 500 400, 500 500, 0 500, 0 0))"));
            // the east area's one subarea covers the piece as well: the larger area gives way
            units.put(A1E + "001", box(500, 0, 1000, 1000));
            List<Issue> issues = check(units, DISTRICT);
            assertEquals("overlap", kinds(issues), issues::toString);
            assertEquals(A1W, issues.get(0).fix().edits().get(0).code());
            Map<String, Geometry> fixed = Corpus.applyAll(units, issues);
            assertEquals(250_000, fixed.get(SUB1).getArea(), 1e-6);
            assertCleanAfterFixes(units, issues);
        }

        @Test
        void detachedPartOfASubareaIsAnError() {
            Map<String, Geometry> units = district();
            units.put(SUB1, wkt("MULTIPOLYGON (((0 0, 500 0, 500 500, 0 500, 0 0)), ((100 600, 200 600, 200 700, 100 700, 100 600)))"));
            units.put(SUB2, wkt("POLYGON ((0 500, 500 500, 500 1000, 0 1000, 0 500), (100 600, 200 600, 200 700, 100 700, 100 600))"));
            List<Issue> issues = check(units, A1W);
            assertEquals("enclave", kinds(issues));
            assertEquals(Severity.ERROR, issues.get(0).severity());
        }

        @Test
        void gapBetweenAreasIsGivenDownToTheSubareaAlongIt() {
            Map<String, Geometry> units = district();
            units.put(A1E, box(520, 0, 1000, 1000));
            List<Issue> issues = check(units, DISTRICT);
            assertEquals("gap", kinds(issues));
            assertEquals(List.of(A1W, A1E), issues.get(0).codes());
            Map<String, Geometry> fixed = Corpus.applyAll(units, issues);
            assertEquals(box(0, 0, 520, 1000).getArea(), fixed.get(A1W).getArea(), 1e-6);
            // both subareas share 500 m of edge with the strip: the first by code takes it whole
            assertEquals(250_000 + 20_000, fixed.get(SUB1).getArea(), 1e-6);
            assertEquals(250_000, fixed.get(SUB2).getArea(), 1e-6);
            assertCleanAfterFixes(units, issues);
        }
    }
}
