/**
 * Coverage and rule checks: the census's first rule, 不重不漏 (no overlap, no omission), made
 * measurable at every level of the hierarchy, with a fix wherever one can be computed.
 *
 * <p><b>Input:</b> the units of a scope (district, street offices, census areas, census
 * subareas) with their geometries in EPSG:4548 metres, the buildings, the registration of
 * buildings to subareas and the published division list ({@link CoverageSnapshot}).
 * <b>Output:</b> a {@link CoverageReport}: one {@link Issue} per problem, each with a kind, a
 * severity, the codes involved, its area in m², its geometry and, where a mechanical repair
 * exists, a {@link Fix}. Checks never throw on bad data: bad data is what they report.
 *
 * <h2>Vocabulary</h2>
 * <dl>
 * <dt>coverage</dt>
 * <dd>The children of one parent unit (the streets of the district, the areas of a street, the
 * non-virtual subareas of an area that are not vertical parts of a split high-rise), taken as a
 * set of polygons that should tile the parent exactly.</dd>
 * <dt>gap</dt>
 * <dd>A part of the parent covered by no child, of at least {@link CheckSettings#noiseAreaM2()}.
 * Without a parent geometry (a district the delivery does not outline) the parent is the union
 * of the children with its holes filled, so gaps are the holes of that union. A gap narrower than
 * {@link CheckSettings#gapWidthM()} everywhere (the diameter of its largest inscribed circle) is
 * a <em>narrow gap</em>: invisible on a printed map, fatal to 不漏.</dd>
 * <dt>overlap</dt>
 * <dd>A part covered by two units of the same level, of at least the noise area. Siblings and
 * cousins (units of the same level under different parents) are both compared, so an area that
 * reaches into a neighbouring street's area is an overlap, not only a child outside its
 * parent.</dd>
 * <dt>outside</dt>
 * <dd>A part of a child that lies outside its parent and overlaps no other unit.</dd>
 * <dt>sliver</dt>
 * <dd>A polygon of a unit (a whole unit or one part of a multi-part unit) whose largest
 * inscribed circle is narrower than {@link CheckSettings#sliverWidthM()}.</dd>
 * <dt>edge-matched</dt>
 * <dd>Two siblings are edge-matched where their shared boundary has exactly the same vertices
 * on both sides (the JTS coverage definition). Cousins are not held to it: the subareas of two
 * areas meet their common boundary wherever each area's subdivision needs. A vertex present on one side only (a T-junction,
 * or a vertex off the other side's segment by less than the noise) is an <em>unmatched
 * vertex</em>: no visible gap, but unions, tiles and later edits break there.</dd>
 * <dt>hairline</dt>
 * <dd>A gap, overlap or part outside narrower than {@link CheckSettings#vertexToleranceM()}
 * everywhere: edges that do not quite meet, as where delineation rounded a node to the 1 mm
 * grid. A parent's hairlines and unmatched vertices make one {@code unmatched_edge} issue, whose
 * fix snaps the parent's children onto it and onto each other.</dd>
 * <dt>enclave (飞地)</dt>
 * <dd>A detached part of a multi-part unit. Legitimate for streets and areas, reported for
 * information; for a subarea it is a defect, since an enumerator's subarea must be one piece.</dd>
 * <dt>finest unit</dt>
 * <dd>Where buildings are checked: the subareas of an area that has subareas, otherwise the
 * area itself.</dd>
 * </dl>
 *
 * <p>All lengths are metres and all areas m² in EPSG:4548; the HTTP layer converts geometries to
 * EPSG:4326 only on the way out.
 */
package cn.jining.census.check;
