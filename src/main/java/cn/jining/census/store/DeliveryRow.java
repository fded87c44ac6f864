package cn.jining.census.store;

import java.util.Map;

import org.locationtech.jts.geom.Geometry;

import cn.jining.census.model.Layer;

/**
 * A validated delivery feature as it goes into its layer's table.
 *
 * @param layer      the layer (and table)
 * @param fid        the delivery's feature id, kept for road, water and landuse
 * @param attributes the layer's schema attributes ({@link Layer#columns()}): text as String,
 *                   floors and households as Integer (floors may be null)
 * @param streetCode the 9-digit street the feature is filed under (for street rows: its code)
 * @param areaCode   the 12-digit census area of a building, null when it lies in none
 * @param geometry   MultiPolygon or MultiLineString in EPSG:4548 with SRID set
 */
public record DeliveryRow(Layer layer, long fid, Map<String, Object> attributes, String streetCode, String areaCode,
        Geometry geometry) {

    /** The row in binary COPY form for {@link DeliveryWrite#replace}, stamped with the import. */
    public byte[] encode(long importId) {
        return switch (layer) {
            case STREET -> new CopyRow(5).text(text("code")).text(text("code").substring(0, 6)).text(text("name"))
                    .geometry(geometry).int8(importId).bytes();
            case AREA -> new CopyRow(6).text(text("code")).text(text("street_code")).text(text("name"))
                    .text(text("kind")).geometry(geometry).int8(importId).bytes();
            case ROAD -> new CopyRow(6).int8(fid).text(streetCode).text(text("name")).text(text("class"))
                    .geometry(geometry).int8(importId).bytes();
            case WATER -> new CopyRow(6).int8(fid).text(streetCode).text(text("name")).text(text("kind"))
                    .geometry(geometry).int8(importId).bytes();
            case LANDUSE -> new CopyRow(6).int8(fid).text(streetCode).text(text("dlbm")).text(text("dlmc"))
                    .geometry(geometry).int8(importId).bytes();
            case BUILDING -> new CopyRow(9).text(text("bid")).text(streetCode).text(areaCode)
                    .int4((Integer) attributes.get("floors")).text(text("use"))
                    .int4((Integer) attributes.get("households")).text(text("address"))
                    .geometry(geometry).int8(importId).bytes();
        };
    }

    /** The COPY statement into {@code table} whose column order {@link #encode(long)} follows. */
    static String copyStatement(Layer layer, String table) {
        return "COPY " + table + " (" + columns(layer) + ") FROM STDIN (FORMAT binary)";
    }

    /** The columns {@link #encode(long)} fills, in order. */
    static String columns(Layer layer) {
        return switch (layer) {
            case STREET -> "code, district_code, name, geom, import_id";
            case AREA -> "code, street_code, name, kind, geom, import_id";
            case ROAD -> "fid, street_code, name, class, geom, import_id";
            case WATER -> "fid, street_code, name, kind, geom, import_id";
            case LANDUSE -> "fid, street_code, dlbm, dlmc, geom, import_id";
            case BUILDING -> "bid, street_code, area_code, floors, use, households_estimate, address, geom, import_id";
        };
    }

    private String text(String column) {
        Object value = attributes.get(column);
        return value == null ? "" : value.toString();
    }
}
