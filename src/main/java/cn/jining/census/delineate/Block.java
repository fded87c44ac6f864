package cn.jining.census.delineate;

import org.locationtech.jts.geom.Polygon;

/**
 * A polygon of an area's tiling: a block bounded by roads, railways and water, or a piece of a
 * block divided along gaps between buildings.
 *
 * @param id      position in the list that holds it
 * @param part    index of the area's polygon it lies in; parts other than the largest are enclaves
 * @param polygon the block on the 1 mm grid, its edge along the area's boundary on the area's own
 *                vertices and segments; it shares its edges vertex for vertex with its neighbours
 */
public record Block(int id, int part, Polygon polygon) {
}
