package cn.jining.census.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Demolition zones (拆迁区) whose houses still hold registered households: the census counts
 * those residents in a virtual subarea of their area, numbered from 900, without a map. A zone
 * is reported until its area has one.
 */
public final class DemolitionZoneChecker {

    /**
     * @param zones     land marked for demolition, EPSG:4548
     * @param areas     census areas; a zone belongs to the one holding its interior point
     * @param buildings buildings near the zones; one counts when its interior point lies in a zone
     * @param subareas  subareas, to see whether an area has a virtual one
     */
    public List<Issue> check(List<Geometry> zones, List<Unit> areas, List<BuildingFootprint> buildings,
            List<Unit> subareas) {
        if (zones.isEmpty()) {
            return List.of();
        }
        STRtree areaIndex = new STRtree();
        areas.stream().filter(Unit::tiles).forEach(a -> areaIndex.insert(a.geometry().getEnvelopeInternal(), a));
        Map<String, List<Geometry>> zonesByArea = new TreeMap<>();
        for (Geometry zone : zones) {
            Geometry inside = zone.getInteriorPoint();
            for (Object o : areaIndex.query(inside.getEnvelopeInternal())) {
                Unit a = (Unit) o;
                if (a.geometry().covers(inside)) {
                    zonesByArea.computeIfAbsent(a.code(), k -> new ArrayList<>()).add(zone);
                    break;
                }
            }
        }
        List<Issue> issues = new ArrayList<>();
        zonesByArea.forEach((area, parts) -> {
            boolean hasVirtual = subareas.stream().anyMatch(s -> s.virtual() && s.code().startsWith(area));
            if (hasVirtual) {
                return;
            }
            Geometry zone = Polygons.union(parts);
            PreparedGeometry prepared = PreparedGeometryFactory.prepare(zone);
            int houses = 0;
            int households = 0;
            for (BuildingFootprint b : buildings) {
                if (b.households() > 0 && b.geometry().getEnvelopeInternal().intersects(zone.getEnvelopeInternal())
                        && prepared.covers(b.geometry().getInteriorPoint())) {
                    houses++;
                    households += b.households();
                }
            }
            if (households > 0) {
                issues.add(new Issue(IssueKind.DEMOLITION_ZONE, Severity.WARNING, area.substring(0, 9), List.of(area),
                        zone.getArea(), zone,
                        String.format(Locale.ROOT, "普查区 %s 的拆迁区内 %d 栋房屋仍登记 %d 户，须设虚拟普查小区（编号900起）", area, houses,
                                households),
                        null));
            }
        });
        return issues;
    }
}
