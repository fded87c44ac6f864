package cn.jining.census.assign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.jining.census.store.AssignmentStore.AreaRow;
import cn.jining.census.store.AssignmentStore.Change;
import cn.jining.census.store.AssignmentStore.Kind;
import cn.jining.census.store.AssignmentStore.StaffRow;
import cn.jining.census.store.AssignmentStore.SubareaRow;

/**
 * Chooses people for units that need one: enumerators for subareas, supervisors for census areas.
 * People only work in their own street office.
 *
 * <p>Enumerators: the subareas are placed largest first (first-fit decreasing, which keeps the
 * loads even) on the nearest enumerator whose load stays under the street's fair share (its
 * households divided by its enumerators, plus {@link AssignSettings#shareSlack()}) and who holds
 * fewer than {@link AssignSettings#maxSubareasPerEnumerator()} subareas; "nearest" is the
 * distance from the point on surface of the person's home area to the subarea's, with a
 * {@link AssignSettings#otherAreaPenaltyMetres()} surcharge outside their home area, so that people
 * work where they live first. When nobody fits, the least loaded enumerator takes it: every subarea
 * gets someone as long as its street has one enumerator. Supervisors: the same with the number of
 * areas instead of households.
 *
 * <p>Greedy, not optimal: a far subarea may go to a person whose near ones went to others. The
 * workload spread of every proposal is reported so that a planner sees the result before
 * accepting it.
 */
public final class AssignmentPlanner {

    /** A unit no one could take, and why. */
    public record Unassigned(String kind, String code, String reason) {
    }

    /** The additions (or moves) chosen and the units left without anyone. */
    public record Plan(List<Change> changes, List<Unassigned> unassigned) {
    }

    /** What a person already carries: households (shared subareas count in part), subareas and areas. */
    public static final class Load {
        double households;
        int subareas;
        int areas;

        public Load add(double households, int subareas, int areas) {
            this.households += households;
            this.subareas += subareas;
            this.areas += areas;
            return this;
        }
    }

    private final AssignSettings settings;

    public AssignmentPlanner(AssignSettings settings) {
        this.settings = settings;
    }

    /**
     * Plans who takes the given subareas and areas.
     *
     * @param subareas subareas to staff; each gets one enumerator
     * @param areas    areas to staff; each gets one supervisor
     * @param staff    active people who may take them (a person dropping out is left out by the caller)
     * @param loads    what each person carries already, by person id (absent: nothing); updated
     * @param leaving  the person whose units these are (a replacement), or null when they have none
     */
    public Plan plan(List<SubareaRow> subareas, List<AreaRow> areas, List<StaffRow> staff, Map<String, Load> loads,
            String leaving) {
        List<Change> changes = new ArrayList<>();
        List<Unassigned> unassigned = new ArrayList<>();
        Map<String, List<StaffRow>> enumerators = byStreet(staff, Kind.ENUMERATOR);
        Map<String, List<StaffRow>> supervisors = byStreet(staff, Kind.SUPERVISOR);
        Map<String, Double> shareOfStreet = fairShares(subareas, enumerators, loads);

        List<SubareaRow> largestFirst = subareas.stream()
                .sorted(Comparator.comparingInt(SubareaRow::households).reversed().thenComparing(SubareaRow::code))
                .toList();
        for (SubareaRow s : largestFirst) {
            List<StaffRow> candidates = enumerators.getOrDefault(s.streetCode(), List.of());
            if (candidates.isEmpty()) {
                unassigned.add(new Unassigned(Kind.ENUMERATOR.role, s.code(),
                        "no active enumerator on the roster of street " + s.streetCode()));
                continue;
            }
            double cap = Math.max(shareOfStreet.get(s.streetCode()) * (1 + settings.shareSlack()), s.households());
            StaffRow chosen = choose(candidates, loads, s.areaCode(), s.x(), s.y(),
                    l -> l.households + s.households() <= cap && l.subareas < settings.maxSubareasPerEnumerator(),
                    l -> l.households);
            load(loads, chosen).add(s.households(), 1, 0);
            changes.add(new Change(Kind.ENUMERATOR, s.code(), leaving, chosen.personId()));
        }
        giveIdleEnumeratorsWork(changes, subareas, enumerators, loads);

        Map<String, Integer> areasPerSupervisor = areaShares(areas, supervisors, loads);
        List<AreaRow> areasLargestFirst = areas.stream()
                .sorted(Comparator.comparingInt(AreaRow::households).reversed().thenComparing(AreaRow::code))
                .toList();
        for (AreaRow a : areasLargestFirst) {
            List<StaffRow> candidates = supervisors.getOrDefault(a.streetCode(), List.of());
            if (candidates.isEmpty()) {
                unassigned.add(new Unassigned(Kind.SUPERVISOR.role, a.code(),
                        "no active supervisor on the roster of street " + a.streetCode()));
                continue;
            }
            int cap = areasPerSupervisor.get(a.streetCode());
            StaffRow chosen = choose(candidates, loads, a.code(), a.x(), a.y(), l -> l.areas < cap, l -> l.areas);
            load(loads, chosen).add(0, 0, 1);
            changes.add(new Change(Kind.SUPERVISOR, a.code(), leaving, chosen.personId()));
        }
        changes.sort(Comparator.comparing((Change c) -> c.kind()).thenComparing(Change::code));
        return new Plan(changes, unassigned);
    }

    /**
     * Greedy placement can leave an enumerator without any subarea while others hold several
     * (the nearest-first rule filled their neighbourhood before them). Each idle enumerator takes
     * the nearest planned subarea of someone holding two or more: the donor keeps at least one and
     * its load was larger than the subarea, so the spread only narrows.
     */
    private void giveIdleEnumeratorsWork(List<Change> changes, List<SubareaRow> subareas,
            Map<String, List<StaffRow>> enumerators, Map<String, Load> loads) {
        Map<String, SubareaRow> byCode = new HashMap<>();
        subareas.forEach(s -> byCode.put(s.code(), s));
        for (List<StaffRow> street : enumerators.values()) {
            for (StaffRow idle : street) {
                if (load(loads, idle).subareas > 0) {
                    continue;
                }
                int best = -1;
                double bestDistance = Double.MAX_VALUE;
                for (int i = 0; i < changes.size(); i++) {
                    Change c = changes.get(i);
                    SubareaRow s = byCode.get(c.code());
                    if (s == null || !s.streetCode().equals(idle.streetCode()) || loads.get(c.add()).subareas < 2) {
                        continue;
                    }
                    double d = distance(idle, s.areaCode(), s.x(), s.y());
                    if (d < bestDistance) {
                        best = i;
                        bestDistance = d;
                    }
                }
                if (best >= 0) {
                    Change moved = changes.get(best);
                    int households = byCode.get(moved.code()).households();
                    loads.get(moved.add()).add(-households, -1, 0);
                    load(loads, idle).add(households, 1, 0);
                    changes.set(best, new Change(Kind.ENUMERATOR, moved.code(), moved.remove(), idle.personId()));
                }
            }
        }
    }

    private interface LoadTest {
        boolean fits(Load load);
    }

    private interface LoadMeasure {
        double of(Load load);
    }

    /** The nearest person who still fits, else the least loaded one (nearest among equals). */
    private StaffRow choose(List<StaffRow> candidates, Map<String, Load> loads, String areaCode, double x, double y,
            LoadTest fits, LoadMeasure measure) {
        Comparator<StaffRow> nearest = Comparator.comparingDouble(p -> distance(p, areaCode, x, y));
        return candidates.stream().filter(p -> fits.fits(load(loads, p))).min(nearest.thenComparing(StaffRow::personId))
                .orElseGet(() -> candidates.stream()
                        .min(Comparator.comparingDouble((StaffRow p) -> measure.of(load(loads, p)))
                                .thenComparing(nearest).thenComparing(StaffRow::personId))
                        .orElseThrow());
    }

    private double distance(StaffRow person, String areaCode, double x, double y) {
        double metres = Math.hypot(person.homeX() - x, person.homeY() - y);
        return areaCode.equals(person.homeAreaCode()) ? metres : metres + settings.otherAreaPenaltyMetres();
    }

    /** Households per enumerator if the street's load were spread evenly, counting what they carry. */
    private static Map<String, Double> fairShares(List<SubareaRow> subareas, Map<String, List<StaffRow>> enumerators,
            Map<String, Load> loads) {
        Map<String, Double> total = new HashMap<>();
        for (SubareaRow s : subareas) {
            total.merge(s.streetCode(), (double) s.households(), Double::sum);
        }
        Map<String, Double> shares = new HashMap<>();
        for (String street : total.keySet()) {
            List<StaffRow> people = enumerators.getOrDefault(street, List.of());
            double carried = people.stream().mapToDouble(p -> load(loads, p).households).sum();
            shares.put(street, people.isEmpty() ? 0 : (total.get(street) + carried) / people.size());
        }
        return shares;
    }

    /** Areas per supervisor if spread evenly (rounded up), counting those they hold. */
    private static Map<String, Integer> areaShares(List<AreaRow> areas, Map<String, List<StaffRow>> supervisors,
            Map<String, Load> loads) {
        Map<String, Integer> count = new HashMap<>();
        for (AreaRow a : areas) {
            count.merge(a.streetCode(), 1, Integer::sum);
        }
        Map<String, Integer> shares = new HashMap<>();
        for (String street : count.keySet()) {
            List<StaffRow> people = supervisors.getOrDefault(street, List.of());
            int held = people.stream().mapToInt(p -> load(loads, p).areas).sum();
            shares.put(street, people.isEmpty() ? 0 : (int) Math.ceil((count.get(street) + held) / (double) people.size()));
        }
        return shares;
    }

    private static Map<String, List<StaffRow>> byStreet(List<StaffRow> staff, Kind kind) {
        Map<String, List<StaffRow>> byStreet = new HashMap<>();
        for (StaffRow p : staff) {
            if (kind.role.equals(p.role())) {
                byStreet.computeIfAbsent(p.streetCode(), k -> new ArrayList<>()).add(p);
            }
        }
        return byStreet;
    }

    private static Load load(Map<String, Load> loads, StaffRow person) {
        return loads.computeIfAbsent(person.personId(), k -> new Load());
    }

    /** The people of {@code staff} with the given ids left out. */
    public static List<StaffRow> without(List<StaffRow> staff, Set<String> leaving) {
        return staff.stream().filter(p -> !leaving.contains(p.personId())).toList();
    }
}
