package cn.jining.census.load;

import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;

/**
 * One feature of a delivery layer as read, in the layer's own coordinates. The geometry stays
 * encoded until {@link #geometry()} is called, so that decoding runs on the validating threads
 * rather than on the reading one.
 *
 * @param fid        the feature id in the delivery (GeoPackage fid, GeoJSON id or position)
 * @param attributes attribute values by lower-case column name: String, Long, Double or null
 */
record SourceFeature(long fid, Map<String, Object> attributes, Object encoded, Decoder decoder) {

    /** Turns a reader's encoded geometry into JTS. */
    @FunctionalInterface
    interface Decoder {
        Geometry decode(Object encoded) throws ParseException;
    }

    /**
     * The geometry, or null when the feature has none.
     *
     * @throws ParseException when the encoded geometry is broken
     */
    Geometry geometry() throws ParseException {
        return encoded == null ? null : decoder.decode(encoded);
    }
}
