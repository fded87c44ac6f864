/**
 * Serving the census geography to browsers and GIS clients: summaries, GeoJSON layers, vector and
 * PNG tiles with TileJSON, the in-memory tile cache kept fresh by PostgreSQL notifications, the
 * change events open web maps follow, and the web map shell in {@code frontend/}. Read-only: the
 * tile-change triggers of {@code V5__tiles.sql} tell it what other stages changed.
 *
 * <p>Input: the rows the {@code load} stage put in PostGIS, stored in EPSG:4548 (CGCS2000 /
 * 3-degree Gauss-Krüger CM 117°E, metres). Output: JSON summaries and GeoJSON (RFC 7946) in
 * EPSG:4326 longitude/latitude rounded to 7 decimals (about 1 cm); Mapbox Vector Tiles in
 * EPSG:3857 tile coordinates. CGCS2000 and WGS 84 are treated as the same datum, which holds at
 * map precision (below 1 m).
 *
 * <p>Vocabulary: a <em>layer</em> is one drawn table ({@link cn.jining.census.serve.MapLayer}), the
 * six of a delivery and the census subareas; a <em>bbox</em> is {@code minLon,minLat,maxLon,maxLat}
 * in degrees ({@link cn.jining.census.serve.LonLatBox}); a <em>tile</em> is {@code z/x/y} in the
 * XYZ scheme of Web Mercator, y counted from the north; a <em>tile layer</em>
 * ({@link cn.jining.census.serve.TileLayer}) is what a vector tile holds, named in the plural
 * ({@code subareas}); a <em>tile set</em> ({@link cn.jining.census.serve.TileSet}) is one URL
 * family such as {@code subareas.mvt} or {@code basemap.png}; a <em>tile change</em>
 * ({@link cn.jining.census.serve.TileChange}) is a committed change of a table with the boxes it
 * touched; a response is <em>truncated</em> when more features matched than its limit allowed. Counts follow the census hierarchy: a street office (街道) holds
 * census areas (普查区), which hold buildings; households are the buildings' {@code households}
 * (administrative record where one matched, else the delivery's estimate).
 *
 * <p>Failures are answered with the service's common error body
 * ({@link cn.jining.census.api.ApiError}): 400 naming the malformed parameter and what was
 * expected, 404 for a division that is not loaded or a tile outside the loaded districts, 422 for
 * a tile over its caps, 503 for a tile over its statement timeout.
 */
package cn.jining.census.serve;
