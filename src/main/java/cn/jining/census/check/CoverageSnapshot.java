package cn.jining.census.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.geom.Geometry;

/**
 * Everything a check of one scope reads, taken at one moment.
 *
 * @param units         the district, all street offices and census areas, and the subareas of the
 *                      scope and of the areas around it (all virtual and vertical parts too);
 *                      geometries EPSG:4548
 * @param buildings     the buildings of the scope
 * @param registrations building id → codes of the subareas registering it ({@code subarea_building})
 * @param demolitionZones land marked for demolition (拆迁区 in the land-use layer) in the scope,
 *                      EPSG:4548
 * @param reference     the published division list; empty: not checked
 * @param staffing      assignments; empty until the assignment stage records any
 */
public record CoverageSnapshot(List<Unit> units, List<BuildingFootprint> buildings,
        Map<String, List<String>> registrations, List<Geometry> demolitionZones, List<ReferenceDivision> reference,
        Optional<Staffing> staffing) {

    public CoverageSnapshot {
        units = List.copyOf(units);
        buildings = List.copyOf(buildings);
        registrations = Map.copyOf(registrations);
        demolitionZones = List.copyOf(demolitionZones);
        reference = List.copyOf(reference);
    }

    /** A snapshot of units only: the geometry checks' test cases. */
    public static CoverageSnapshot ofUnits(List<Unit> units) {
        return new CoverageSnapshot(units, List.of(), Map.of(), List.of(), List.of(), Optional.empty());
    }
}
