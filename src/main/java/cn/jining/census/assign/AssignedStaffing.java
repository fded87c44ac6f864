package cn.jining.census.assign;

import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import cn.jining.census.check.Staffing;
import cn.jining.census.check.StaffingSource;
import cn.jining.census.store.AssignmentStore;

/**
 * Tells the coverage check who is assigned where, replacing the check stage's default that
 * knows nobody: from the first assignment recorded in a scope on, its subareas without an
 * enumerator, areas without a supervisor and enumerators above
 * {@code census.assign.overload-households} are reported.
 */
@ApplicationScoped
public class AssignedStaffing implements StaffingSource {

    private final AssignmentStore store;
    private final AssignSettings settings;

    public AssignedStaffing(AssignmentStore store, AssignSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    @Override
    public Optional<Staffing> staffing(String scope) {
        try {
            Optional<AssignmentStore.StaffedUnits> staffed = store.staffedUnits(scope);
            if (staffed.isEmpty()) {
                return Optional.empty();
            }
            int limit = settings.overloadHouseholds();
            var overloaded = store.overloadedEnumerators(scope, limit).stream()
                    .map(l -> new Staffing.EnumeratorLoad(l.personId(), l.name(), l.households(), l.subareasInScope()))
                    .toList();
            return Optional.of(new Staffing(staffed.get().subareas(), staffed.get().areas(), limit, overloaded));
        } catch (SQLException e) {
            throw new IllegalStateException("reading the assignments of " + scope + " failed", e);
        }
    }
}
