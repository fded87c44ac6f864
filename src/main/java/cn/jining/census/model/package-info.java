/**
 * Census vocabulary as immutable values, with no dependency on anything else in the service.
 *
 * <p>Statistical division codes nest by prefix: a district has 6 digits (370871), a street
 * office (街道) 9, a census area (普查区, one village or residents' committee) 12, and a census
 * subarea (普查小区) 15 — its area's code plus 001…, with 900… reserved for virtual subareas
 * of demolition zones. A delivery is the natural-resources bureau's geodata handed over in the
 * layers of {@link cn.jining.census.model.Layer}.
 */
package cn.jining.census.model;
