package cn.jining.census.check;

import java.util.Set;

/**
 * Who is assigned where, as far as the rule checks need it: at least one enumerator (普查员)
 * per subarea and one supervisor (普查指导员) per census area. Supplied by the assignment
 * stage through {@link StaffingSource}; absent until assignment exists, and then not checked.
 *
 * @param subareasWithEnumerator codes of subareas with at least one enumerator
 * @param areasWithSupervisor    codes of census areas with at least one supervisor
 */
public record Staffing(Set<String> subareasWithEnumerator, Set<String> areasWithSupervisor) {
}
