package cn.jining.census.assign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.jining.census.store.AssignmentStore.AssignmentRow;
import cn.jining.census.store.AssignmentStore.Kind;
import cn.jining.census.store.AssignmentStore.StaffRow;

/**
 * How evenly households are spread over the enumerators of a scope: a subarea's households count
 * for each of its enumerators in equal parts; enumerators without a subarea count with 0.
 *
 * @param enumerators   active enumerators of the scope's streets
 * @param min           fewest households of one enumerator
 * @param max           most households of one enumerator
 * @param mean          mean households per enumerator
 * @param std           population standard deviation of households per enumerator
 * @param overloadLimit households above which an enumerator is overloaded
 * @param overloaded    enumerators above the limit, most loaded first
 * @param people        every enumerator's load, most loaded first
 */
public record WorkloadSpread(int enumerators, double min, double max, double mean, double std, int overloadLimit,
        List<PersonLoad> overloaded, List<PersonLoad> people) {

    /** One enumerator's workload. */
    public record PersonLoad(String personId, String name, double households, int subareas) {
    }

    /**
     * The spread of {@code assignments} (enumerator rows; others are ignored) over the enumerators
     * of {@code staff}.
     *
     * @param households households by subarea code
     */
    public static WorkloadSpread of(List<StaffRow> staff, List<AssignmentRow> assignments,
            Map<String, Integer> households, int overloadLimit) {
        Map<String, Integer> enumeratorsOfSubarea = new HashMap<>();
        for (AssignmentRow a : assignments) {
            if (a.kind() == Kind.ENUMERATOR) {
                enumeratorsOfSubarea.merge(a.unitCode(), 1, Integer::sum);
            }
        }
        Map<String, double[]> loads = new HashMap<>();
        for (StaffRow p : staff) {
            if (Kind.ENUMERATOR.role.equals(p.role())) {
                loads.put(p.personId(), new double[2]);
            }
        }
        for (AssignmentRow a : assignments) {
            double[] load = loads.get(a.personId());
            if (a.kind() == Kind.ENUMERATOR && load != null) {
                load[0] += households.getOrDefault(a.unitCode(), 0) / (double) enumeratorsOfSubarea.get(a.unitCode());
                load[1]++;
            }
        }
        List<PersonLoad> people = new ArrayList<>();
        for (StaffRow p : staff) {
            double[] load = loads.get(p.personId());
            if (load != null) {
                people.add(new PersonLoad(p.personId(), p.name(), round(load[0]), (int) load[1]));
            }
        }
        people.sort(Comparator.comparingDouble(PersonLoad::households).reversed().thenComparing(PersonLoad::personId));
        double mean = people.stream().mapToDouble(PersonLoad::households).average().orElse(0);
        double variance = people.stream().mapToDouble(l -> (l.households() - mean) * (l.households() - mean))
                .average().orElse(0);
        return new WorkloadSpread(people.size(),
                people.stream().mapToDouble(PersonLoad::households).min().orElse(0),
                people.stream().mapToDouble(PersonLoad::households).max().orElse(0),
                round(mean), round(Math.sqrt(variance)), overloadLimit,
                people.stream().filter(l -> l.households() > overloadLimit).toList(), people);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
