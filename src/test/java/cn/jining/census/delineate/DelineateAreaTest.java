package cn.jining.census.delineate;

import static cn.jining.census.delineate.Wkt.assertTiles;
import static cn.jining.census.delineate.Wkt.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;

/**
 * One made-up area run end to end: 400 × 300 m cut by 建设路 (north–south) and 富民街 (east–west),
 * the 洸府河 along its eastern edge, rows of houses, one 300-household tower, a demolition zone and
 * an enclave of three houses.
 */
class DelineateAreaTest {

    private static final DelineationSettings S = DelineationSettings.DEFAULTS;
    private static final String AREA = "370871001001";
    private static AreaInput input;
    private static AreaDelineation result;

    private static String box(double x0, double y0, double x1, double y1) {
        return "POLYGON ((" + x0 + " " + y0 + ", " + x1 + " " + y0 + ", " + x1 + " " + y1 + ", " + x0 + " " + y1 + ", "
                + x0 + " " + y0 + "))";
    }

    @BeforeAll
    static void delineate() {
        List<AreaInput.Building> buildings = new ArrayList<>();
        // houses of 6 households in rows, skipping the roads at x=200 and y=150 and the tower's plot
        for (int x = 10; x < 380; x += 20) {
            for (int y = 10; y < 290; y += 20) {
                boolean onRoad = Math.abs(x + 6 - 200) < 12 || Math.abs(y + 5 - 150) < 12;
                boolean towerPlot = x > 250 && x < 330 && y > 190 && y < 270;
                if (!onRoad && !towerPlot) {
                    buildings.add(new AreaInput.Building("h" + x + "_" + y, read(box(x, y, x + 12, y + 10)), 6, "estimate", "住宅", 2, null));
                }
            }
        }
        buildings.add(new AreaInput.Building("tower", read(box(270, 210, 310, 250)), 300, "公安户籍", "住宅", 30, 800));
        for (int i = 0; i < 3; i++) {
            buildings.add(new AreaInput.Building("enclave" + i, read(box(1010 + i * 20, 10, 1022 + i * 20, 20)), 5, "estimate", "住宅", 1, null));
        }
        List<AreaInput.Barrier> barriers = List.of(
                new AreaInput.Barrier("建设路", AreaInput.BarrierKind.ROAD, read("LINESTRING (200 -20, 200 320)")),
                new AreaInput.Barrier("富民街", AreaInput.BarrierKind.ROAD, read("LINESTRING (-20 150, 420 150)")),
                new AreaInput.Barrier("洸府河", AreaInput.BarrierKind.WATER, read("POLYGON ((400 -20, 430 -20, 430 320, 400 320, 400 -20))")));
        Geometry demolition = read(box(20, 220, 120, 290));
        input = new AreaInput(AREA, "测试社区",
                read("MULTIPOLYGON (((0 0, 400 0, 400 300, 0 300, 0 0)), ((1000 0, 1080 0, 1080 40, 1000 40, 1000 0)))"),
                barriers, buildings, List.of(demolition),
                List.of(new AreaInput.Neighbour("370871001002", "北邻社区", read(box(0, 300, 400, 400))),
                        new AreaInput.Neighbour("370871001003", "西邻村", read(box(-100, 0, 0, 300)))));
        result = new DelineateArea(S).run(input);
    }

    private static List<AreaDelineation.Subarea> tiles() {
        return result.subareas().stream().filter(s -> !s.virtual() && s.verticalOf() == null).toList();
    }

    @Test
    void numberedSubareasTileTheArea() {
        List<Polygon> polygons = new ArrayList<>();
        tiles().forEach(s -> PolygonExtracter.getPolygons(s.geometry(), polygons));
        assertTiles(input.geometry(), polygons);
        for (AreaDelineation.Subarea s : tiles()) {
            assertEquals(1, s.geometry().getNumGeometries(), s.code() + " is one polygon");
        }
    }

    @Test
    void everyBuildingIsRegisteredOnceAndNoHouseholdIsLost() {
        Map<String, Integer> outsideVertical = new HashMap<>();
        int households = 0;
        for (AreaDelineation.Subarea s : result.subareas()) {
            assertEquals(s.members().stream().mapToInt(AreaDelineation.Member::households).sum(), s.households(), s.code());
            households += s.households();
            if (s.verticalOf() == null) {
                s.members().forEach(m -> outsideVertical.merge(m.bid(), 1, Integer::sum));
            }
        }
        assertEquals(input.buildings().stream().mapToInt(AreaInput.Building::households).sum(), households);
        assertEquals(input.buildings().size(), outsideVertical.size());
        assertTrue(outsideVertical.values().stream().allMatch(c -> c == 1));
    }

    @Test
    void codesAreUniqueAndWellFormedWithVirtualOnesFrom900() {
        Set<String> codes = new HashSet<>();
        for (AreaDelineation.Subarea s : result.subareas()) {
            assertTrue(s.code().matches(AREA + "\\d{3}"), s.code());
            assertTrue(codes.add(s.code()));
            assertEquals(s.virtual(), s.code().charAt(12) == '9', s.code());
        }
        assertEquals(AREA + "001", result.subareas().get(0).code());
    }

    @Test
    void towerIsSplitVerticallyIntoPartsInsideTheBand() {
        List<AreaDelineation.Subarea> parts = result.subareas().stream().filter(s -> s.verticalOf() != null).toList();
        assertEquals(2, parts.size(), parts.toString());
        for (AreaDelineation.Subarea p : parts) {
            assertTrue(S.inBand(p.households()));
            assertEquals("tower", p.members().get(0).bid());
            assertTrue(p.members().get(0).part().endsWith("层"));
            AreaDelineation.Subarea base = result.subareas().stream().filter(s -> s.code().equals(p.verticalOf())).findFirst().orElseThrow();
            assertTrue(base.members().stream().anyMatch(m -> m.bid().equals("tower")));
            assertTrue(base.geometry().covers(p.geometry()));
        }
    }

    @Test
    void demolitionZoneHouseholdsFormAVirtualSubareaWithoutGeometry() {
        List<AreaDelineation.Subarea> virtual = result.subareas().stream().filter(AreaDelineation.Subarea::virtual).toList();
        assertEquals(1, virtual.size());
        AreaDelineation.Subarea v = virtual.get(0);
        assertEquals(AREA + "900", v.code());
        assertNull(v.geometry());
        // 5 × 3 houses stand at least half inside the zone
        assertEquals(15 * 6, v.households());
    }

    @Test
    void mostSubareasAreInsideTheBandAndTheOthersSayWhy() {
        List<AreaDelineation.Subarea> numbered = result.subareas().stream().filter(s -> !s.virtual()).toList();
        long inBand = numbered.stream().filter(s -> S.inBand(s.households())).count();
        assertTrue(inBand >= 0.8 * numbered.size(), inBand + " of " + numbered.size() + ": "
                + numbered.stream().map(s -> s.code().substring(12) + "=" + s.households()).toList());
        for (AreaDelineation.Subarea s : numbered) {
            assertEquals(!S.inBand(s.households()), s.exception() != null, s.code() + " " + s.households() + " " + s.exception());
        }
        AreaDelineation.Subarea enclave = tiles().stream().filter(s -> s.geometry().getEnvelopeInternal().getMinX() >= 1000)
                .findFirst().orElseThrow();
        assertEquals(15, enclave.households());
        assertTrue(enclave.exception().startsWith("飞地"), enclave.exception());
    }

    @Test
    void sizhiNamesTheRoadsTheRiverAndTheNeighbours() {
        AreaDelineation.Subarea first = result.subareas().get(0);
        assertNotNull(first.sizhi());
        String all = String.join("|", tiles().stream().map(s -> s.sizhi().text()).toList());
        assertTrue(all.contains("东至洸府河"), all);
        assertTrue(all.contains("北至北邻社区"), all);
        assertTrue(all.contains("西至西邻村"), all);
        assertTrue(all.contains("建设路"), all);
        assertTrue(all.contains("富民街"), all);
        assertTrue(first.sizhi().text().matches("东至.+，南至.+，西至.+，北至.+"), first.sizhi().text());
    }

    @Test
    void numberingStartsInTheNorthWest() {
        Geometry first = result.subareas().get(0).geometry();
        assertTrue(first.getInteriorPoint().getY() > 150 && first.getInteriorPoint().getX() < 200,
                first.getInteriorPoint().toText());
    }

    @Test
    void threeTowersOf66BecomeALandSubareaAndAFloorLayer() {
        // a compound with no road through it: whole towers make 66 or 132, never 80–100
        List<AreaInput.Building> towers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            towers.add(new AreaInput.Building("t" + i, read(box(10 + i * 30, 20, 30 + i * 30, 40)), 66, "estimate", "住宅", 11, null));
        }
        AreaInput compound = new AreaInput(AREA, "塔楼小区", read(box(0, 0, 100, 60)), List.of(), towers, List.of(), List.of());
        List<AreaDelineation.Subarea> subareas = new DelineateArea(S).run(compound).subareas();

        assertEquals(List.of(AREA + "001", AREA + "002"), subareas.stream().map(AreaDelineation.Subarea::code).toList(),
                subareas.stream().map(s -> s.code() + " " + s.households() + " " + s.verticalOf() + " " + s.members()).toList().toString());
        AreaDelineation.Subarea land = subareas.get(0);
        AreaDelineation.Subarea layer = subareas.get(1);
        assertNull(land.verticalOf());
        assertEquals(land.code(), layer.verticalOf());
        assertTrue(S.inBand(land.households()) && S.inBand(layer.households()), land.households() + " + " + layer.households());
        assertNull(land.exception());
        assertNull(layer.exception());
        assertTrue(layer.geometry().equalsTopo(towers.stream().map(AreaInput.Building::geometry)
                .reduce(Geometry::union).orElseThrow()), "the layer repeats the three footprints");
        Map<String, Integer> households = new HashMap<>();
        for (AreaDelineation.Subarea s : subareas) {
            s.members().forEach(m -> households.merge(m.bid(), m.households(), Integer::sum));
        }
        assertEquals(Map.of("t0", 66, "t1", 66, "t2", 66), households, "every household once");
        assertEquals(3, land.members().size(), "the land registers every tower");
    }
}
