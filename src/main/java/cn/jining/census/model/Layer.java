package cn.jining.census.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The layers of a natural-resources delivery, named as the delivery's tables and the service's
 * own tables are. Geometry type is the one the delivery declares; the service stores every layer
 * in EPSG:4548.
 */
public enum Layer {
    STREET("street", GeometryKind.POLYGONAL, List.of("code", "name")),
    AREA("area", GeometryKind.POLYGONAL, List.of("code", "name", "street_code", "kind")),
    ROAD("road", GeometryKind.LINEAL, List.of("name", "class")),
    WATER("water", GeometryKind.POLYGONAL, List.of("name", "kind")),
    LANDUSE("landuse", GeometryKind.POLYGONAL, List.of("dlbm", "dlmc")),
    BUILDING("building", GeometryKind.POLYGONAL, List.of("bid", "floors", "use", "households", "address"));

    /** Whether a layer holds (multi)polygons or (multi)linestrings. */
    public enum GeometryKind { POLYGONAL, LINEAL }

    private final String tableName;
    private final GeometryKind geometryKind;
    private final List<String> columns;

    Layer(String tableName, GeometryKind geometryKind, List<String> columns) {
        this.tableName = tableName;
        this.geometryKind = geometryKind;
        this.columns = columns;
    }

    /** The table name in a delivery and in the database, e.g. {@code building}. */
    public String tableName() {
        return tableName;
    }

    public GeometryKind geometryKind() {
        return geometryKind;
    }

    /** The attribute columns the delivery schema defines for this layer, in schema order. */
    public List<String> columns() {
        return columns;
    }

    /** The layer of a delivery table name, case-insensitively; empty for a table that is no layer. */
    public static Optional<Layer> ofTableName(String name) {
        return Arrays.stream(values()).filter(l -> l.tableName.equalsIgnoreCase(name)).findFirst();
    }
}
