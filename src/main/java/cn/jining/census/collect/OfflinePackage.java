package cn.jining.census.collect;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import cn.jining.census.store.NamedStatement;
import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import mil.nga.sf.wkb.GeometryReader;

/**
 * The offline package of an assignment: an OGC GeoPackage in EPSG:4326 with four layers the app
 * draws without a network.
 *
 * <ul>
 * <li>{@code subareas}: the subareas in the caller's scopes (code, area_code, households, sizhi
 * as JSON text, version); virtual subareas and vertical parts have no outline of their own;</li>
 * <li>{@code buildings}: the buildings they register (bid, subarea_code, number, floors, use,
 * households, address, version), and no other building;</li>
 * <li>{@code roads} and {@code water} with their names: every feature reaching into the
 * subareas' bounding box grown by {@code census.app.package-margin} metres.</li>
 * </ul>
 *
 * <p>The package's {@link #etag} is computed from the versions of what it holds (subareas,
 * buildings, households, the latest accepted import), so asking whether a package changed costs
 * one query and no file. Progress reports are not in the package: they change every minute and
 * the app reads them from {@code /api/v1/app/me}.
 */
@ApplicationScoped
public class OfflinePackage {

    /** Bumped when the package's layout changes, so that phones holding the old layout reload. */
    private static final String LAYOUT = "1";

    /** A layer; {@code nearby} when it holds what lies around the subareas, not what they register. */
    private record LayerSpec(String table, GeometryType type, List<String> columns, String sql, boolean nearby) {
    }

    private static final String EXTENT = """
            WITH e AS (SELECT ST_Expand(ST_SetSRID(ST_Extent(geom)::geometry, 4548), :margin) AS box
                         FROM subarea WHERE code LIKE ANY (CAST(:prefixes AS text[])) AND geom IS NOT NULL)
            """;

    private static final List<LayerSpec> LAYERS = List.of(
            new LayerSpec("subareas", GeometryType.MULTIPOLYGON,
                    List.of("code", "area_code", "households:int", "sizhi", "version:int"), """
                    SELECT ST_AsBinary(ST_Transform(geom, 4326)), code, area_code, households, sizhi::text, version
                      FROM subarea
                     WHERE code LIKE ANY (CAST(:prefixes AS text[])) AND geom IS NOT NULL AND vertical_of IS NULL
                     ORDER BY code
                    """, false),
            new LayerSpec("buildings", GeometryType.MULTIPOLYGON,
                    List.of("bid", "subarea_code", "number:int", "floors:int", "use", "households:int", "address", "version:int"), """
                    SELECT ST_AsBinary(ST_Transform(b.geom, 4326)), b.bid, sb.subarea_code,
                           row_number() OVER (PARTITION BY sb.subarea_code ORDER BY b.bid),
                           b.floors, b.use, sb.households, b.address, b.version
                      FROM subarea_building sb JOIN building b ON b.bid = sb.bid
                     WHERE sb.subarea_code LIKE ANY (CAST(:prefixes AS text[]))
                     ORDER BY sb.subarea_code, b.bid
                    """, false),
            new LayerSpec("roads", GeometryType.MULTILINESTRING, List.of("name", "class"), EXTENT + """
                    SELECT ST_AsBinary(ST_Transform(r.geom, 4326)), r.name, r.class
                      FROM road r, e WHERE r.geom && e.box ORDER BY r.district_code, r.fid
                    """, true),
            new LayerSpec("water", GeometryType.MULTIPOLYGON, List.of("name", "kind"), EXTENT + """
                    SELECT ST_AsBinary(ST_Transform(w.geom, 4326)), w.name, w.kind
                      FROM water w, e WHERE w.geom && e.box ORDER BY w.district_code, w.fid
                    """, true));

    private final DataSource dataSource;
    private final AppSettings settings;

    public OfflinePackage(DataSource dataSource, AppSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    /** The entity tag of the package of {@code scopes}: equal tags, equal packages. */
    public String etag(List<String> scopes) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT md5(:layout || :margin || coalesce(string_agg(item, ',' ORDER BY item), ''))
                  FROM (SELECT 's' || code || ':' || version AS item FROM subarea
                         WHERE code LIKE ANY (CAST(:prefixes AS text[]))
                        UNION ALL
                        SELECT 'b' || sb.subarea_code || sb.bid || ':' || b.version || ':' || sb.households
                          FROM subarea_building sb JOIN building b ON b.bid = sb.bid
                         WHERE sb.subarea_code LIKE ANY (CAST(:prefixes AS text[]))
                        UNION ALL
                        SELECT 'i' || coalesce(max(id), 0) FROM import_run WHERE accepted) items
                """)) {
            q.set("layout", LAYOUT).set("margin", String.valueOf(settings.packageMargin())).set("prefixes", prefixes(scopes));
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The package of {@code scopes} as the bytes of a GeoPackage file. */
    public byte[] write(List<String> scopes) throws SQLException, IOException {
        Path dir = Files.createTempDirectory("census-package");
        File file = dir.resolve("assignment.gpkg").toFile();
        try {
            GeoPackageManager.create(file);
            try (GeoPackage gpkg = GeoPackageManager.open(file); Connection c = dataSource.getConnection()) {
                SpatialReferenceSystem srs = gpkg.getSpatialReferenceSystemDao().getOrCreateCode("EPSG", 4326);
                for (LayerSpec layer : LAYERS) {
                    writeLayer(gpkg, srs, c, layer, scopes);
                }
            }
            return Files.readAllBytes(file.toPath());
        } finally {
            Files.deleteIfExists(file.toPath());
            Files.deleteIfExists(dir);
        }
    }

    private void writeLayer(GeoPackage gpkg, SpatialReferenceSystem srs, Connection c, LayerSpec layer,
            List<String> scopes) throws SQLException, IOException {
        GeometryColumns geometryColumns = new GeometryColumns();
        geometryColumns.setTableName(layer.table());
        geometryColumns.setColumnName("geom");
        geometryColumns.setGeometryType(layer.type());
        geometryColumns.setZ((byte) 0);
        geometryColumns.setM((byte) 0);
        geometryColumns.setSrs(srs);
        List<FeatureColumn> columns = new ArrayList<>();
        for (String column : layer.columns()) {
            columns.add(FeatureColumn.createColumn(name(column),
                    column.endsWith(":int") ? GeoPackageDataType.INTEGER : GeoPackageDataType.TEXT));
        }
        gpkg.createFeatureTable(FeatureTableMetadata.create(geometryColumns, columns, new BoundingBox(-180, -90, 180, 90)));
        FeatureDao dao = gpkg.getFeatureDao(layer.table());
        gpkg.beginTransaction();
        try (NamedStatement q = NamedStatement.prepare(c, layer.sql())) {
            q.set("prefixes", prefixes(scopes));
            if (layer.nearby()) {
                q.set("margin", settings.packageMargin());
            }
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    FeatureRow row = dao.newRow();
                    row.setGeometry(GeoPackageGeometryData.createAndBuildEnvelope(srs.getSrsId(),
                            GeometryReader.readGeometry(rs.getBytes(1))));
                    for (int i = 0; i < layer.columns().size(); i++) {
                        Object value = rs.getObject(i + 2);
                        row.setValue(name(layer.columns().get(i)), value instanceof Number n ? (Object) n.longValue() : value);
                    }
                    dao.create(row);
                }
            }
            gpkg.endTransaction(true);
        } catch (SQLException | IOException | RuntimeException e) {
            gpkg.endTransaction(false);
            throw e;
        }
    }

    private static String name(String column) {
        return column.endsWith(":int") ? column.substring(0, column.length() - 4) : column;
    }

    static String[] prefixes(List<String> scopes) {
        return scopes.stream().map(s -> s + "%").toArray(String[]::new);
    }
}
