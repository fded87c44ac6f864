package cn.jining.census.check;

import java.util.List;
import java.util.Set;

/**
 * Who is assigned where, as far as the rule checks need it: at least one enumerator (普查员)
 * per subarea and one supervisor (普查指导员) per census area, and no enumerator with more
 * households than one person can register. Supplied by the assignment stage through
 * {@link StaffingSource}; absent until assignment exists, and then not checked.
 *
 * @param subareasWithEnumerator codes of subareas with at least one enumerator
 * @param areasWithSupervisor    codes of census areas with at least one supervisor
 * @param overloadHouseholds     households above which an enumerator is overloaded (the
 *                               assignment stage's setting)
 * @param overloadedEnumerators  enumerators with a subarea inside the scope above that limit
 */
public record Staffing(Set<String> subareasWithEnumerator, Set<String> areasWithSupervisor, int overloadHouseholds,
        List<EnumeratorLoad> overloadedEnumerators) {

    /**
     * One enumerator's load.
     *
     * @param households households of all their subareas, inside the scope or not, each subarea's
     *                   shared equally among its enumerators
     * @param subareas   codes of their subareas inside the scope, ordered
     */
    public record EnumeratorLoad(String personId, String name, double households, List<String> subareas) {
    }
}
