package cn.jining.census.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.io.WKTReader;

import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;

class DeliveryWriterTest {

    private static final WKTReader WKT = new WKTReader(new GeometryFactory());

    @TempDir
    Path folder;

    @Test
    void emptyDeliveryStillHasAllSixLayersRegistered() throws Exception {
        Path file = folder.resolve("empty.gpkg");
        DeliveryWriter.create(file, 4548).close();
        assertEquals(6L, ((Number) DeliveryFile.value(file, "SELECT count(*) FROM gpkg_contents WHERE data_type = 'features'")).longValue());
        assertEquals("MULTIPOLYGON", DeliveryFile.value(file, "SELECT geometry_type_name FROM gpkg_geometry_columns WHERE table_name = 'building'"));
        assertEquals("MULTILINESTRING", DeliveryFile.value(file, "SELECT geometry_type_name FROM gpkg_geometry_columns WHERE table_name = 'road'"));
        assertEquals("geom", DeliveryFile.value(file, "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'area'"));
        assertEquals(DeliveryWriter.LAST_CHANGE, DeliveryFile.value(file, "SELECT last_change FROM gpkg_contents WHERE table_name = 'street'"));
        assertEquals(0x47504B47, ((Number) DeliveryFile.value(file, "PRAGMA application_id")).intValue());
        assertEquals(10200, ((Number) DeliveryFile.value(file, "PRAGMA user_version")).intValue());
        assertEquals(0L, ((Number) DeliveryFile.value(file, "SELECT count(*) FROM landuse")).longValue());
    }

    @Test
    void singlePartsArePromotedToTheLayersMultiType() throws Exception {
        Path file = folder.resolve("promoted.gpkg");
        try (DeliveryWriter writer = DeliveryWriter.create(file, 4548)) {
            writer.building("B1", 6, "住宅", 24, "海川路1号", WKT.read("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"));
            writer.road("海川路", "主干路", WKT.read("LINESTRING (0 0, 100 0)"));
        }
        Geometry building = DeliveryFile.read(file, "building").get(0).geometry();
        assertTrue(building instanceof MultiPolygon);
        assertEquals(100, building.getArea(), 1e-9);
        assertTrue(DeliveryFile.read(file, "road").get(0).geometry() instanceof MultiLineString);
        assertEquals(0.0, ((Number) DeliveryFile.value(file, "SELECT min_x FROM gpkg_contents WHERE table_name = 'building'")).doubleValue());
        assertEquals(10.0, ((Number) DeliveryFile.value(file, "SELECT max_y FROM gpkg_contents WHERE table_name = 'building'")).doubleValue());
    }

    @Test
    void invalidAndNaNGeometriesAreWrittenAsGiven() throws Exception {
        Path file = folder.resolve("broken.gpkg");
        try (DeliveryWriter writer = DeliveryWriter.create(file, 4548)) {
            writer.area("370871001001", "东闸社区居民委会", "370871001", "社区",
                    WKT.read("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"));
            writer.area("370871001002", "西闸社区居民委会", "370871001", "社区",
                    WKT.read("POLYGON ((0 0, NaN NaN, 1 1, 0 0))"));
            writer.area("370871001003", "王庄社区居民委员会", "370871001", "社区", WKT.read("POLYGON EMPTY"));
        }
        List<DeliveryFile.Feature> areas = DeliveryFile.read(file, "area");
        assertEquals(3, areas.size());
        assertFalse(areas.get(0).geometry().isValid());
        assertTrue(Double.isNaN(areas.get(1).geometry().getCoordinates()[1].x));
        assertTrue(areas.get(2).geometry().isEmpty());
        assertEquals("370871001", areas.get(0).text("street_code"));
    }

    @ParameterizedTest
    @ValueSource(ints = {4548, 4527, 4490})
    void declaredSystemIsDefinedByItsEpsgWkt(int srid) throws Exception {
        Path file = folder.resolve("srs-" + srid + ".gpkg");
        DeliveryWriter.create(file, srid).close();
        String wkt = (String) DeliveryFile.value(file, "SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = " + srid);
        assertTrue(wkt.endsWith("AUTHORITY[\"EPSG\",\"" + srid + "\"]]"), wkt);
        assertEquals(srid, ((Number) DeliveryFile.value(file, "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'water'")).intValue());
        assertEquals(srid, ((Number) DeliveryFile.value(file, "SELECT srs_id FROM gpkg_contents WHERE table_name = 'water'")).intValue());
    }

    @Test
    void systemsOtherThanTheThreeCgcs2000OnesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DeliveryWriter.create(folder.resolve("x.gpkg"), 3857));
    }

    @Test
    void ngaGeoPackageLibraryReadsTheFile() throws Exception {
        Path file = folder.resolve("nga.gpkg");
        try (DeliveryWriter writer = DeliveryWriter.create(file, 4548)) {
            writer.street("370871001", "洸河街道", WKT.read("POLYGON ((470000 3920000, 471000 3920000, 471000 3921000, 470000 3920000))"));
        }
        GeoPackage geoPackage = GeoPackageManager.open(file.toFile());
        try {
            assertEquals(6, geoPackage.getFeatureTables().size());
            assertEquals(1, geoPackage.getFeatureDao("street").count());
            assertEquals(4548L, geoPackage.getFeatureDao("street").getSrsId());
        } finally {
            geoPackage.close();
        }
    }
}
