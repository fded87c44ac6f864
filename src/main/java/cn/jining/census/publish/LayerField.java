package cn.jining.census.publish;

/**
 * One attribute of a {@link PublishedLayer}, the same in OGC API features, GeoJSON, GeoPackage
 * and Shapefile exports. Names have at most 10 characters, the dBASE limit of Shapefiles, so a
 * layer has one schema in every format.
 *
 * @param name the attribute's name
 * @param sql  its value as an SQL expression over the layer's row alias {@code t}; a constant of
 *             this package, never user input
 * @param type how GeoPackage and Shapefile store it
 */
record LayerField(String name, String sql, Type type) {

    /** The storage types the exports use. */
    enum Type {
        TEXT, INTEGER, REAL, BOOLEAN
    }

    LayerField {
        if (name.length() > 10) {
            throw new IllegalArgumentException("field name '" + name + "' is longer than the 10 characters of a Shapefile");
        }
    }

    static LayerField text(String name, String sql) {
        return new LayerField(name, sql, Type.TEXT);
    }

    static LayerField integer(String name, String sql) {
        return new LayerField(name, sql, Type.INTEGER);
    }

    /** A true/false attribute; GDAL writes it to a Shapefile as the integer 1 or 0. */
    static LayerField flag(String name, String sql) {
        return new LayerField(name, sql, Type.BOOLEAN);
    }

    static LayerField real(String name, String sql) {
        return new LayerField(name, sql, Type.REAL);
    }
}
