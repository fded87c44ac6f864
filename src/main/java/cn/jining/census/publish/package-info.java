/**
 * Publishing the census layers to GIS desktops and other systems: OGC API – Features (Part 1
 * Core, GeoJSON) at {@code /ogc} and downloads of a layer inside one division as GeoJSON,
 * GeoPackage or zipped Shapefile. Read-only.
 *
 * <p>Input: the tables of the load, delineate, check, assign and progress stages in PostGIS (EPSG:4548). Output:
 * GeoJSON in CRS84 (EPSG:4326 longitude/latitude) for the OGC API; files in EPSG:4548, the
 * delivery CRS, or EPSG:4326 on request.
 *
 * <p>Vocabulary: a <em>layer</em> ({@link cn.jining.census.publish.PublishedLayer}) is what OGC
 * calls a collection, named as in the tile URLs ({@code streets}, {@code areas},
 * {@code subareas}, {@code buildings}, {@code roads}, {@code water}, {@code landuse},
 * {@code issues}, {@code assignments}, {@code progress}); the <em>codes</em> of a feature are the division codes it belongs to; a
 * caller's <em>visibility</em> lets through the features one of whose codes lies inside one of
 * the caller's scopes (the rule of {@link cn.jining.census.security.Caller#mayTouch}); a
 * <em>scope</em> of an export is one division code, 6 to 15 digits.
 */
package cn.jining.census.publish;
