package cn.jining.census.check;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** The staffing source until the assignment stage provides one: nothing is assigned, nothing checked. */
@ApplicationScoped
@DefaultBean
public class NoStaffingYet implements StaffingSource {

    @Override
    public Optional<Staffing> staffing(String scope) {
        return Optional.empty();
    }
}
