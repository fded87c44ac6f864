package cn.jining.census.assign;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jining.census.assign.AssignmentPlanner.Load;
import cn.jining.census.assign.AssignmentPlanner.Plan;
import cn.jining.census.assign.AssignmentPlanner.Unassigned;
import cn.jining.census.security.TokenIdentityProvider;
import cn.jining.census.store.AssignmentStore;
import cn.jining.census.store.AssignmentStore.AreaRow;
import cn.jining.census.store.AssignmentStore.AssignmentRow;
import cn.jining.census.store.AssignmentStore.Change;
import cn.jining.census.store.AssignmentStore.Kind;
import cn.jining.census.store.AssignmentStore.StaffRow;
import cn.jining.census.store.AssignmentStore.StoredProposal;
import cn.jining.census.store.AssignmentStore.SubareaRow;

/**
 * Proposals: who should take the units of a scope that have nobody ({@code balance}), or the
 * units of a person who drops out ({@code replace}). A proposal is computed and stored as
 * previewed; accepting it applies exactly those changes, in one transaction, and only while the
 * scope is still as it was (else {@link Stale}).
 */
@ApplicationScoped
public class ProposeAssignments {

    /** One change as a planner reads it: the unit, who leaves it, who takes it. */
    public record ChangeView(String kind, String code, String remove, String removeName, String add, String addName,
            int households) {
    }

    /**
     * A proposal as previewed.
     *
     * @param before the workload spread now; {@code after} if accepted
     */
    public record Proposal(long id, String scope, String kind, String replaces, boolean accepted,
            List<ChangeView> changes, List<Unassigned> unassigned, WorkloadSpread before, WorkloadSpread after) {
    }

    /** The scope changed since the proposal was made, or it was accepted already. */
    public static final class Stale extends Exception {
        Stale(String message) {
            super(message);
        }
    }

    private final AssignmentStore store;
    private final AssignSettings settings;
    private final ObjectMapper json;
    private final TokenIdentityProvider identities;

    public ProposeAssignments(AssignmentStore store, AssignSettings settings, ObjectMapper json,
            TokenIdentityProvider identities) {
        this.store = store;
        this.settings = settings;
        this.json = json;
        this.identities = identities;
    }

    /** What the scope's state is, as proposals read it. */
    private record ScopeState(String fingerprint, List<SubareaRow> subareas, List<AreaRow> areas, List<StaffRow> staff,
            List<AssignmentRow> assignments, Map<String, Integer> households) {
    }

    private ScopeState read(String scope) throws SQLException {
        // The fingerprint is read first: a change made while the rest is read makes the proposal
        // stale at acceptance instead of letting it apply to a state it did not see.
        String fingerprint = store.fingerprint(scope);
        String streets = scope.substring(0, Math.min(9, scope.length()));
        List<SubareaRow> subareasOfStreets = store.subareas(streets);
        Map<String, Integer> households = subareasOfStreets.stream()
                .collect(Collectors.toMap(SubareaRow::code, SubareaRow::households));
        List<SubareaRow> subareas = subareasOfStreets.stream().filter(s -> s.code().startsWith(scope)).toList();
        return new ScopeState(fingerprint, subareas, store.areas(scope), store.staff(scope),
                store.assignments(scope, true), households);
    }

    /** The workload spread of the scope now. */
    public WorkloadSpread spread(String scope) throws SQLException {
        ScopeState state = read(scope);
        return WorkloadSpread.of(state.staff, state.assignments, state.households, settings.overloadHouseholds());
    }

    /** Proposes people for the units of {@code scope} that have nobody, and stores the proposal. */
    public Proposal balance(String actor, String scope) throws SQLException {
        ScopeState state = read(scope);
        Set<String> staffed = state.assignments.stream().map(AssignmentRow::unitCode).collect(Collectors.toSet());
        List<SubareaRow> open = state.subareas.stream().filter(s -> !staffed.contains(s.code())).toList();
        List<AreaRow> openAreas = state.areas.stream().filter(a -> !staffed.contains(a.code())).toList();
        Plan plan = new AssignmentPlanner(settings).plan(open, openAreas, state.staff,
                loads(state.assignments, state.households), null);
        return save(actor, scope, "balance", null, state, plan);
    }

    /**
     * Proposes who takes over the units of {@code leaving}: {@code successor} when given (an active
     * person of the same role and street), else the nearest people with room, as for a balance.
     *
     * @throws IllegalArgumentException naming the field when the successor cannot take over
     */
    public Proposal replace(String actor, StaffRow leaving, Optional<StaffRow> successor) throws SQLException {
        String scope = leaving.streetCode();
        ScopeState state = read(scope);
        Kind kind = Kind.ofRole(leaving.role()).orElseThrow();
        List<AssignmentRow> theirs = state.assignments.stream()
                .filter(a -> a.personId().equals(leaving.personId())).toList();
        Plan plan;
        if (successor.isPresent()) {
            StaffRow by = successor.get();
            if (!by.role().equals(leaving.role()) || !by.streetCode().equals(leaving.streetCode())
                    || by.personId().equals(leaving.personId())) {
                throw new IllegalArgumentException("by: " + by.personId() + " is not another active " + leaving.role()
                        + " of street " + leaving.streetCode());
            }
            plan = new AssignmentPlanner.Plan(theirs.stream()
                    .map(a -> new Change(a.kind(), a.unitCode(), leaving.personId(), by.personId())).toList(), List.of());
        } else {
            Set<String> codes = theirs.stream().map(AssignmentRow::unitCode).collect(Collectors.toSet());
            List<AssignmentRow> others = state.assignments.stream()
                    .filter(a -> !a.personId().equals(leaving.personId())).toList();
            plan = new AssignmentPlanner(settings).plan(
                    kind == Kind.ENUMERATOR ? state.subareas.stream().filter(s -> codes.contains(s.code())).toList() : List.of(),
                    kind == Kind.SUPERVISOR ? state.areas.stream().filter(a -> codes.contains(a.code())).toList() : List.of(),
                    AssignmentPlanner.without(state.staff, Set.of(leaving.personId())),
                    loads(others, state.households), leaving.personId());
        }
        return save(actor, scope, "replace", leaving.personId(), state, plan);
    }

    /** A stored proposal as previewed. */
    public Optional<Proposal> find(long id) throws SQLException {
        Optional<StoredProposal> stored = store.findProposal(id);
        return stored.isEmpty() ? Optional.empty() : Optional.of(toProposal(stored.get()));
    }

    /**
     * Applies a proposal's changes and forgets the cached identities of everyone they touch.
     *
     * @throws Stale when accepted before or when the scope changed since
     */
    public Proposal accept(String actor, Proposal proposal) throws SQLException, Stale {
        StoredProposal stored = store.findProposal(proposal.id()).orElseThrow();
        List<Change> changes = proposal.changes().stream()
                .map(c -> new Change(Kind.ofRole(c.kind()).orElseThrow(), c.code(), c.remove(), c.add())).toList();
        if (!store.accept(actor, stored, changes, "proposal " + proposal.id() + " (" + proposal.kind() + ")")) {
            throw new Stale(proposal.accepted() ? "proposal " + proposal.id() + " was accepted already"
                    : "the assignments, subareas or people of " + proposal.scope()
                            + " changed since proposal " + proposal.id() + " was made: ask for a new one");
        }
        Set<String> people = new HashSet<>();
        for (Change c : changes) {
            people.add(c.remove());
            people.add(c.add());
        }
        people.remove(null);
        identities.forgetCachedUsers(store.userIds(people));
        return toProposal(store.findProposal(proposal.id()).orElseThrow());
    }

    private Proposal save(String actor, String scope, String kind, String replaces, ScopeState state, Plan plan)
            throws SQLException {
        Map<String, String> names = state.staff.stream().collect(Collectors.toMap(StaffRow::personId, StaffRow::name));
        state.assignments.forEach(a -> names.putIfAbsent(a.personId(), a.personName()));
        Map<String, Integer> areaHouseholds = state.areas.stream()
                .collect(Collectors.toMap(AreaRow::code, AreaRow::households));
        List<ChangeView> views = plan.changes().stream().map(c -> new ChangeView(c.kind().role, c.code(), c.remove(),
                c.remove() == null ? null : names.get(c.remove()), c.add(), c.add() == null ? null : names.get(c.add()),
                c.kind() == Kind.ENUMERATOR ? state.households.getOrDefault(c.code(), 0)
                        : areaHouseholds.getOrDefault(c.code(), 0)))
                .toList();
        List<AssignmentRow> after = applied(state.assignments, plan.changes(), names);
        WorkloadSpread before = WorkloadSpread.of(state.staff, state.assignments, state.households,
                settings.overloadHouseholds());
        WorkloadSpread afterSpread = WorkloadSpread.of(state.staff, after, state.households,
                settings.overloadHouseholds());
        Proposal unsaved = new Proposal(0, scope, kind, replaces, false, views, plan.unassigned(), before, afterSpread);
        long id = store.saveProposal(actor, scope, kind, replaces, state.fingerprint, toJson(unsaved));
        return new Proposal(id, scope, kind, replaces, false, views, plan.unassigned(), before, afterSpread);
    }

    private static List<AssignmentRow> applied(List<AssignmentRow> current, List<Change> changes,
            Map<String, String> names) {
        List<AssignmentRow> after = new ArrayList<>(current);
        for (Change c : changes) {
            if (c.remove() != null) {
                after.removeIf(a -> a.kind() == c.kind() && a.unitCode().equals(c.code()) && a.personId().equals(c.remove()));
            }
            if (c.add() != null) {
                after.add(new AssignmentRow(c.kind(), c.code(), c.add(), names.get(c.add()), c.code().substring(0, 9)));
            }
        }
        return after;
    }

    /** What everyone carries already, from the current assignments. */
    private static Map<String, Load> loads(List<AssignmentRow> assignments, Map<String, Integer> households) {
        Map<String, Long> enumeratorsOfSubarea = assignments.stream().filter(a -> a.kind() == Kind.ENUMERATOR)
                .collect(Collectors.groupingBy(AssignmentRow::unitCode, Collectors.counting()));
        Map<String, Load> loads = new HashMap<>();
        for (AssignmentRow a : assignments) {
            Load load = loads.computeIfAbsent(a.personId(), k -> new Load());
            if (a.kind() == Kind.ENUMERATOR) {
                load.add(households.getOrDefault(a.unitCode(), 0) / (double) enumeratorsOfSubarea.get(a.unitCode()), 1, 0);
            } else {
                load.add(0, 0, 1);
            }
        }
        return loads;
    }

    private Proposal toProposal(StoredProposal stored) {
        try {
            Proposal body = json.readValue(stored.bodyJson(), Proposal.class);
            return new Proposal(stored.id(), stored.scope(), stored.kind(), stored.replaces(), stored.accepted(),
                    body.changes(), body.unassigned(), body.before(), body.after());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("proposal " + stored.id() + " holds unreadable JSON", e);
        }
    }

    private String toJson(Proposal proposal) {
        try {
            return json.writeValueAsString(proposal);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a proposal is always serialisable", e);
        }
    }
}
