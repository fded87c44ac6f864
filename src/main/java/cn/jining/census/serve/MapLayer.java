package cn.jining.census.serve;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The layers of the GeoJSON endpoint {@code /api/v1/layers/{layer}}, named as their tables: the six layers of a delivery ({@link cn.jining.census.model.Layer}) and the census
 * subareas (普查小区) the delineation stage adds. Subareas are drawn without the virtual ones
 * (demolition zones, no geometry) and without the vertical parts of a split high-rise, whose
 * footprint the main part already draws.
 */
public enum MapLayer {
    STREET("street", false),
    AREA("area", false),
    SUBAREA("subarea", true),
    ROAD("road", false),
    WATER("water", false),
    LANDUSE("landuse", false),
    BUILDING("building", false);

    private final String tableName;
    private final boolean censusWork;

    MapLayer(String tableName, boolean censusWork) {
        this.tableName = tableName;
        this.censusWork = censusWork;
    }

    /**
     * Whether the layer is census work, shown to a non-admin caller only inside their scopes, as
     * the same layer's tiles are ({@link TileLayer#censusWork()}); the rest is base geography.
     */
    public boolean censusWork() {
        return censusWork;
    }

    /** The name in URLs and in the database, e.g. {@code building}. */
    public String tableName() {
        return tableName;
    }

    /** The layer of a URL path segment (exact, lower case); empty for no layer. */
    public static Optional<MapLayer> named(String name) {
        return Arrays.stream(values()).filter(l -> l.tableName.equals(name)).findFirst();
    }

    /** The layer names separated by commas, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(MapLayer::tableName).collect(Collectors.joining(", "));
    }
}
