/**
 * Coordinate systems and geometry helpers, with no census knowledge.
 *
 * <p>Input: JTS geometries in the coordinates a delivery declares. Output: the same geometries
 * in EPSG:4548, verdicts on whether coordinates can belong to a declared coordinate system, and
 * geometric facts (defects, largest overlap).
 *
 * <p>Vocabulary: <em>declared SRS</em> is the EPSG code a file states; the <em>appearance</em> of
 * a coordinate is the coordinate system its numbers look like, whatever was declared; EPSG:4548
 * is CGCS2000 / 3-degree Gauss-Krüger CM 117E (false easting 500 000 m), EPSG:4527 the same
 * projection with the zone number 39 prefixed to the easting (39 500 000 m), EPSG:4490 CGCS2000
 * geographic (EPSG axis order latitude, longitude; files usually carry longitude first). A
 * <em>GeoPackage geometry blob</em> is the GeoPackage header followed by standard WKB.
 */
package cn.jining.census.geo;
