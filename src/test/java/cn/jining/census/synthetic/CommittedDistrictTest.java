package cn.jining.census.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/** The committed district delivery agrees with the division list and the README's figures. */
class CommittedDistrictTest {

    static final Path MAP_DATA = Path.of("map-data");
    static final Path DELIVERY = MAP_DATA.resolve("jining-hitech.gpkg");

    private static List<Division> divisions;
    private static List<DeliveryFile.Feature> streets;
    private static List<DeliveryFile.Feature> areas;
    private static List<DeliveryFile.Feature> buildings;

    @BeforeAll
    static void read() throws IOException {
        divisions = Division.read(MAP_DATA.resolve("divisions.csv"));
        streets = DeliveryFile.read(DELIVERY, "street");
        areas = DeliveryFile.read(DELIVERY, "area");
        buildings = DeliveryFile.read(DELIVERY, "building");
    }

    @Test
    void streetsCarryExactlyTheCodesAndNamesOfTheDivisionList() {
        Map<String, String> expected = divisions.stream().filter(d -> d.level().equals("street"))
                .collect(Collectors.toMap(Division::code, Division::name, (a, b) -> a, TreeMap::new));
        Map<String, String> actual = streets.stream()
                .collect(Collectors.toMap(f -> f.text("code"), f -> f.text("name"), (a, b) -> a + "|duplicate", TreeMap::new));
        assertEquals(5, streets.size());
        assertEquals(expected, actual);
    }

    @Test
    void areasCarryExactlyTheCodesNamesParentsAndKindsOfTheDivisionList() {
        List<String> expected = divisions.stream().filter(d -> d.level().equals("area"))
                .map(d -> d.code() + "," + d.name() + "," + d.parentCode() + "," + d.areaKind()).sorted().toList();
        List<String> actual = areas.stream()
                .map(f -> f.text("code") + "," + f.text("name") + "," + f.text("street_code") + "," + f.text("kind")).sorted().toList();
        assertEquals(123, actual.size());
        assertEquals(expected, actual);
        assertEquals(9, areas.stream().filter(f -> f.text("kind").equals("社区")).count());
    }

    @Test
    void everyFeatureOfEveryLayerIsValid() throws IOException {
        for (String layer : List.of("street", "area", "road", "water", "landuse", "building")) {
            List<DeliveryFile.Feature> features = layer.equals("building") ? buildings : DeliveryFile.read(DELIVERY, layer);
            List<String> invalid = new ArrayList<>();
            for (DeliveryFile.Feature f : features) {
                if (!f.geometry().isValid() || f.geometry().isEmpty()) {
                    invalid.add(f.attributes().toString());
                }
            }
            assertTrue(invalid.isEmpty(), layer + ": " + invalid);
        }
    }

    @Test
    void everyCoordinateLiesOnTheMillimetreGrid() throws IOException {
        for (String layer : List.of("street", "area", "road", "water", "landuse", "building")) {
            List<DeliveryFile.Feature> features = layer.equals("building") ? buildings : DeliveryFile.read(DELIVERY, layer);
            for (DeliveryFile.Feature f : features) {
                for (org.locationtech.jts.geom.Coordinate c : f.geometry().getCoordinates()) {
                    assertTrue(Math.abs(Math.rint(c.x * 1000) - c.x * 1000) < 1e-4
                            && Math.abs(Math.rint(c.y * 1000) - c.y * 1000) < 1e-4, layer + " " + c);
                }
            }
        }
    }

    @Test
    void districtLiesEastOfJiningsCentreInGaussKrugerCm117() {
        Envelope extent = new Envelope();
        streets.forEach(f -> extent.expandToInclude(f.geometry().getEnvelopeInternal()));
        assertTrue(extent.getMinX() > 460_000 && extent.getMaxX() < 490_000, extent.toString());
        assertTrue(extent.getMinY() > 3_913_000 && extent.getMaxY() < 3_930_000, extent.toString());
        double km2 = streets.stream().mapToDouble(f -> f.geometry().getArea()).sum() / 1e6;
        assertTrue(km2 > 200 && km2 < 320, km2 + " km²");
    }

    @Test
    void householdsTotalAbout100000() {
        long households = buildings.stream().mapToLong(f -> f.integer("households")).sum();
        assertTrue(households >= 80_000 && households <= 120_000, households + " households");
        assertTrue(buildings.stream().filter(f -> !f.text("use").equals("住宅")).allMatch(f -> f.integer("households") == 0));
    }

    @Test
    void buildingIdsAreUniqueAndAddressesChinese() {
        Set<String> bids = new HashSet<>();
        for (DeliveryFile.Feature f : buildings) {
            assertTrue(bids.add(f.text("bid")), "duplicate bid " + f.text("bid"));
            assertTrue(f.text("address").matches(".*[\\u4e00-\\u9fff].*\\d+号.*"), f.text("address"));
        }
    }

    @Test
    void noTwoBuildingsOverlap() {
        STRtree index = new STRtree();
        buildings.forEach(b -> index.insert(b.geometry().getEnvelopeInternal(), b));
        List<String> overlapping = new ArrayList<>();
        for (DeliveryFile.Feature b : buildings) {
            for (Object o : index.query(b.geometry().getEnvelopeInternal())) {
                DeliveryFile.Feature other = (DeliveryFile.Feature) o;
                if (other != b && other.geometry().intersects(b.geometry())) {
                    overlapping.add(b.text("bid") + " × " + other.text("bid"));
                }
            }
        }
        assertEquals(List.of(), overlapping);
    }

    @Test
    void villagesHaveOneHouseholdHousesAndCommunitiesHighRises() {
        Set<String> villages = areas.stream().filter(f -> f.text("kind").equals("村")).map(f -> f.text("code")).collect(Collectors.toSet());
        long villageHouses = buildings.stream().filter(f -> villages.contains(f.text("bid").substring(0, 12)))
                .filter(f -> f.integer("households") == 1 && f.integer("floors") <= 2).count();
        long highRises = buildings.stream().filter(f -> !villages.contains(f.text("bid").substring(0, 12)))
                .filter(f -> f.text("use").equals("住宅") && f.integer("floors") >= 11 && f.integer("households") >= 44).count();
        assertTrue(villageHouses > 20_000, villageHouses + " village houses");
        assertTrue(highRises > 150, highRises + " high-rises");
    }

    @Test
    void readmeStatesTheFeatureCountsAndHouseholds() throws IOException {
        String readme = Files.readString(MAP_DATA.resolve("README.md"), StandardCharsets.UTF_8);
        long households = buildings.stream().mapToLong(f -> f.integer("households")).sum();
        assertTrue(readme.contains(String.format("%,d", households)), "README lacks the household total " + households);
        assertTrue(readme.contains(String.format("%,d", buildings.size())), "README lacks the building count " + buildings.size());
    }
}
