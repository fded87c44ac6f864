package cn.jining.census.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureResultSet;
import mil.nga.geopackage.features.user.FeatureRow;

/**
 * The bundled delivery read straight from its GeoPackage into a {@link CoverageSnapshot}, for
 * tests and benchmarks of the pure checks without a database. Its file is named by the system
 * property {@code census.map-data} (default {@code map-data/jining-hitech.gpkg}); households
 * are the delivery's estimates (the administrative records are a database matter).
 */
final class MapData {

    static final Path DELIVERY = Path.of(System.getProperty("census.map-data", "map-data/jining-hitech.gpkg"));
    static final Path PLANTED = DELIVERY.resolveSibling("planted-defects.csv");
    static final Path DIVISIONS = DELIVERY.resolveSibling("divisions.csv");
    /** The land-use name a delivery marks a demolition zone with. */
    static final String DEMOLITION = "拆迁区";

    private MapData() {
    }

    static boolean present() {
        return Files.isRegularFile(DELIVERY) && Files.isRegularFile(PLANTED);
    }

    static CoverageSnapshot read() throws IOException {
        return read(DELIVERY, reference());
    }

    /** Any delivery in the schema, with the reference list given (empty: none). */
    static CoverageSnapshot read(Path delivery, List<ReferenceDivision> reference) throws IOException {
        WKBReader wkb = new WKBReader(new GeometryFactory(new PrecisionModel(), 4548));
        List<Unit> units = new ArrayList<>();
        List<BuildingFootprint> buildings = new ArrayList<>();
        List<Geometry> demolition = new ArrayList<>();
        GeoPackage gpkg = GeoPackageManager.open(delivery.toFile(), false);
        try {
            for (String layer : List.of("street", "area")) {
                forEach(gpkg, layer, wkb, (row, g) -> units.add(new Unit((String) row.getValue("code"),
                        (String) row.getValue("name"), g, 0, false, null, null)));
            }
            forEach(gpkg, "building", wkb, (row, g) -> {
                String bid = (String) row.getValue("bid");
                buildings.add(new BuildingFootprint(bid, bid.substring(0, 9), (String) row.getValue("use"),
                        ((Number) row.getValue("households")).intValue(), g));
            });
            forEach(gpkg, "landuse", wkb, (row, g) -> {
                if (DEMOLITION.equals(row.getValue("dlmc"))) {
                    demolition.add(g);
                }
            });
        } finally {
            gpkg.close();
        }
        return new CoverageSnapshot(units, buildings, Map.of(), demolition, reference, Optional.empty());
    }

    /** The published list as copied into map-data: level,code,name,parent_code. */
    static List<ReferenceDivision> reference() throws IOException {
        List<ReferenceDivision> reference = new ArrayList<>();
        for (String line : Files.readAllLines(DIVISIONS, StandardCharsets.UTF_8)) {
            String[] f = line.split(",");
            if (f.length >= 3 && f[1].matches("\\d+")) {
                reference.add(new ReferenceDivision(f[1], f[2]));
            }
        }
        return reference;
    }

    private interface RowConsumer {
        void accept(FeatureRow row, Geometry geometry);
    }

    private static void forEach(GeoPackage gpkg, String table, WKBReader wkb, RowConsumer consumer) throws IOException {
        FeatureDao dao = gpkg.getFeatureDao(table);
        FeatureResultSet rs = dao.queryForAll();
        try {
            while (rs.moveToNext()) {
                FeatureRow row = rs.getRow();
                try {
                    consumer.accept(row, wkb.read(row.getGeometry().getWkb()));
                } catch (ParseException e) {
                    throw new IOException(table + " row " + row.getId(), e);
                }
            }
        } finally {
            rs.close();
        }
    }
}
