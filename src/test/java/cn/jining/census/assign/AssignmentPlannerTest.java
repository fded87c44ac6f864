package cn.jining.census.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import cn.jining.census.assign.AssignmentPlanner.Plan;
import cn.jining.census.store.AssignmentStore.AreaRow;
import cn.jining.census.store.AssignmentStore.Change;
import cn.jining.census.store.AssignmentStore.StaffRow;
import cn.jining.census.store.AssignmentStore.SubareaRow;

class AssignmentPlannerTest {

    private static final String STREET = "370871001";
    private static final String WEST = STREET + "001";
    private static final String EAST = STREET + "002";

    private static final AssignSettings SETTINGS = new AssignSettings() {
        @Override
        public int maxSubareasPerEnumerator() {
            return 3;
        }

        @Override
        public double shareSlack() {
            return 0.1;
        }

        @Override
        public double otherAreaPenaltyMetres() {
            return 1000;
        }

        @Override
        public int overloadHouseholds() {
            return 300;
        }
    };

    private static SubareaRow subarea(String area, int number, int households, double x) {
        return new SubareaRow(area + "%03d".formatted(number), area, STREET, households, x, 0);
    }

    private static StaffRow enumerator(String id, String homeArea, double x) {
        return new StaffRow(id, id, "enumerator", STREET, homeArea, x, 0);
    }

    private static Map<String, String> assigned(Plan plan) {
        return plan.changes().stream().collect(Collectors.toMap(Change::code, Change::add));
    }

    @Test
    void everyoneWorksInTheirHomeAreaWhenTheLoadsAllowIt() {
        List<SubareaRow> subareas = List.of(subarea(WEST, 1, 90, 0), subarea(WEST, 2, 85, 100),
                subarea(EAST, 1, 95, 2000), subarea(EAST, 2, 80, 2100));
        Plan plan = new AssignmentPlanner(SETTINGS).plan(subareas, List.of(),
                List.of(enumerator("W", WEST, 50), enumerator("E", EAST, 2050)), new HashMap<>(), null);
        assertEquals(Map.of(WEST + "001", "W", WEST + "002", "W", EAST + "001", "E", EAST + "002", "E"), assigned(plan));
        assertTrue(plan.unassigned().isEmpty());
    }

    @Test
    void theNearestEnumeratorGivesWayWhenTheirLoadWouldPassTheFairShare() {
        // four subareas near A, none near B: B takes half although farther
        List<SubareaRow> subareas = List.of(subarea(WEST, 1, 90, 0), subarea(WEST, 2, 90, 10),
                subarea(WEST, 3, 90, 20), subarea(WEST, 4, 90, 30));
        Plan plan = new AssignmentPlanner(SETTINGS).plan(subareas, List.of(),
                List.of(enumerator("A", WEST, 0), enumerator("B", EAST, 5000)), new HashMap<>(), null);
        Map<String, Long> perPerson = plan.changes().stream().collect(Collectors.groupingBy(Change::add, Collectors.counting()));
        assertEquals(Map.of("A", 2L, "B", 2L), perPerson);
    }

    @Test
    void withTooFewPeopleEverySubareaStillGetsTheLeastLoaded() {
        List<SubareaRow> subareas = List.of(subarea(WEST, 1, 90, 0), subarea(WEST, 2, 90, 0), subarea(WEST, 3, 90, 0),
                subarea(WEST, 4, 90, 0), subarea(WEST, 5, 90, 0));
        Plan plan = new AssignmentPlanner(SETTINGS).plan(subareas, List.of(), List.of(enumerator("A", WEST, 0)),
                new HashMap<>(), null);
        assertEquals(5, plan.changes().size());
        assertTrue(plan.changes().stream().allMatch(c -> "A".equals(c.add())));
    }

    @Test
    void aStreetWithoutEnumeratorOrSupervisorLeavesItsUnitsUnassignedWithTheReason() {
        Plan plan = new AssignmentPlanner(SETTINGS).plan(List.of(subarea(WEST, 1, 90, 0)),
                List.of(new AreaRow(WEST, "西村", STREET, 90, 0, 0)), List.of(), new HashMap<>(), null);
        assertEquals(List.of("enumerator", "supervisor"), plan.unassigned().stream().map(AssignmentPlanner.Unassigned::kind).toList());
        assertTrue(plan.unassigned().get(0).reason().contains(STREET));
    }

    @Test
    void supervisorsShareTheAreasEvenlyNearestFirst() {
        List<AreaRow> areas = List.of(new AreaRow(WEST, "西村", STREET, 300, 0, 0),
                new AreaRow(EAST, "东村", STREET, 200, 3000, 0),
                new AreaRow(STREET + "003", "北村", STREET, 100, 200, 0));
        List<StaffRow> supervisors = List.of(new StaffRow("S1", "S1", "supervisor", STREET, WEST, 0, 0),
                new StaffRow("S2", "S2", "supervisor", STREET, EAST, 3000, 0));
        Plan plan = new AssignmentPlanner(SETTINGS).plan(List.of(), areas, supervisors, new HashMap<>(), null);
        assertEquals(Map.of(WEST, "S1", EAST, "S2", STREET + "003", "S1"), assigned(plan));
    }

    @Test
    void anEnumeratorLeftIdleByTheNearestFirstRuleTakesASubareaFromSomeoneHoldingSeveral() {
        // A takes the tower block, B (nearest with room) the three small ones; C, far away, would get nothing
        List<SubareaRow> subareas = List.of(subarea(WEST, 1, 300, 0), subarea(WEST, 2, 30, 10), subarea(WEST, 3, 30, 20),
                subarea(WEST, 4, 30, 30));
        Plan plan = new AssignmentPlanner(SETTINGS).plan(subareas, List.of(),
                List.of(enumerator("A", WEST, 0), enumerator("B", WEST, 10), enumerator("C", EAST, 9000)),
                new HashMap<>(), null);
        Map<String, Long> perPerson = plan.changes().stream().collect(Collectors.groupingBy(Change::add, Collectors.counting()));
        assertEquals(Map.of("A", 1L, "B", 2L, "C", 1L), perPerson);
    }
}
