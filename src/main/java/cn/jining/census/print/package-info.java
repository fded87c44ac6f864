/**
 * Printed census subarea maps (普查小区图): the A4 PDF pages enumerators carry door to door, one
 * per subarea, or all subareas of a census area or street in one file. Read-only.
 *
 * <p>Input: subareas, their buildings and 四至 (delineate stage), the map painted by
 * {@link cn.jining.census.render.MapPainter}, enumerators' names from the assignment stage
 * through {@link cn.jining.census.print.EnumeratorSource}. Output: PDF with embedded Chinese
 * font and vector map.
 *
 * <p>Vocabulary: a <em>sheet</em> ({@link cn.jining.census.print.SubareaSheet}) is what one
 * subarea's page shows; <em>building numbers</em> run 1…n in serpentine order (rows north to
 * south, alternating direction) and are the same on the map and in the building list; the
 * <em>binding margin</em> is the 35 mm left margin, the others are 15 mm.
 */
package cn.jining.census.print;
