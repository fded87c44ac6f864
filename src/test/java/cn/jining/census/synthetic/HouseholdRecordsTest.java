package cn.jining.census.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.ProjCoordinate;

class HouseholdRecordsTest {

    @Test
    void everyRecordMatchesOneBuildingExceptTheRowsTheReadmeListsAsUnmatched() throws IOException {
        List<DeliveryFile.Feature> buildings = DeliveryFile.read(CommittedDistrictTest.DELIVERY, "building");
        Map<String, DeliveryFile.Feature> byBid = buildings.stream().collect(Collectors.toMap(b -> b.text("bid"), Function.identity()));
        STRtree index = new STRtree();
        buildings.forEach(b -> index.insert(b.geometry().getEnvelopeInternal(), b));
        CoordinateTransform toGaussKruger = DeliveryCrs.geographicToGaussKruger();
        GeometryFactory factory = new GeometryFactory();

        List<String> lines = Files.readAllLines(CommittedDistrictTest.MAP_DATA.resolve("household-records.csv"), StandardCharsets.UTF_8);
        assertEquals("bid,lon,lat,households,persons,source", lines.get(0));
        List<String> unmatched = new ArrayList<>();
        int byPoint = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(6, f.length, line);
            assertTrue(f[0].isEmpty() != f[1].isEmpty(), "either bid or lon/lat: " + line);
            assertTrue(Integer.parseInt(f[3]) > 0 && Integer.parseInt(f[4]) >= Integer.parseInt(f[3]), line);
            assertTrue(Set.of("公安户籍", "房管").contains(f[5]), line);
            if (!f[0].isEmpty()) {
                DeliveryFile.Feature b = byBid.get(f[0]);
                if (b == null) {
                    unmatched.add(f[0]);
                } else {
                    assertEquals("住宅", b.text("use"), line);
                }
                continue;
            }
            byPoint++;
            ProjCoordinate gk = new ProjCoordinate();
            toGaussKruger.transform(new ProjCoordinate(Double.parseDouble(f[1]), Double.parseDouble(f[2])), gk);
            Point at = factory.createPoint(new Coordinate(gk.x, gk.y));
            long hits = index.query(at.getEnvelopeInternal()).stream()
                    .filter(o -> ((DeliveryFile.Feature) o).geometry().contains(at)).count();
            if (hits == 0) {
                unmatched.add(f[1] + "," + f[2]);
            } else {
                assertEquals(1, hits, line);
            }
        }
        assertTrue(lines.size() - 1 >= 200, "a few hundred records");
        assertTrue(byPoint >= 30, "some records located by lon/lat");
        assertEquals(6, unmatched.size(), unmatched.toString());
        String readme = Files.readString(CommittedDistrictTest.MAP_DATA.resolve("README.md"), StandardCharsets.UTF_8);
        for (String row : unmatched) {
            assertTrue(readme.contains(row), "README does not list the unmatched record " + row);
        }
    }
}
