package cn.jining.census.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.coverage.CoverageGapFinder;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Geometry;

class GenerateDeliveryTest {

    @TempDir
    Path folder;

    @Test
    void regeneratingGivesIdenticalBytes() throws IOException {
        Path first = folder.resolve("first/city.gpkg");
        Path second = folder.resolve("second/city.gpkg");
        GenerateDelivery.city(7, 16, first, 4548);
        GenerateDelivery.city(7, 16, second, 4548);
        assertEquals(sha256(first), sha256(second));
    }

    @Test
    void anotherSeedGivesAnotherLandscape() throws IOException {
        Path one = folder.resolve("one.gpkg");
        Path other = folder.resolve("other.gpkg");
        GenerateDelivery.city(7, 16, one, 4548);
        GenerateDelivery.city(8, 16, other, 4548);
        assertNotEquals(sha256(one), sha256(other));
    }

    @Test
    void districtRegeneratedFromTheDivisionListEqualsTheCommittedFiles() throws IOException {
        Path out = folder.resolve("jining-hitech.gpkg");
        GenerateDelivery.district(CommittedDistrictTest.MAP_DATA.resolve("divisions.csv"), GenerateDelivery.DEFAULT_SEED, out, 4548);
        assertEquals(sha256(CommittedDistrictTest.DELIVERY), sha256(out), "map-data/jining-hitech.gpkg is stale: run bin/generate-map-data");
        for (String csv : List.of("planted-defects.csv", "household-records.csv")) {
            assertEquals(Files.readString(CommittedDistrictTest.MAP_DATA.resolve(csv)), Files.readString(folder.resolve(csv)), csv);
        }
    }

    @Test
    void smallCityIsACleanCoverageOfValidFeatures() throws IOException {
        Path out = folder.resolve("city.gpkg");
        GenerateDelivery.Result result = GenerateDelivery.city(11, 16, out, 4548);
        List<DeliveryFile.Feature> areas = DeliveryFile.read(out, "area");
        assertEquals(result.featuresPerLayer().get("area"), areas.size());
        Geometry[] shapes = areas.stream().map(DeliveryFile.Feature::geometry).toArray(Geometry[]::new);
        for (Geometry invalid : CoverageValidator.validate(shapes, 10)) {
            assertEquals(null, invalid);
        }
        assertTrue(CoverageGapFinder.findGaps(shapes, 10).isEmpty());
        for (DeliveryFile.Feature a : areas) {
            String code = a.text("code");
            assertTrue(code.matches("3708\\d{8}") && code.startsWith(a.text("street_code")), code);
            assertTrue(a.geometry().isValid(), code);
        }
        assertTrue(DeliveryFile.read(out, "building").stream().allMatch(b -> b.geometry().isValid()));
        assertTrue(result.households() > 0);
    }

    @Test
    void geographicDeliveryIsStoredLongitudeFirst() throws IOException {
        Path out = folder.resolve("city-4490.gpkg");
        GenerateDelivery.city(7, 12, out, 4490);
        double minX = ((Number) DeliveryFile.value(out, "SELECT min_x FROM gpkg_contents WHERE table_name = 'area'")).doubleValue();
        double minY = ((Number) DeliveryFile.value(out, "SELECT min_y FROM gpkg_contents WHERE table_name = 'area'")).doubleValue();
        assertTrue(minX > 116 && minX < 117.5, "longitude " + minX);
        assertTrue(minY > 34.5 && minY < 36, "latitude " + minY);
    }

    @Test
    void zonePrefixedDeliveryAddsTheZoneToEasting() throws IOException {
        Path gk = folder.resolve("city-4548.gpkg");
        Path zoned = folder.resolve("city-4527.gpkg");
        GenerateDelivery.city(7, 12, gk, 4548);
        GenerateDelivery.city(7, 12, zoned, 4527);
        String extent = "SELECT min_x FROM gpkg_contents WHERE table_name = 'building'";
        assertEquals(((Number) DeliveryFile.value(gk, extent)).doubleValue() + 39_000_000,
                ((Number) DeliveryFile.value(zoned, extent)).doubleValue(), 1e-6);
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
