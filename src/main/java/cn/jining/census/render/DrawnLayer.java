package cn.jining.census.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.Optional;

/**
 * The layers {@link MapPainter} draws, bottom to top in declaration order, named as the vector
 * tile layers. Colours and line styles are those of the web map's legend ({@code frontend/js/style.js}),
 * so that a PNG tile, a printed map and the legend agree. Each constant says where its features come from (table, which rows, which column
 * holds the label and which the kind that picks a colour) and how they look. Thresholds are
 * scales in graphics units per metre: a 256-pixel Web Mercator tile has scale 0.026 at zoom 12,
 * 0.10 at zoom 14 and 0.42 at zoom 16; a printed map at 1:2000 in PDF points 1.42.
 */
public enum DrawnLayer {
    LANDUSE("landuse", "landuse", "true", "NULL", "left(t.dlbm, 2)", 0.006, null, 0, true, null),
    WATER("water", "water", "true", "nullif(t.name, '')", "t.kind", 0, new Color(0x5b9bd5), 0.8f, true, null),
    ROADS("roads", "road", "true", "nullif(t.name, '')", "t.class", 0.006, null, 0, true, null),
    BUILDINGS("buildings", "building", "true", "NULL", "t.use", 0.09, new Color(0x6b4f35), 0.7f, true, null),
    SUBAREAS("subareas", "subarea", "t.vertical_of IS NULL AND t.geom IS NOT NULL", "right(t.code, 3)", "NULL", 0.02,
            new Color(0xe8590c), 1.4f, true, "ARRAY[t.code::text]"),
    AREAS("areas", "area", "true", "t.name", "NULL", 0.006, new Color(0x52606d), 1.2f, true, null),
    STREETS("streets", "street", "true", "t.name", "NULL", 0, new Color(0x1f5fa8), 2.5f, true, null),
    /**
     * Open coverage issues: gaps, overlaps, slivers; of any geometry type, so never clipped. An
     * issue belongs to its area (else street, else the scope checked) and to the division codes
     * among its codes, as in the vector tiles.
     */
    ISSUES("issues", "coverage_issue", "t.status = 'open' AND t.geom IS NOT NULL", "NULL", "t.severity", 0.006,
            new Color(0xc92a2a), 1.5f, false,
            "ARRAY(SELECT c FROM unnest(array_append(t.codes, coalesce(t.area_code, t.street_code, t.parent_code)::text)) AS c "
                    + "WHERE c ~ '^[0-9]{6}([0-9]{3}){0,3}$')");

    private final String layerName;
    private final String table;
    private final String filter;
    private final String label;
    private final String kind;
    private final double minScale;
    private final Color outline;
    private final float outlineWidth;
    private final boolean clipped;
    private final String scopeCodes;

    /**
     * @param scopeCodes for census-work layers, the division codes a feature belongs to
     *                   ({@code text[]}), matched against the {@code :scopes} prefixes; null for the
     *                   base geography, which every role sees
     */
    DrawnLayer(String layerName, String table, String filter, String label, String kind, double minScale, Color outline,
            float outlineWidth, boolean clipped, String scopeCodes) {
        this.layerName = layerName;
        this.table = table;
        this.filter = filter;
        this.label = label;
        this.kind = kind;
        this.minScale = minScale;
        this.outline = outline;
        this.outlineWidth = outlineWidth;
        this.clipped = clipped;
        this.scopeCodes = scopeCodes;
    }

    /** The name shared with the vector tile layer, e.g. {@code subareas}. */
    public String layerName() {
        return layerName;
    }

    /** The layer of a name ({@link #layerName()}); empty for none. */
    public static Optional<DrawnLayer> named(String name) {
        return Arrays.stream(values()).filter(l -> l.layerName.equals(name)).findFirst();
    }

    /** The least scale at which the layer is drawn: below it its features would be specks. */
    public double minScale() {
        return minScale;
    }

    /**
     * Whether the layer shows census work (subareas, issues), whose features a caller sees only
     * inside their scopes; the others are the base geography every role sees.
     */
    public boolean censusWork() {
        return scopeCodes != null;
    }

    /** The table the layer reads: edits of that table change how it looks. */
    public String table() {
        return table;
    }

    /**
     * The features of a view: geometry (WKB) in the view's CRS, clipped to the (grown) view and
     * simplified to {@code :tolerance} metres, label text, kind, and the label's anchor (WKB) when
     * {@code :labelled}: a point on the whole, unclipped surface, so that tiles side by side place
     * a name at the same spot. A census-work layer keeps only the features whose code starts with
     * one of {@code :scopes} ({@code text[]}, null for all). The table and expressions are
     * constants of this enum, never request text.
     */
    String sql() {
        String geometry = clipped ? "ST_ClipByBox2D(t.geom, view.box)" : "t.geom";
        String inScope = censusWork()
                ? " AND (CAST(:scopes AS text[]) IS NULL OR EXISTS (SELECT 1 FROM unnest(CAST(:scopes AS text[])) AS s(scope), "
                        + "unnest(" + scopeCodes + ") AS unit(code) WHERE starts_with(unit.code, s.scope)))"
                : "";
        return """
                WITH view AS (
                    SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(:minx, :miny, :maxx, :maxy, :srid), :step), 4548) AS box
                )
                SELECT ST_AsBinary(ST_Transform(ST_Simplify(%s, :tolerance, true), :srid)),
                       %s, %s,
                       CASE WHEN :labelled AND %s IS NOT NULL
                            THEN ST_AsBinary(ST_Transform(ST_PointOnSurface(t.geom), :srid)) END
                  FROM %s t, view
                 WHERE t.geom && view.box AND %s%s
                """.formatted(geometry, label, kind, label, table, filter, inScope);
    }

    /** The fill of a feature of this layer by its kind; null for none. */
    Color fill(String featureKind) {
        return switch (this) {
            case LANDUSE -> landuseFill(featureKind);
            case WATER -> new Color(0xa9cdeb);
            case BUILDINGS -> buildingFill(featureKind);
            case ISSUES -> new Color(0xfa5252);
            default -> null;
        };
    }

    /** How an outline or line is drawn at a scale; null when the feature has no line of its own. */
    BasicStroke stroke(String featureKind, double scale) {
        return switch (this) {
            case ROADS -> roadStroke(featureKind, scale);
            case AREAS -> new BasicStroke(outlineWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 4f,
                    new float[] { 5f, 4f }, 0f);
            case LANDUSE -> null;
            default -> new BasicStroke(outlineWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        };
    }

    /** The colour of lines and outlines; roads pick theirs by class. */
    Color lineColour(String featureKind) {
        if (this == ROADS) {
            return switch (featureKind == null ? "" : featureKind) {
                case "主干路" -> new Color(0xd97b29);
                case "次干路" -> new Color(0xe9a94b);
                case "乡村道路" -> new Color(0xa68b5b);
                case "铁路" -> new Color(0x3e4750);
                default -> new Color(0x8d99a6);
            };
        }
        return outline;
    }

    /**
     * Whether names are written at a scale: street names while a street fits a screen or two,
     * area names from about zoom 13, subarea numbers from about zoom 16, water names from 14.
     */
    boolean labelled(double scale) {
        return switch (this) {
            case STREETS -> scale < 0.2;
            case AREAS -> scale >= 0.04;
            case SUBAREAS -> scale >= 0.35;
            case WATER -> scale >= 0.1;
            default -> false;
        };
    }

    /** Label height in graphics units. */
    float labelSize() {
        return switch (this) {
            case STREETS -> 15f;
            case AREAS -> 12f;
            default -> 11f;
        };
    }

    /** Label colour: the layer's outline, darker, so that a name reads as belonging to its line. */
    Color labelColour() {
        return this == WATER ? new Color(0x1c5d99) : outline.darker();
    }

    /** How much the fill shows: issues are see-through so that what lies under them stays readable. */
    float fillOpacity() {
        return this == ISSUES ? 0.35f : 1f;
    }

    /**
     * Road widths follow the carriageway in metres (at least a hairline), so roads grow as one
     * zooms in and keep their proportions on paper; railways and village roads are drawn dashed.
     */
    private static BasicStroke roadStroke(String roadClass, double scale) {
        double metres = switch (roadClass == null ? "" : roadClass) {
            case "主干路" -> 24;
            case "次干路" -> 16;
            case "支路" -> 9;
            case "铁路" -> 3;
            default -> 5;
        };
        float width = (float) Math.max(metres * scale, "主干路".equals(roadClass) ? 1.5 : 0.8);
        if ("铁路".equals(roadClass) || "乡村道路".equals(roadClass)) {
            float dash = "铁路".equals(roadClass) ? 8f : 4f;
            return new BasicStroke(Math.max(width, 1.4f), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 4f,
                    new float[] { dash, dash * 0.6f }, 0f);
        }
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** Colours by the first two digits of the land-survey class (地类编码, 三调), as the web map's legend. */
    private static Color landuseFill(String classPrefix) {
        return switch (classPrefix == null ? "" : classPrefix) {
            case "00" -> new Color(0xcde8e2); // 湿地
            case "01" -> new Color(0xf4efc8); // 耕地
            case "02" -> new Color(0xe6efc4); // 园地
            case "03" -> new Color(0xcfe5c3); // 林地
            case "04" -> new Color(0xe0efcf); // 草地
            case "05" -> new Color(0xf5d5d0); // 商业服务业用地
            case "06" -> new Color(0xe4d8ea); // 工矿用地
            case "07" -> new Color(0xf6e2c9); // 住宅用地
            case "08" -> new Color(0xf3dbe4); // 公共管理与公共服务用地
            case "09" -> new Color(0xe4ded2); // 特殊用地
            case "10" -> new Color(0xe3e3e3); // 交通运输用地
            case "11" -> new Color(0xd3e6f5); // 水域及水利设施用地
            default -> new Color(0xecebe6); // 其他土地
        };
    }

    /** Colours by building use, as the web map's legend. */
    private static Color buildingFill(String use) {
        return switch (use == null ? "" : use) {
            case "住宅" -> new Color(0xe3b27f);
            case "商业" -> new Color(0xe58c8a);
            case "工业" -> new Color(0xa99cc9);
            case "公共" -> new Color(0x86b8dc);
            default -> new Color(0xc4c4c4);
        };
    }
}
