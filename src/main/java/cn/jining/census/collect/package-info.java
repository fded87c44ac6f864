/**
 * The collection app's API: what an enumerator (普查员) works on, where a point lies, building
 * marking (建筑物标绘) and progress reports from the phones.
 *
 * <p>Input: accepted census subareas ({@code subarea}, {@code subarea_building}) and the
 * delivery's buildings, roads and water, stored in EPSG:4548; the caller's scopes
 * ({@link cn.jining.census.security.Caller#scopes()}: an enumerator's assigned subareas, a
 * supervisor's areas). Output: JSON and GeoJSON in EPSG:4326 longitude/latitude, an offline
 * GeoPackage of the caller's assignment, and rows in {@code building}, {@code subarea_building},
 * {@code progress_report} and {@code building_progress} written through the {@code store} stage.
 *
 * <p>Vocabulary: an <em>assignment</em> is the set of subareas inside the caller's scopes; a
 * building's <em>number</em> is its place (from 1) among the subarea's buildings ordered by
 * building id, so buildings added on the ground (ids {@code AREA-M…}) come last and never
 * renumber the others; a <em>report</em> is one visit's result for one building, identified by
 * an id the phone makes; a report in <em>conflict</em> disagrees with a building state at least
 * as new as itself and is kept beside it, never applied over it.
 *
 * <p>Every route checks the caller object by object ({@link cn.jining.census.security.Caller#mayTouch});
 * another person's subarea or building is 403, an unknown one 404. Write bodies accept only the
 * fields listed for the route (400 naming any other field); bodies and geometries have caps
 * ({@link cn.jining.census.collect.AppSettings}); requests are rate-limited per token
 * ({@link cn.jining.census.collect.ApiRequestLimits}).
 */
package cn.jining.census.collect;
