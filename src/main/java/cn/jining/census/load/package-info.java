/**
 * Stage {@code load}: reads a natural-resources delivery, validates it and stores it.
 *
 * <p>Input: a file — GeoPackage, GeoJSON (a file or a zip of files), zipped Shapefiles or a
 * zipped File Geodatabase (both converted by GDAL's {@code ogr2ogr}), or a CSV of household
 * records — through {@code POST /api/v1/imports}, the {@code import} command of
 * {@link cn.jining.census.CensusMapMain}, or the start-up load of {@code census.map-data}.
 * Output: the district's rows of the delivered layers replaced in EPSG:4548, each filed under
 * its street (and buildings under their census area), and an {@link cn.jining.census.load.ImportReport}.
 *
 * <p>Vocabulary: a <em>delivery</em> is the set of layers of the schema in
 * {@link cn.jining.census.model.Layer}; a <em>rejection</em> names one problem of one feature
 * (layer, id, reason, location in the delivery's own coordinates); <em>all or nothing</em>
 * (the default) refuses a delivery with any rejection and leaves the database unchanged, while
 * <em>partial</em> stores the accepted features; a feature is <em>filed under</em> the street
 * (or area) holding the largest part of it; the <em>district</em> of a delivery is the 6-digit
 * prefix its street codes share.
 */
package cn.jining.census.load;
