package cn.jining.census.serve;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import cn.jining.census.store.NamedStatement;

/**
 * The features of one layer intersecting a bbox, as an RFC 7946 GeoJSON FeatureCollection:
 * EPSG:4326 longitude/latitude rounded to 7 decimals, polygon exteriors counter-clockwise, no
 * {@code crs} member. Features are ordered by their key (code, bid, or district and fid), so that
 * a truncated answer is always the same prefix. A road, water or land-use feature's id is its
 * district and delivery fid ({@code 370871-12}): deliveries of different districts number their
 * features alike.
 *
 * <p>The bbox is first cut to {@link LonLatBox#EPSG_4548_USABLE}, then densified (a point every
 * 0.05°) and projected to EPSG:4548, because its edges are curves there; the spatial index does
 * the rest. Each layer's query is one text block below; they differ only in table, key and
 * properties. Streets and areas carry {@code label_point} {@code [lon, lat]}: the centre of the
 * largest circle inside the outline, where a name fits best even in a bent or hollow polygon
 * (a centroid can fall outside it).
 */
@ApplicationScoped
public class LayerQuery {

    /**
     * One answer.
     *
     * @param json      the FeatureCollection text, with members {@code numberReturned} and
     *                  {@code truncated} added
     * @param truncated true when more features intersect the bbox than the limit let through
     */
    public record FeatureCollection(String json, int numberReturned, boolean truncated) {
    }

    private final DataSource dataSource;

    public LayerQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param limit at most this many features (at least 1); one more is read to detect truncation
     * @param scope of a census-work layer, the features the caller may see
     */
    public FeatureCollection features(MapLayer layer, LonLatBox bbox, int limit, TileScope scope) throws SQLException {
        StringBuilder features = new StringBuilder();
        int count = 0;
        boolean truncated = false;
        var usable = bbox.intersection(LonLatBox.EPSG_4548_USABLE);
        if (usable.isPresent()) {
            LonLatBox box = usable.get();
            try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql(layer))) {
                q.set("west", box.west()).set("south", box.south()).set("east", box.east()).set("north", box.north())
                        .set("limit", limit + 1);
                if (layer.censusWork()) {
                    q.set("scopes", scope.sqlArray());
                }
                try (ResultSet rs = q.statement().executeQuery()) {
                    while (rs.next()) {
                        if (count == limit) {
                            truncated = true;
                            break;
                        }
                        features.append(count == 0 ? "" : ",").append(rs.getString(1));
                        count++;
                    }
                }
            }
        }
        String json = "{\"type\":\"FeatureCollection\",\"numberReturned\":" + count + ",\"truncated\":" + truncated
                + ",\"features\":[" + features + "]}";
        return new FeatureCollection(json, count, truncated);
    }

    private static String sql(MapLayer layer) {
        return switch (layer) {
            case STREET -> """
                    WITH box AS (
                        SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS geom
                    ), hit AS (
                        SELECT s.code, s.name, s.geom
                          FROM street s, box
                         WHERE s.geom && box.geom AND ST_Intersects(s.geom, box.geom)
                         ORDER BY s.code
                         LIMIT :limit
                    )
                    SELECT json_build_object(
                               'type', 'Feature',
                               'id', code,
                               'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(geom, 4326)), 7, 0)::json,
                               'properties', json_build_object('code', code, 'name', name,
                                                               'label_point', json_build_array(round(ST_X(label)::numeric, 7),
                                                                                               round(ST_Y(label)::numeric, 7))))::text
                      FROM hit
                     CROSS JOIN LATERAL (SELECT ST_Transform((ST_MaximumInscribedCircle(geom)).center, 4326) AS label) l
                     ORDER BY code
                    """;
            case AREA -> """
                    WITH box AS (
                        SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS geom
                    ), hit AS (
                        SELECT a.code, a.name, a.kind, a.street_code, a.geom
                          FROM area a, box
                         WHERE a.geom && box.geom AND ST_Intersects(a.geom, box.geom)
                         ORDER BY a.code
                         LIMIT :limit
                    )
                    SELECT json_build_object(
                               'type', 'Feature',
                               'id', code,
                               'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(geom, 4326)), 7, 0)::json,
                               'properties', json_build_object('code', code, 'name', name, 'kind', kind,
                                                               'street_code', street_code,
                                                               'label_point', json_build_array(round(ST_X(label)::numeric, 7),
                                                                                               round(ST_Y(label)::numeric, 7))))::text
                      FROM hit
                     CROSS JOIN LATERAL (SELECT ST_Transform((ST_MaximumInscribedCircle(geom)).center, 4326) AS label) l
                     ORDER BY code
                    """;
            case SUBAREA -> """
                    WITH box AS (
                        SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS geom
                    ), hit AS (
                        SELECT s.code, s.area_code, s.street_code, s.households, s.version, s.geom
                          FROM subarea s, box
                         WHERE s.geom && box.geom AND ST_Intersects(s.geom, box.geom)
                           AND s.vertical_of IS NULL
                           AND (CAST(:scopes AS text[]) IS NULL
                                OR EXISTS (SELECT 1 FROM unnest(CAST(:scopes AS text[])) AS sc(scope)
                                            WHERE starts_with(s.code::text, sc.scope)))
                         ORDER BY s.code
                         LIMIT :limit
                    )
                    SELECT json_build_object(
                               'type', 'Feature',
                               'id', code,
                               'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(geom, 4326)), 7, 0)::json,
                               'properties', json_build_object('code', code, 'area_code', area_code,
                                                               'street_code', street_code, 'households', households,
                                                               'version', version))::text
                      FROM hit
                     ORDER BY code
                    """;
            case ROAD -> """
                    WITH box AS (
                        SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS geom
                    ), hit AS (
                        SELECT r.district_code || '-' || r.fid AS feature_id, r.district_code, r.fid, r.name, r.class, r.street_code, r.geom
                          FROM road r, box
                         WHERE r.geom && box.geom AND ST_Intersects(r.geom, box.geom)
                         ORDER BY r.district_code, r.fid
                         LIMIT :limit
                    )
                    SELECT json_build_object(
                               'type', 'Feature',
                               'id', feature_id,
                               'geometry', ST_AsGeoJSON(ST_Transform(geom, 4326), 7, 0)::json,
                               'properties', json_build_object('id', fid, 'name', name, 'class', class,
                                                               'street_code', street_code))::text
                      FROM hit
                     ORDER BY district_code, fid
                    """;
            case WATER -> """
                    WITH box AS (
                        SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS geom
                    ), hit AS (
                        SELECT w.district_code || '-' || w.fid AS feature_id, w.district_code, w.fid, w.name, w.kind, w.street_code, w.geom
                          FROM water w, box
                         WHERE w.geom && box.geom AND ST_Intersects(w.geom, box.geom)
                         ORDER BY w.district_code, w.fid
                         LIMIT :limit
                    )
                    SELECT json_build_object(
                               'type', 'Feature',
                               'id', feature_id,
                               'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(geom, 4326)), 7, 0)::json,
                               'properties', json_build_object('id', fid, 'name', name, 'kind', kind,
                                                               'street_code', street_code))::text
                      FROM hit
                     ORDER BY district_code, fid
                    """;
            case LANDUSE -> """
                    WITH box AS (
                        SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS geom
                    ), hit AS (
                        SELECT l.district_code || '-' || l.fid AS feature_id, l.district_code, l.fid, l.dlbm, l.dlmc, l.street_code, l.geom
                          FROM landuse l, box
                         WHERE l.geom && box.geom AND ST_Intersects(l.geom, box.geom)
                         ORDER BY l.district_code, l.fid
                         LIMIT :limit
                    )
                    SELECT json_build_object(
                               'type', 'Feature',
                               'id', feature_id,
                               'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(geom, 4326)), 7, 0)::json,
                               'properties', json_build_object('id', fid, 'dlbm', dlbm, 'dlmc', dlmc,
                                                               'street_code', street_code))::text
                      FROM hit
                     ORDER BY district_code, fid
                    """;
            case BUILDING -> """
                    WITH box AS (
                        SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS geom
                    ), hit AS (
                        SELECT b.bid, b.floors, b.use, b.households, b.address, b.street_code, b.area_code, b.geom
                          FROM building b, box
                         WHERE b.geom && box.geom AND ST_Intersects(b.geom, box.geom)
                         ORDER BY b.bid
                         LIMIT :limit
                    )
                    SELECT json_build_object(
                               'type', 'Feature',
                               'id', bid,
                               'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(geom, 4326)), 7, 0)::json,
                               'properties', json_build_object('bid', bid, 'floors', floors, 'use', use,
                                                               'households', households, 'address', address,
                                                               'street_code', street_code, 'area_code', area_code))::text
                      FROM hit
                     ORDER BY bid
                    """;
        };
    }
}
