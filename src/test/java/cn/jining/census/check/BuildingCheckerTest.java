package cn.jining.census.check;

import static cn.jining.census.check.Corpus.box;
import static cn.jining.census.check.Corpus.district;
import static cn.jining.census.check.Corpus.kinds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/**
 * Buildings on {@link Corpus#district()}: area 370871001001 has subareas, the other areas do not
 * yet, so buildings there are checked against the areas.
 */
class BuildingCheckerTest {

    private static final String SUB1 = "370871001001001";
    private static final String SUB2 = "370871001001002";
    private static final String SUB_VERTICAL = "370871001001003";

    private static List<Issue> check(Map<String, Geometry> geometries, List<BuildingFootprint> buildings,
            Map<String, List<String>> registrations) {
        List<Unit> units = new ArrayList<>(Corpus.snapshot(geometries).units());
        units.add(new Unit(SUB_VERTICAL, "", box(100, 100, 130, 130), 600, false, SUB1, null));
        return new ScopeChecker(Corpus.SETTINGS).check(Corpus.snapshot(units, buildings, registrations), "370871").issues();
    }

    private static BuildingFootprint house(String bid, Geometry footprint) {
        return new BuildingFootprint(bid, "370871001", "住宅", 1, footprint);
    }

    @Test
    void buildingsWellInsideOneUnitAndRegisteredThereAreClean() {
        List<BuildingFootprint> buildings = List.of(house("b1", box(10, 10, 20, 20)), house("b2", box(600, 600, 620, 620)),
                new BuildingFootprint("shop", "370871001", "商业", 0, box(30, 30, 40, 40)));
        assertEquals("", kinds(check(district(), buildings, Map.of("b1", List.of(SUB1)))));
    }

    @Test
    void buildingOnAnAreaBoundaryIsCutAndItsSmallerPartMovesToTheLargerSide() {
        Map<String, Geometry> units = district();
        List<BuildingFootprint> buildings = List.of(house("b1", box(990, 300, 1004, 310)));
        List<Issue> issues = check(units, buildings, Map.of());
        assertEquals("building_cut", kinds(issues));
        Issue cut = issues.get(0);
        assertEquals(List.of("370871001002", "370871002001", "b1"), cut.codes());
        assertTrue(cut.message().contains("370871002001 40.00 m²"), cut.message());
        Map<String, Geometry> fixed = Corpus.applyAll(units, issues);
        assertEquals("", kinds(check(fixed, buildings, Map.of())));
        // the streets moved with the areas: the piece crossed a street boundary
        assertEquals(1_000_000 + 40, fixed.get("370871001").getArea(), 1e-6);
    }

    @Test
    void buildingOnASubareaBoundaryIsCut() {
        List<BuildingFootprint> buildings = List.of(house("b1", box(200, 495, 210, 520)));
        List<Issue> issues = check(district(), buildings, Map.of("b1", List.of(SUB2)));
        assertEquals("building_cut", kinds(issues));
        assertEquals(List.of(SUB2, SUB1, "b1"), issues.get(0).codes());
        Map<String, Geometry> fixed = Corpus.applyAll(district(), issues);
        assertEquals("", kinds(check(fixed, buildings, Map.of("b1", List.of(SUB2)))));
    }

    @Test
    void buildingAcrossAnAreaBoundaryMovesIntoTheSubareaBesideIt() {
        List<BuildingFootprint> buildings = List.of(house("b1", box(490, 100, 504, 110)));
        List<Issue> issues = check(district(), buildings, Map.of("b1", List.of(SUB1)));
        assertEquals("building_cut", kinds(issues));
        assertEquals(List.of(SUB1, "370871001002", "b1"), issues.get(0).codes());
        Map<String, Geometry> fixed = Corpus.applyAll(district(), issues);
        assertEquals("", kinds(check(fixed, buildings, Map.of("b1", List.of(SUB1)))));
        assertEquals(250_000 + 40, fixed.get(SUB1).getArea(), 1e-6);
        assertEquals(500_000 + 40, fixed.get("370871001001").getArea(), 1e-6);
    }

    @Test
    void buildingOutsideEveryUnitIsReported() {
        List<Issue> issues = check(district(), List.of(house("far", box(3000, 3000, 3010, 3010))), Map.of());
        assertEquals("building_outside", kinds(issues));
        assertEquals(List.of("far"), issues.get(0).codes());
    }

    @Test
    void buildingInAGapIsNamedInTheGapInsteadOfStandingAlone() {
        Map<String, Geometry> units = district();
        units.put("370871001002", box(520, 0, 1000, 1000));
        List<Issue> issues = check(units, List.of(house("b1", box(505, 100, 515, 110))), Map.of());
        assertEquals("gap", kinds(issues));
        assertTrue(issues.get(0).message().contains("缝隙内有 1 栋建筑物（b1）"), issues.get(0).message());
    }

    @Test
    void houseWithHouseholdsInADelineatedAreaMustBeRegistered() {
        List<Issue> issues = check(district(), List.of(house("b1", box(10, 10, 20, 20))), Map.of());
        assertEquals("unregistered_households", kinds(issues));
        assertEquals(List.of(SUB1, "b1"), issues.get(0).codes());
    }

    @Test
    void houseWithHouseholdsInAnAreaWithoutSubareasIsNotReportedYet() {
        assertEquals("", kinds(check(district(), List.of(house("b1", box(600, 10, 620, 20))), Map.of())));
    }

    @Test
    void buildingRegisteredInTwoSubareasIsReported() {
        List<Issue> issues = check(district(), List.of(house("b1", box(10, 10, 20, 20))),
                Map.of("b1", List.of(SUB1, SUB2)));
        assertEquals("building_in_two", kinds(issues));
        assertEquals(List.of(SUB1, SUB2, "b1"), issues.get(0).codes());
    }

    @Test
    void buildingRegisteredInASubareaItDoesNotLieInIsReported() {
        List<Issue> issues = check(district(), List.of(house("b1", box(10, 10, 20, 20))), Map.of("b1", List.of(SUB2)));
        assertEquals("registered_elsewhere", kinds(issues));
        assertEquals(List.of(SUB1, SUB2, "b1"), issues.get(0).codes());
        // a vertical part registers floors of a tower drawn in its main subarea
        assertEquals("", kinds(check(district(), List.of(house("b1", box(10, 10, 20, 20))), Map.of("b1", List.of(SUB_VERTICAL)))));
    }

    @Test
    void highRiseSplitVerticallyIsRegisteredInTwoLegitimately() {
        BuildingFootprint tower = new BuildingFootprint("tower", "370871001", "住宅", 1200, box(100, 100, 130, 130));
        assertEquals("", kinds(check(district(), List.of(tower), Map.of("tower", List.of(SUB1, SUB_VERTICAL)))));
    }

    @Test
    void highRiseAboveTheHardLimitNotSplitYetIsReported() {
        BuildingFootprint tower = new BuildingFootprint("tower", "370871002", "住宅", 1200, box(1100, 100, 1130, 130));
        List<Issue> issues = check(district(), List.of(tower), Map.of());
        assertEquals("high_rise_over_999", kinds(issues));
        assertEquals(List.of("370871002001", "tower"), issues.get(0).codes());
        assertEquals(Severity.WARNING, issues.get(0).severity());
    }
}
