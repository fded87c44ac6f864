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
 * enumerator and areas without a supervisor are reported.
 */
@ApplicationScoped
public class AssignedStaffing implements StaffingSource {

    private final AssignmentStore store;

    public AssignedStaffing(AssignmentStore store) {
        this.store = store;
    }

    @Override
    public Optional<Staffing> staffing(String scope) {
        try {
            return store.staffedUnits(scope).map(u -> new Staffing(u.subareas(), u.areas()));
        } catch (SQLException e) {
            throw new IllegalStateException("reading the assignments of " + scope + " failed", e);
        }
    }
}
