package cn.jining.census.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/**
 * The bundled delivery, checked without a database: the check finds exactly the defects listed
 * in {@code map-data/planted-defects.csv}, each at its place, and applying every fix offered
 * leaves only the issues a person must settle.
 */
class MapDataCheckTest {

    private static CoverageSnapshot snapshot;
    private static List<PlantedDefect> planted;
    private static CoverageReport report;

    @BeforeAll
    static void checkTheDistrict() throws IOException {
        assumeTrue(MapData.present(), "map-data/ holds no delivery yet");
        snapshot = MapData.read();
        planted = PlantedDefect.read(MapData.PLANTED);
        report = new ScopeChecker(CheckSettings.defaults()).check(snapshot, "370871");
    }

    @Test
    void everyPlantedDefectIsFoundAtItsPlace() {
        for (PlantedDefect d : planted) {
            assertTrue(report.issues().stream().anyMatch(d::foundBy), () -> d + " not found in " + report.issues());
        }
    }

    @Test
    void nothingElseIsReported() {
        for (Issue i : report.issues()) {
            assertTrue(planted.stream().anyMatch(d -> d.foundBy(i)), () -> "not planted: " + i);
        }
        assertEquals(planted.size(), report.issues().size());
    }

    @Test
    void gapsAndOverlapsHaveThePlantedSize() {
        for (PlantedDefect d : planted) {
            if (d.kind().equals("gap") || d.kind().equals("overlap") || d.kind().equals("sliver")) {
                Issue found = report.issues().stream().filter(d::foundBy).findFirst().orElseThrow();
                assertEquals(d.sizeM2(), found.areaM2(), 0.01, d.id());
            }
        }
    }

    @Test
    void applyingEveryFixLeavesOnlyWhatAPersonMustSettle() {
        Map<String, Geometry> geometries = new HashMap<>();
        snapshot.units().forEach(u -> geometries.put(u.code(), u.geometry()));
        FixApplier applier = new FixApplier(CheckSettings.defaults());
        for (Issue i : report.issues()) {
            if (i.fix() != null) {
                geometries.putAll(applier.apply(i.fix(), geometries));
            }
        }
        List<Unit> fixed = new ArrayList<>();
        snapshot.units().forEach(u -> fixed.add(u.withGeometry(geometries.get(u.code()))));
        CoverageSnapshot after = new CoverageSnapshot(fixed, snapshot.buildings(), snapshot.registrations(),
                snapshot.demolitionZones(), snapshot.reference(), snapshot.staffing());
        List<Issue> left = new ScopeChecker(CheckSettings.defaults()).check(after, "370871").issues();
        assertEquals(List.of("high_rise_over_999", "demolition_zone", "enclave"),
                left.stream().map(i -> i.kind().jsonName()).toList(), left::toString);
        assertTrue(left.stream().allMatch(i -> i.fix() == null));
    }
}
