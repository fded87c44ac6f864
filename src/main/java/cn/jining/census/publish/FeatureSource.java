package cn.jining.census.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import cn.jining.census.serve.LonLatBox;
import cn.jining.census.store.NamedStatement;

/**
 * Reads the rows of a {@link PublishedLayer} that a {@link Visibility} lets through: pages of
 * GeoJSON features for the OGC API, one feature by id, and every row for exports.
 *
 * <p>One query template serves every layer; the layer fills in its table, key, attributes and
 * codes, constants of {@link PublishedLayer}, and everything a request supplies is a bound
 * parameter. The bbox is handled as {@link cn.jining.census.serve.LayerQuery} does: cut to
 * {@link LonLatBox#EPSG_4548_USABLE}, densified every 0.05° and projected to EPSG:4548, where the
 * spatial index answers. Features are ordered by their key, so that pages follow each other
 * without gaps or repeats while the data stays unchanged. GeoJSON coordinates are rounded to 7
 * decimals in degrees (about 1 cm) and to 3 in metres; polygon exteriors run counter-clockwise.
 */
@ApplicationScoped
public class FeatureSource {

    /** Degrees of EPSG:4326, the CRS84 of OGC API – Features. */
    public static final int LON_LAT = 4326;
    /** The storage and delivery CRS: CGCS2000 / 3-degree Gauss-Krüger CM 117°E, metres. */
    public static final int GAUSS_KRUEGER_117E = 4548;

    private static final String BOX = """
            WITH box AS (
                SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS geom
            )
            """;
    private static final String SELECTION = """
              FROM {from}, box
             WHERE {condition}
               AND (:anywhere OR (t.geom && box.geom AND ST_Intersects(t.geom, box.geom)))
               AND (:unrestricted OR EXISTS (SELECT 1 FROM unnest({codes}) AS c(code), unnest(CAST(:scopes AS text[])) AS s(scope)
                                              WHERE starts_with(c.code, s.scope)))
               AND (CAST(:id AS text) IS NULL OR {key}::text = :id)
            """;
    private static final String FEATURES = BOX + """
            SELECT json_build_object('type', 'Feature', 'id', {key},
                       'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(t.geom, :srid)), :decimals, 0)::json,
                       'properties', json_build_object({properties}))::text
            """ + SELECTION + """
             ORDER BY {key}
             LIMIT :limit OFFSET :offset
            """;
    private static final String COUNT = BOX + "SELECT count(*)\n" + SELECTION;
    private static final String ROWS = BOX + """
            SELECT {columns}, ST_AsBinary(ST_Transform(t.geom, :srid))
            """ + SELECTION + """
             ORDER BY {key}
            """;
    /** Rows fetched per round trip when a whole layer is streamed. */
    private static final int FETCH_SIZE = 2_000;

    /** One page of features: their GeoJSON texts and how many match in all. */
    public record Page(List<String> features, long numberMatched) {
    }

    /** Receives the rows of an export one by one. */
    @FunctionalInterface
    public interface RowConsumer {
        /**
         * @param values the layer's attributes in {@link PublishedLayer#fields()} order (String,
         *               Integer, Long, Double or Boolean; null when absent)
         * @param wkb    the geometry as WKB in the requested CRS; null for a row without one
         */
        void accept(Object[] values, byte[] wkb) throws Exception;
    }

    /** Receives the features of an export one by one, as GeoJSON text. */
    @FunctionalInterface
    public interface FeatureConsumer {
        void accept(String feature) throws Exception;
    }

    private final DataSource dataSource;

    public FeatureSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Features {@code offset} to {@code offset + limit - 1} in key order, in EPSG:4326, and the
     * number of features matching.
     *
     * @param bbox empty for everywhere
     */
    public Page page(PublishedLayer layer, Optional<LonLatBox> bbox, Visibility visibility, int limit, long offset)
            throws SQLException {
        Optional<LonLatBox> usable = bbox.map(b -> b.intersection(LonLatBox.EPSG_4548_USABLE).orElse(null));
        if (bbox.isPresent() && usable.isEmpty()) {
            return new Page(List.of(), 0);
        }
        List<String> features = new ArrayList<>();
        long matched;
        try (Connection c = dataSource.getConnection()) {
            try (NamedStatement q = NamedStatement.prepare(c, sql(FEATURES, layer))) {
                bind(q, usable, visibility, null).set("srid", LON_LAT).set("decimals", 7).set("limit", limit)
                        .set("offset", offset);
                try (ResultSet rs = q.statement().executeQuery()) {
                    while (rs.next()) {
                        features.add(rs.getString(1));
                    }
                }
            }
            try (NamedStatement q = NamedStatement.prepare(c, sql(COUNT, layer))) {
                bind(q, usable, visibility, null);
                try (ResultSet rs = q.statement().executeQuery()) {
                    rs.next();
                    matched = rs.getLong(1);
                }
            }
        }
        return new Page(features, matched);
    }

    /**
     * The lon/lat extent of the loaded streets, which hold every layer; empty before a delivery is
     * loaded. The same for every layer, so that one query answers the list of collections.
     */
    public Optional<LonLatBox> extent() throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
                  FROM (SELECT ST_Extent(ST_Transform(geom, 4326)) AS e FROM street) s
                 WHERE e IS NOT NULL
                """); ResultSet rs = q.statement().executeQuery()) {
            return rs.next() ? Optional.of(new LonLatBox(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)))
                    : Optional.empty();
        }
    }

    /** The OGC WKT of a coordinate system as PostGIS knows it, for files that declare their CRS. */
    public String wktOf(int srid) throws SQLException {
        try (Connection c = dataSource.getConnection();
                NamedStatement q = NamedStatement.prepare(c, "SELECT srtext FROM spatial_ref_sys WHERE srid = :srid")) {
            q.set("srid", srid);
            try (ResultSet rs = q.statement().executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("PostGIS does not know EPSG:" + srid);
                }
                return rs.getString(1);
            }
        }
    }

    /** True when a district, street, census area or subarea has this code. */
    public boolean divisionExists(String code) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT EXISTS (SELECT 1 FROM street WHERE district_code = :code)
                    OR EXISTS (SELECT 1 FROM street WHERE code = :code)
                    OR EXISTS (SELECT 1 FROM area WHERE code = :code)
                    OR EXISTS (SELECT 1 FROM subarea WHERE code = :code)
                """)) {
            q.set("code", code);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The feature with this id in EPSG:4326; empty when there is none the visibility lets through. */
    public Optional<String> feature(PublishedLayer layer, String id, Visibility visibility) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql(FEATURES, layer))) {
            bind(q, Optional.empty(), visibility, id).set("srid", LON_LAT).set("decimals", 7).set("limit", 1)
                    .set("offset", 0L);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Every visible feature of the layer as GeoJSON in {@code srid} (4326 or 4548), in key order. */
    public void eachFeature(PublishedLayer layer, Visibility visibility, int srid, FeatureConsumer consumer)
            throws Exception {
        stream(layer, FEATURES, visibility, srid, rs -> consumer.accept(rs.getString(1)), q -> q
                .set("decimals", srid == LON_LAT ? 7 : 3).set("limit", Integer.MAX_VALUE).set("offset", 0L));
    }

    /** Every visible row of the layer with its geometry as WKB in {@code srid}, in key order. */
    public void eachRow(PublishedLayer layer, Visibility visibility, int srid, RowConsumer consumer) throws Exception {
        int columns = layer.fields().size();
        stream(layer, ROWS, visibility, srid, rs -> {
            Object[] values = new Object[columns];
            for (int i = 0; i < columns; i++) {
                values[i] = rs.getObject(i + 1);
            }
            consumer.accept(values, rs.getBytes(columns + 1));
        }, q -> q);
    }

    private interface ResultHandler {
        void handle(ResultSet rs) throws Exception;
    }

    private interface Binding {
        NamedStatement bind(NamedStatement q) throws SQLException;
    }

    private void stream(PublishedLayer layer, String template, Visibility visibility, int srid, ResultHandler handler,
            Binding more) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            // a cursor (fetch size without autocommit) keeps a whole layer out of memory
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (NamedStatement q = NamedStatement.prepare(c, sql(template, layer))) {
                more.bind(bind(q, Optional.empty(), visibility, null).set("srid", srid));
                q.statement().setFetchSize(FETCH_SIZE);
                try (ResultSet rs = q.statement().executeQuery()) {
                    while (rs.next()) {
                        handler.handle(rs);
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static NamedStatement bind(NamedStatement q, Optional<LonLatBox> bbox, Visibility visibility, String id)
            throws SQLException {
        LonLatBox box = bbox.orElse(LonLatBox.EPSG_4548_USABLE);
        return q.set("west", box.west()).set("south", box.south()).set("east", box.east()).set("north", box.north())
                .set("anywhere", bbox.isEmpty())
                .set("unrestricted", visibility.unrestricted())
                .set("scopes", visibility.scopes().toArray(String[]::new))
                .set("id", id);
    }

    private static String sql(String template, PublishedLayer layer) {
        String properties = layer.fields().stream().map(f -> "'" + f.name() + "', " + f.sql())
                .collect(Collectors.joining(", "));
        String columns = layer.fields().stream().map(LayerField::sql).collect(Collectors.joining(", "));
        return template.replace("{from}", layer.fromSql()).replace("{condition}", layer.conditionSql())
                .replace("{codes}", layer.codesSql()).replace("{key}", layer.keySql())
                .replace("{properties}", properties).replace("{columns}", columns);
    }
}
