package cn.jining.census.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.coverage.CoverageGapFinder;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * The committed district delivery holds the defects planted-defects.csv lists, where it says,
 * and nothing else is wrong: areas and streets are otherwise an exact coverage, buildings lie in
 * one area each and off roads and water.
 */
class PlantedDefectsTest {

    private static final Path MAP_DATA = CommittedDistrictTest.MAP_DATA;
    private static final GeometryFactory FACTORY = new GeometryFactory();

    record Defect(String id, String kind, String layer, List<String> codes, Point at, double size) {
    }

    private static List<Defect> defects;
    private static List<DeliveryFile.Feature> streets;
    private static List<DeliveryFile.Feature> areas;
    private static List<DeliveryFile.Feature> buildings;

    @BeforeAll
    static void read() throws IOException {
        defects = new ArrayList<>();
        List<String> lines = Files.readAllLines(MAP_DATA.resolve("planted-defects.csv"), StandardCharsets.UTF_8);
        assertEquals("id,kind,layer,codes,x,y,lon,lat,size_m2,note", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 10);
            defects.add(new Defect(f[0], f[1], f[2], List.of(f[3].split(";")),
                    FACTORY.createPoint(new Coordinate(Double.parseDouble(f[4]), Double.parseDouble(f[5]))), Double.parseDouble(f[8])));
        }
        streets = DeliveryFile.read(CommittedDistrictTest.DELIVERY, "street");
        areas = DeliveryFile.read(CommittedDistrictTest.DELIVERY, "area");
        buildings = DeliveryFile.read(CommittedDistrictTest.DELIVERY, "building");
    }

    private static List<Defect> ofKind(String... kinds) {
        Set<String> wanted = Set.of(kinds);
        return defects.stream().filter(d -> wanted.contains(d.kind())).toList();
    }

    private static Geometry area(String code) {
        return areas.stream().filter(f -> f.text("code").equals(code)).findFirst().orElseThrow().geometry();
    }

    @Test
    void everyKindIsPlantedAndListedInTheReadme() throws IOException {
        Set<String> kinds = defects.stream().map(Defect::kind).collect(Collectors.toSet());
        assertEquals(Set.of("gap", "overlap", "sliver", "enclave", "building_cut", "high_rise_over_999", "demolition_zone"), kinds);
        String readme = Files.readString(MAP_DATA.resolve("README.md"), StandardCharsets.UTF_8);
        for (Defect d : defects) {
            assertTrue(readme.contains(d.id()), "README lacks " + d.id());
        }
    }

    @Test
    void streetsAreAGapFreeEdgeMatchedCoverage() {
        Geometry[] shapes = streets.stream().map(DeliveryFile.Feature::geometry).toArray(Geometry[]::new);
        for (Geometry invalid : CoverageValidator.validate(shapes, 10)) {
            assertNull(invalid);
        }
        assertTrue(CoverageGapFinder.findGaps(shapes, 10).isEmpty());
    }

    @Test
    void areaCoverageIsBrokenOnlyAtThePlantedGapsAndOverlaps() {
        Geometry[] shapes = areas.stream().map(DeliveryFile.Feature::geometry).toArray(Geometry[]::new);
        Geometry[] invalid = CoverageValidator.validate(shapes, 6);
        List<Defect> planted = ofKind("gap", "overlap");
        Set<String> flagged = new java.util.TreeSet<>();
        for (int k = 0; k < invalid.length; k++) {
            if (invalid[k] == null) {
                continue;
            }
            String code = areas.get(k).text("code");
            flagged.add(code);
            for (int p = 0; p < invalid[k].getNumGeometries(); p++) {
                Geometry piece = invalid[k].getGeometryN(p);
                assertTrue(planted.stream().anyMatch(d -> d.codes().contains(code) && piece.distance(d.at()) < 120),
                        "unplanted coverage defect of " + code + " at " + piece.getCentroid());
            }
        }
        Set<String> expected = planted.stream().flatMap(d -> d.codes().stream()).collect(Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(expected, flagged);
    }

    @Test
    void areasOverlapOnlyWherePlanted() {
        STRtree index = new STRtree();
        for (int k = 0; k < areas.size(); k++) {
            index.insert(areas.get(k).geometry().getEnvelopeInternal(), k);
        }
        Map<String, Geometry> overlaps = new HashMap<>();
        for (int k = 0; k < areas.size(); k++) {
            Geometry a = areas.get(k).geometry();
            for (Object o : index.query(a.getEnvelopeInternal())) {
                int other = (Integer) o;
                if (other > k) {
                    Geometry common = a.intersection(areas.get(other).geometry());
                    if (common.getArea() > 0.001) {
                        overlaps.put(areas.get(k).text("code") + ";" + areas.get(other).text("code"), common);
                    }
                }
            }
        }
        List<Defect> planted = ofKind("overlap");
        assertEquals(planted.size(), overlaps.size(), overlaps.keySet().toString());
        for (Defect d : planted) {
            Geometry common = overlaps.entrySet().stream().filter(e -> Set.of(e.getKey().split(";")).equals(Set.copyOf(d.codes())))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("no overlap for " + d.id()));
            assertTrue(common.distance(d.at()) < 0.01, d.id());
            assertEquals(d.size(), common.getArea(), 0.05, d.id());
        }
    }

    @Test
    void gapsBetweenAreasAreExactlyThePlantedOnes() {
        Geometry district = CoverageUnion.union(streets.stream().map(DeliveryFile.Feature::geometry).toArray(Geometry[]::new));
        Geometry covered = UnaryUnionOp.union(areas.stream().map(DeliveryFile.Feature::geometry).toList());
        Geometry uncovered = district.difference(covered);
        List<Polygon> gaps = new ArrayList<>();
        for (int k = 0; k < uncovered.getNumGeometries(); k++) {
            if (uncovered.getGeometryN(k).getArea() > 0.001) {
                gaps.add((Polygon) uncovered.getGeometryN(k));
            }
        }
        List<Defect> planted = ofKind("gap");
        assertEquals(planted.size(), gaps.size());
        for (Defect d : planted) {
            Polygon gap = gaps.stream().filter(g -> g.distance(d.at()) < 0.01).findFirst()
                    .orElseThrow(() -> new AssertionError("no gap at " + d.id()));
            assertEquals(d.size(), gap.getArea(), 0.05, d.id());
        }
        assertTrue(covered.difference(district).getArea() < 0.001, "areas reach outside the streets");
    }

    @Test
    void eachStreetEqualsItsAreasApartFromThePlantedGaps() {
        for (DeliveryFile.Feature street : streets) {
            String code = street.text("code");
            Geometry union = UnaryUnionOp.union(areas.stream().filter(a -> a.text("street_code").equals(code))
                    .map(DeliveryFile.Feature::geometry).toList());
            double plantedGaps = ofKind("gap").stream().filter(d -> d.codes().get(0).startsWith(code)).mapToDouble(Defect::size).sum();
            assertEquals(plantedGaps, street.geometry().symDifference(union).getArea(), 0.05, code);
        }
    }

    @Test
    void sliverIsAThinSeparatePartInsideItsNeighbourWhichHasTheHole() {
        for (Defect d : ofKind("sliver")) {
            Geometry owner = area(d.codes().get(0));
            Geometry host = area(d.codes().get(1));
            Geometry part = parts(owner).stream().filter(p -> p.distance(d.at()) < 0.01).findFirst().orElseThrow();
            assertTrue(owner.getNumGeometries() >= 2, d.id());
            assertTrue(part.getArea() / part.getLength() < 0.2, d.id() + " is not thin");
            Polygon hostPart = (Polygon) parts(host).stream().filter(p -> p.getEnvelopeInternal().contains(d.at().getCoordinate()))
                    .findFirst().orElseThrow();
            assertTrue(hostPart.getNumInteriorRing() >= 1 && !hostPart.contains(d.at()), d.id());
        }
        // no other area has a thin part
        for (DeliveryFile.Feature a : areas) {
            for (Geometry p : parts(a.geometry())) {
                if (p.getArea() / p.getLength() < 0.2) {
                    assertTrue(ofKind("sliver").stream().anyMatch(d -> p.distance(d.at()) < 0.01), a.text("code"));
                }
            }
        }
    }

    @Test
    void enclaveIsASecondPartInsideItsHostWhichHasTheMatchingHole() {
        Defect d = ofKind("enclave").get(0);
        Geometry owner = area(d.codes().get(0));
        Geometry host = area(d.codes().get(1));
        Geometry part = parts(owner).stream().filter(p -> p.contains(d.at())).findFirst().orElseThrow();
        assertEquals(d.size(), part.getArea(), 0.05);
        Polygon hole = FACTORY.createPolygon(((Polygon) parts(host).stream()
                .filter(p -> ((Polygon) p).getNumInteriorRing() > 0 && p.getEnvelopeInternal().contains(d.at().getCoordinate()))
                .findFirst().orElseThrow()).getInteriorRingN(0).getCoordinates());
        assertTrue(hole.equalsTopo(part) || hole.symDifference(part).getArea() < 0.001, "hole and enclave differ");
        long multiPart = areas.stream().filter(a -> a.geometry().getNumGeometries() > 1).count();
        assertEquals(2, multiPart, "only the enclave owner and the sliver owner have several parts");
    }

    @Test
    void everyBuildingLiesInExactlyOneAreaExceptThePlantedCuts() {
        STRtree index = new STRtree();
        for (DeliveryFile.Feature a : areas) {
            index.insert(a.geometry().getEnvelopeInternal(), a);
        }
        Set<String> cuts = ofKind("building_cut").stream().map(d -> d.codes().get(0)).collect(Collectors.toSet());
        List<String> wrong = new ArrayList<>();
        for (DeliveryFile.Feature b : buildings) {
            List<String> holders = new ArrayList<>();
            for (Object o : index.query(b.geometry().getEnvelopeInternal())) {
                DeliveryFile.Feature a = (DeliveryFile.Feature) o;
                if (a.geometry().intersects(b.geometry()) && a.geometry().intersection(b.geometry()).getArea() > 0) {
                    holders.add(a.text("code"));
                }
            }
            boolean cut = cuts.contains(b.text("bid"));
            if (cut ? holders.size() != 2 : holders.size() != 1 || !holders.get(0).equals(b.text("bid").substring(0, 12))) {
                wrong.add(b.text("bid") + " in " + holders);
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(3, cuts.size());
    }

    @Test
    void noBuildingTouchesARoadCorridorOrWater() throws IOException {
        Map<String, Double> widths = Map.of("主干路", 40.0, "次干路", 30.0, "支路", 16.0, "乡村道路", 6.0, "铁路", 20.0);
        STRtree index = new STRtree();
        for (DeliveryFile.Feature r : DeliveryFile.read(CommittedDistrictTest.DELIVERY, "road")) {
            Geometry corridor = r.geometry().buffer(widths.get(r.text("class")) / 2, 2);
            index.insert(corridor.getEnvelopeInternal(), corridor);
        }
        for (DeliveryFile.Feature w : DeliveryFile.read(CommittedDistrictTest.DELIVERY, "water")) {
            for (Geometry part : parts(w.geometry())) {
                index.insert(part.getEnvelopeInternal(), part);
            }
        }
        List<String> touching = new ArrayList<>();
        for (DeliveryFile.Feature b : buildings) {
            for (Object o : index.query(b.geometry().getEnvelopeInternal())) {
                if (((Geometry) o).intersects(b.geometry())) {
                    touching.add(b.text("bid"));
                }
            }
        }
        assertEquals(List.of(), touching);
    }

    @Test
    void onlyThePlantedTowerHoldsMoreThan999Households() {
        List<String> oversized = buildings.stream().filter(b -> b.integer("households") > 999).map(b -> b.text("bid")).toList();
        assertEquals(ofKind("high_rise_over_999").stream().map(d -> d.codes().get(0)).toList(), oversized);
        DeliveryFile.Feature tower = buildings.stream().filter(b -> b.text("bid").equals(oversized.get(0))).findFirst().orElseThrow();
        assertEquals("住宅", tower.text("use"));
        assertEquals(33, tower.integer("floors"));
    }

    @Test
    void demolitionZoneIsMarkedInLanduseAndStillHousesRegisteredHouseholds() throws IOException {
        List<DeliveryFile.Feature> zones = DeliveryFile.read(CommittedDistrictTest.DELIVERY, "landuse").stream()
                .filter(l -> l.text("dlmc").equals(BlockFiller.DEMOLITION_DLMC)).toList();
        Defect d = ofKind("demolition_zone").get(0);
        assertTrue(zones.stream().anyMatch(z -> z.geometry().distance(d.at()) < 0.01));
        assertTrue(zones.stream().allMatch(z -> z.text("dlbm").equals("0702")));
        Geometry zone = UnaryUnionOp.union(zones.stream().map(DeliveryFile.Feature::geometry).toList());
        long households = buildings.stream().filter(b -> zone.contains(b.geometry()))
                .filter(b -> b.text("use").equals("住宅")).mapToLong(b -> b.integer("households")).sum();
        assertTrue(households > 50, households + " households in the demolition zone");
        assertTrue(zone.getArea() > 0 && Math.abs(zone.getArea() - d.size()) < 1, "size of " + d.id());
    }

    private static List<Geometry> parts(Geometry g) {
        List<Geometry> parts = new ArrayList<>();
        for (int k = 0; k < g.getNumGeometries(); k++) {
            parts.add(g.getGeometryN(k));
        }
        return parts;
    }
}
