package cn.jining.census.check;

import java.util.Optional;

/**
 * The hook through which the assignment stage tells the rule checks who is assigned where.
 * Assignment comes after checking in the pipeline, so the dependency points this way: the
 * assignment stage provides a bean implementing this interface, replacing
 * {@link NoStaffingYet}, and the checks start reporting subareas without an enumerator and areas
 * without a supervisor.
 */
public interface StaffingSource {

    /**
     * Assignments of the units inside {@code scope} (a 6-, 9- or 12-digit code); empty when no
     * assignment has been recorded yet, which turns the staffing rules off.
     */
    Optional<Staffing> staffing(String scope);
}
