/**
 * Delineation: census areas (普查区) cut into census subareas (普查小区), automatically and by
 * planners' edits, with their codes and 四至.
 *
 * <p><b>Input</b>: one census area at a time — its polygon (EPSG:4548, metres), the roads,
 * railways and water that can bound a subarea, its buildings with the households used for them
 * and where that number comes from, and the demolition zones (land use whose name contains 拆迁).
 * <b>Output</b>: subareas with 15-digit codes, households, their buildings (or building parts)
 * and 四至, ready for {@code store} to keep.
 *
 * <p>Vocabulary:
 * <dl>
 * <dt>face</dt><dd>a smallest polygon of the noded linework (area boundary, roads, railways,
 *     water outlines, cut lines); faces tile the area exactly, each edge shared bit for bit by the
 *     two faces beside it, on the 1 mm grid of {@link cn.jining.census.delineate.BlockPolygonizer#PRECISION}
 *     except along the area's boundary, which keeps the area's own vertices and segments.</dd>
 * <dt>block</dt><dd>a face, or faces merged where slivers thinner or smaller than a setting were
 *     folded into a neighbour: the smallest piece bounded by features a person can find.</dd>
 * <dt>piece</dt><dd>a block, or part of a block too large for the band divided along gaps between
 *     buildings; pieces are what the grower groups.</dd>
 * <dt>subarea</dt><dd>contiguous pieces (sharing edges, not only points) grouped near the target
 *     household count; its polygon is the coverage union of its pieces.</dd>
 * <dt>band</dt><dd>the household range a subarea should fall in (default 80–100, target 90);
 *     the hard limit (999 census forms) is never exceeded. Every subarea outside the band carries
 *     its reason.</dd>
 * <dt>vertical split</dt><dd>a residential building above the band's maximum is peeled, by floors
 *     or units, into parts of about the target; each peeled part is a subarea whose
 *     {@code verticalOf} names the subarea holding the footprint and whose geometry repeats the
 *     footprint. A subarea of tall buildings outside the band may be cut into floor layers the
 *     same way ({@link cn.jining.census.delineate.FloorLayers}): each layer above the lowest
 *     repeats the footprints of the towers it holds floors of. Tiling rules (no gap, no overlap) apply to subareas that are neither vertical nor
 *     virtual; vertical parts are left out of them because they overlap their base on purpose.</dd>
 * <dt>virtual subarea</dt><dd>the households registered in a demolition zone, numbered from 900,
 *     without geometry, at most 999 households and 4 995 persons each.</dd>
 * <dt>四至</dt><dd>the named roads, rivers or neighbouring areas (or subareas) bounding a subarea to
 *     the east, south, west and north, written "东至…，南至…，西至…，北至…".</dd>
 * </dl>
 */
package cn.jining.census.delineate;
