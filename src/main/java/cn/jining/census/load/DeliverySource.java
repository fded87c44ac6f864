package cn.jining.census.load;

import java.io.IOException;
import java.util.List;

/**
 * A delivery opened for reading: its layers, each declaring an SRS, and their features in
 * feature-id order. Implementations read GeoPackage and GeoJSON natively; Shapefile and File
 * Geodatabase arrive here as a GeoPackage converted by GDAL.
 */
interface DeliverySource extends AutoCloseable {

    /**
     * A layer (table or file) of the delivery.
     *
     * @param name          its name as found, e.g. {@code building}
     * @param declaredSrid  the EPSG code it declares; 0 or less when it declares none
     * @param declaredName  how the file names its SRS, for reports when it has no EPSG code
     */
    record SourceLayer(String name, int declaredSrid, String declaredName) {
    }

    /** Reads features one at a time; {@link #next()} returns null after the last. */
    interface FeatureCursor extends AutoCloseable {
        SourceFeature next() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** The layers found, in the order the file lists them. */
    List<SourceLayer> layers() throws IOException;

    /** Opens the features of a layer. */
    FeatureCursor features(SourceLayer layer) throws IOException;

    @Override
    void close() throws IOException;
}
