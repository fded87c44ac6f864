/**
 * Assignment: the roster of enumerators (普查员) and supervisors (普查指导员), who works in which
 * census subarea (普查小区) and census area (普查区), and how evenly the work is spread.
 *
 * <p><b>Input</b>: the subareas the delineation stage stored (code, households, geometry), the
 * census areas, and a roster CSV ({@link cn.jining.census.assign.RosterCsv}). <b>Output</b>: current
 * assignments ({@code enumerator_assignment}, {@code supervisor_assignment}) with their history,
 * the staffing the coverage check reads ({@link cn.jining.census.assign.AssignedStaffing}), and
 * the scopes of the people's logins (the security stage reads the assignment tables).
 *
 * <p>Vocabulary:
 * <dl>
 * <dt>person</dt><dd>a roster entry, identified by the id of the roster CSV; works for one street
 *     office, lives in a home area; deactivated, never deleted.</dd>
 * <dt>assignment</dt><dd>a person responsible for a unit: an enumerator for a subarea, a supervisor
 *     for an area, always inside the person's street. A unit may have several people. An ended
 *     assignment moves to the history with who ended it and why.</dd>
 * <dt>load</dt><dd>the households an enumerator carries: the households of each of their
 *     subareas divided by the number of that subarea's enumerators.</dd>
 * <dt>proposal</dt><dd>changes computed for a scope ({@code balance}: someone for every unit that
 *     has nobody; {@code replace}: who takes over a person's units), stored as previewed and
 *     applied as previewed, or refused when the scope changed in between.</dd>
 * <dt>workload spread</dt><dd>min, max, mean and standard deviation of the loads of a scope's
 *     enumerators, and those above the overload setting.</dd>
 * </dl>
 */
package cn.jining.census.assign;
