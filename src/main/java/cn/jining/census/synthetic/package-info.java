/**
 * Synthetic natural-resources deliveries: realistic, deterministic stand-ins for the geodata a
 * natural-resources and planning bureau hands over, in the layer schema of the service.
 *
 * <p><b>Input:</b> a statistical division list ({@code map-data/divisions.csv}: the district,
 * its street offices and census areas) and a seed; or, for the city scale, only a seed and a
 * size. <b>Output:</b> one GeoPackage 1.2 file with the layers {@code street}, {@code area},
 * {@code road}, {@code water}, {@code landuse} and {@code building} in EPSG:4548 (or 4527/4490
 * on request), and for the district {@code planted-defects.csv} and
 * {@code household-records.csv} beside it. The same input gives byte-identical files.
 *
 * <p><b>Vocabulary.</b> A <i>lattice</i> is a slightly irregular grid of quadrilateral
 * <i>cells</i> (blocks, 400–480 m) whose <i>edges</i> are shared polylines; every street and
 * area boundary runs along edges, so streets and areas form an <i>edge-matched coverage</i>
 * (as JTS's {@code coverage} package means it: no gaps, no overlaps, neighbours share
 * identical vertices). A <i>plan</i> says which area owns each cell, what the cell is used for
 * ({@link cn.jining.census.synthetic.CellUse}), and what runs along each edge (a road of a
 * class, the river, a ditch, or only a field boundary). A <i>planted defect</i> is a flaw put
 * in on purpose (gap, overlap, sliver, enclave, building cut by a boundary, tower over 999
 * households, demolition zone) and listed in {@code planted-defects.csv}; everything else is
 * clean. <i>Clearance</i> is the distance a building keeps from an edge's centreline, wider
 * than any road or ditch footprint, so buildings touch neither roads, water nor boundaries.
 *
 * <p>{@link cn.jining.census.synthetic.DeliveryWriter} is public for other stages' tests to
 * write deliveries of their own, broken ones included.
 */
package cn.jining.census.synthetic;
