package cn.jining.census.assign;

import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import cn.jining.census.print.EnumeratorSource;
import cn.jining.census.store.AssignmentStore;

/**
 * Tells printed subarea maps (普查小区图) who enumerates each subarea, replacing the print
 * stage's default that leaves a blank line for the name.
 */
@ApplicationScoped
public class AssignedEnumerators implements EnumeratorSource {

    private final AssignmentStore store;

    public AssignedEnumerators(AssignmentStore store) {
        this.store = store;
    }

    @Override
    public List<String> enumerators(String subareaCode) {
        try {
            return store.enumeratorNames(subareaCode);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the enumerators of " + subareaCode + " failed", e);
        }
    }
}
