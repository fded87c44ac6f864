/**
 * Drawing the census map with Java2D: the PNG base-map tiles of the web map and the maps on
 * printed subarea sheets come from the same painter, {@link cn.jining.census.render.MapPainter}.
 *
 * <p>Input: the tables of the {@code load}, {@code delineate} and {@code check} stages (EPSG:4548),
 * read for one {@link cn.jining.census.render.MapView}: a rectangle in a projected CRS (EPSG:4548
 * for paper at true scale, EPSG:3857 for web tiles) and a scale in graphics units per metre.
 * Output: strokes, fills and Chinese labels on any {@link java.awt.Graphics2D} (an image, a PDF
 * page). Read-only.
 *
 * <p>Vocabulary: a <em>drawn layer</em> ({@link cn.jining.census.render.DrawnLayer}) is one table
 * with its look, named as the vector tile layer of the same features; <em>scale</em> is graphics
 * units per metre of the view's CRS; a <em>label</em> is a name written at a point on its feature.
 */
package cn.jining.census.render;
