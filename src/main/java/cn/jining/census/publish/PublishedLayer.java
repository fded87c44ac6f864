package cn.jining.census.publish;

import static cn.jining.census.publish.LayerField.flag;
import static cn.jining.census.publish.LayerField.integer;
import static cn.jining.census.publish.LayerField.real;
import static cn.jining.census.publish.LayerField.text;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The layers published to GIS clients (OGC API – Features and exports), named as in the tile
 * URLs: {@code streets}, {@code areas}, {@code subareas}, {@code buildings}, {@code roads},
 * {@code water}, {@code landuse}, {@code issues}, {@code assignments} and {@code progress}.
 *
 * <p>Each layer states, as SQL over its row alias {@code t} (and the lateral join {@code j} of the
 * figures a subarea's row carries in {@code assignments} and {@code progress}), its key (the OGC feature id), its
 * attributes, which rows it holds and the division codes a row belongs to ({@link #codesSql()}).
 * A caller sees a row when one of those codes lies inside one of the caller's scopes, the rule of
 * {@link cn.jining.census.security.Caller#mayTouch}. Rows belong to the most precise unit they
 * carry: streets, areas and subareas to their own code; a building to its area and to every
 * subarea registering it (so an enumerator scoped to a subarea sees its buildings); roads, water
 * and land use to the street they are filed under (an area or subarea scope holds none of them);
 * an issue to its area, else its street, else the scope it was found in.
 *
 * <p>{@code subareas}, {@code assignments} and {@code progress} hold the same rows: subareas
 * without the virtual ones (no geometry) and the vertical parts of a split high-rise, whose
 * footprint the main part already carries, as the web map does. {@code assignments} adds who is
 * assigned, as the tile layer of that name (names joined by 、 and roster ids by commas, ordered
 * by id); {@code progress} the registered buildings, those visited (any status but pending), the
 * conflicting reports waiting and completion = visited / buildings, as the tile layer
 * {@code progress}.
 */
public enum PublishedLayer {

    STREETS("streets", "街道", "street t", "t.code", "true", "ARRAY[t.code::text]", GeometryKind.MULTIPOLYGON,
            List.of(text("code", "t.code"), text("name", "t.name"))),
    AREAS("areas", "普查区", "area t", "t.code", "true", "ARRAY[t.code::text]", GeometryKind.MULTIPOLYGON,
            List.of(text("code", "t.code"), text("name", "t.name"), text("kind", "t.kind"), text("street", "t.street_code"))),
    SUBAREAS("subareas", "普查小区", "subarea t", "t.code", Rows.SHOWN_SUBAREAS, "ARRAY[t.code::text]",
            GeometryKind.MULTIPOLYGON,
            List.of(text("code", "t.code"), text("area", "t.area_code"), text("street", "t.street_code"),
                    integer("households", "t.households"), text("sizhi", "t.sizhi->>'text'"),
                    text("exception", "t.exception"), integer("version", "t.version"))),
    BUILDINGS("buildings", "建筑物", "building t", "t.bid", "true",
            "array_append(ARRAY(SELECT sb.subarea_code::text FROM subarea_building sb WHERE sb.bid = t.bid), "
                    + "coalesce(t.area_code, t.street_code)::text)",
            GeometryKind.MULTIPOLYGON,
            List.of(text("bid", "t.bid"), integer("floors", "t.floors"), text("use", "t.use"),
                    integer("households", "t.households"), text("address", "t.address"), text("street", "t.street_code"),
                    text("area", "t.area_code"),
                    text("subarea", "(SELECT string_agg(sb.subarea_code, ',' ORDER BY sb.subarea_code) "
                            + "FROM subarea_building sb WHERE sb.bid = t.bid)"))),
    ROADS("roads", "道路", "road t", Rows.FEATURE_ID, "true", "ARRAY[t.street_code::text]", GeometryKind.MULTILINESTRING,
            List.of(integer("id", "t.fid"), text("name", "t.name"), text("class", "t.class"), text("street", "t.street_code"))),
    WATER("water", "水系", "water t", Rows.FEATURE_ID, "true", "ARRAY[t.street_code::text]", GeometryKind.MULTIPOLYGON,
            List.of(integer("id", "t.fid"), text("name", "t.name"), text("kind", "t.kind"), text("street", "t.street_code"))),
    LANDUSE("landuse", "土地利用", "landuse t", Rows.FEATURE_ID, "true", "ARRAY[t.street_code::text]", GeometryKind.MULTIPOLYGON,
            List.of(integer("id", "t.fid"), text("dlbm", "t.dlbm"), text("dlmc", "t.dlmc"), text("street", "t.street_code"))),
    ISSUES("issues", "覆盖问题", "coverage_issue t", "t.id", "true",
            "ARRAY[coalesce(t.area_code, t.street_code, t.parent_code)::text]", GeometryKind.ANY,
            List.of(text("id", "t.id"), text("kind", "t.kind"), text("severity", "t.severity"), text("status", "t.status"),
                    text("message", "t.message"), text("codes", "array_to_string(t.codes, ',')"),
                    real("area_m2", "t.area_m2"), text("street", "t.street_code"), text("area", "t.area_code"))),
    ASSIGNMENTS("assignments", "普查员分配", "subarea t LEFT JOIN LATERAL ("
            + "SELECT string_agg(p.name, '、' ORDER BY p.person_id) AS names, "
            + "string_agg(p.person_id, ',' ORDER BY p.person_id) AS ids "
            + "FROM enumerator_assignment e JOIN person p ON p.person_id = e.person_id "
            + "WHERE e.subarea_code = t.code) j ON true",
            "t.code", Rows.SHOWN_SUBAREAS, "ARRAY[t.code::text]", GeometryKind.MULTIPOLYGON,
            List.of(text("code", "t.code"), text("area", "t.area_code"), text("street", "t.street_code"),
                    integer("households", "t.households"), flag("assigned", "j.ids IS NOT NULL"),
                    text("enumerator", "coalesce(j.names, '')"), text("person_ids", "coalesce(j.ids, '')"))),
    PROGRESS("progress", "普查进度", "subarea t LEFT JOIN LATERAL ("
            + "SELECT count(*) AS buildings, count(p.bid) FILTER (WHERE p.status <> 'pending') AS visited, "
            + "coalesce(sum(p.conflicts), 0) AS conflicts "
            + "FROM subarea_building sb "
            + "LEFT JOIN building_progress p ON p.subarea_code = sb.subarea_code AND p.bid = sb.bid "
            + "WHERE sb.subarea_code = t.code) j ON true",
            "t.code", Rows.SHOWN_SUBAREAS, "ARRAY[t.code::text]", GeometryKind.MULTIPOLYGON,
            List.of(text("code", "t.code"), text("area", "t.area_code"), text("street", "t.street_code"),
                    integer("buildings", "j.buildings"), integer("visited", "j.visited"),
                    integer("conflicts", "j.conflicts"),
                    real("completion", "CASE WHEN j.buildings = 0 THEN 0 "
                            + "ELSE round(j.visited::numeric / j.buildings, 4)::double precision END")));

    /** Conditions several layers share (a nested class: enum constants cannot read the enum's own statics). */
    private static final class Rows {
        /** Subareas with a footprint of their own: not virtual, not a vertical part. */
        static final String SHOWN_SUBAREAS = "NOT t.virtual AND t.vertical_of IS NULL";
        /**
         * The id of a road, water or land-use feature: its district and the fid its delivery gave
         * it ({@code 370871-12}), since deliveries of different districts number their features alike.
         */
        static final String FEATURE_ID = "t.district_code || '-' || t.fid";
    }

    /** The geometry a layer's rows carry. */
    public enum GeometryKind {
        MULTIPOLYGON, MULTILINESTRING, ANY
    }

    private final String id;
    private final String title;
    private final String fromSql;
    private final String keySql;
    private final String conditionSql;
    private final String codesSql;
    private final GeometryKind geometry;
    private final List<LayerField> fields;

    PublishedLayer(String id, String title, String fromSql, String keySql, String conditionSql, String codesSql,
            GeometryKind geometry, List<LayerField> fields) {
        this.id = id;
        this.title = title;
        this.fromSql = fromSql;
        this.keySql = keySql;
        this.conditionSql = conditionSql;
        this.codesSql = codesSql;
        this.geometry = geometry;
        this.fields = fields;
    }

    /** The name in URLs, e.g. {@code buildings}. */
    public String id() {
        return id;
    }

    /** The Chinese title shown by GIS clients, e.g. 建筑物. */
    public String title() {
        return title;
    }

    /** The table with its alias {@code t}. */
    String fromSql() {
        return fromSql;
    }

    /** The feature id. */
    String keySql() {
        return keySql;
    }

    /** Which rows of the table the layer holds. */
    String conditionSql() {
        return conditionSql;
    }

    /** A {@code text[]} of the division codes a row belongs to, matched against scopes as prefixes. */
    String codesSql() {
        return codesSql;
    }

    public GeometryKind geometry() {
        return geometry;
    }

    List<LayerField> fields() {
        return fields;
    }

    /** The layer of a URL path segment (exact, lower case); empty for no layer. */
    public static Optional<PublishedLayer> named(String name) {
        return Arrays.stream(values()).filter(l -> l.id.equals(name)).findFirst();
    }

    /** The layer names separated by commas, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(PublishedLayer::id).collect(Collectors.joining(", "));
    }
}
