package cn.jining.census.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.locationtech.jts.geom.Geometry;

/**
 * The census rules that are not geometry: households per subarea (band and hard limit), codes
 * (format, uniqueness, numbering 001… and 900… without holes), agreement of the delivery with the
 * published division list, and staffing once assignment exists.
 */
public final class RuleChecker {

    private static final int FIRST_VIRTUAL = 900;

    private final CheckSettings settings;

    public RuleChecker(CheckSettings settings) {
        this.settings = settings;
    }

    /**
     * @param scope     the code checked; reference entries outside it are ignored
     * @param streets   street offices of the delivery inside the scope
     * @param areas     census areas of the delivery inside the scope
     * @param subareas  subareas inside the scope (virtual and vertical parts included)
     * @param reference the published list; empty: not compared
     * @param staffing  assignments; empty: not checked
     */
    public List<Issue> check(String scope, List<Unit> streets, List<Unit> areas, List<Unit> subareas,
            List<ReferenceDivision> reference, Optional<Staffing> staffing) {
        List<Issue> issues = new ArrayList<>();
        households(subareas, issues);
        codes(areas, subareas, issues);
        if (!reference.isEmpty()) {
            reference(scope, streets, areas, reference, issues);
        }
        staffing.ifPresent(s -> staffing(areas, subareas, s, issues));
        return issues;
    }

    /**
     * Band and hard limit. Vertical parts of a split high-rise and the subarea they split hold
     * one tower's households by design, so the band does not apply to them; the hard limit does.
     * Virtual subareas count persons (limit 4 995), not households: their band is not checked.
     */
    private void households(List<Unit> subareas, List<Issue> issues) {
        Set<String> splitBases = subareas.stream().map(Unit::verticalOf).filter(v -> v != null).collect(Collectors.toSet());
        for (Unit s : subareas) {
            if (s.households() > settings.hardLimit()) {
                issues.add(new Issue(IssueKind.HOUSEHOLDS_OVER_LIMIT, Severity.ERROR, s.parentCode(), List.of(s.code()), 0,
                        s.geometry(), String.format(Locale.ROOT, "普查小区 %s 有 %d 户，超过 %d 户上限", s.code(), s.households(),
                                settings.hardLimit()),
                        null));
            } else if (!s.virtual() && s.verticalOf() == null && !splitBases.contains(s.code())
                    && (s.households() < settings.bandMin() || s.households() > settings.bandMax())) {
                issues.add(new Issue(IssueKind.HOUSEHOLDS_OUT_OF_BAND, Severity.WARNING, s.parentCode(), List.of(s.code()), 0,
                        s.geometry(), String.format(Locale.ROOT, "普查小区 %s 有 %d 户，不在 %d–%d 户的目标范围内", s.code(),
                                s.households(), settings.bandMin(), settings.bandMax()),
                        null));
            }
        }
    }

    private void codes(List<Unit> areas, List<Unit> subareas, List<Issue> issues) {
        Set<String> areaCodes = areas.stream().map(Unit::code).collect(Collectors.toSet());
        Map<String, Integer> seen = new HashMap<>();
        Map<String, List<Integer>> numbersByArea = new TreeMap<>();
        for (Unit s : subareas) {
            String code = s.code();
            if (!code.matches("\\d{15}") || !areaCodes.contains(code.substring(0, Math.min(12, code.length())))) {
                issues.add(new Issue(IssueKind.CODE_MALFORMED, Severity.ERROR, code.length() >= 12 ? code.substring(0, 12) : code,
                        List.of(code), 0, s.geometry(),
                        "普查小区代码 " + code + " 应为所属普查区的12位代码加3位顺序号", null));
                continue;
            }
            if (seen.merge(code, 1, Integer::sum) == 2) {
                issues.add(new Issue(IssueKind.CODE_DUPLICATE, Severity.ERROR, s.parentCode(), List.of(code), 0,
                        s.geometry(), "普查小区代码 " + code + " 重复", null));
            }
            numbersByArea.computeIfAbsent(code.substring(0, 12), k -> new ArrayList<>()).add(Integer.parseInt(code.substring(12)));
        }
        numbersByArea.forEach((area, numbers) -> {
            consecutive(area, numbers.stream().filter(n -> n < FIRST_VIRTUAL).toList(), 1, "", issues);
            consecutive(area, numbers.stream().filter(n -> n >= FIRST_VIRTUAL).toList(), FIRST_VIRTUAL, "虚拟", issues);
        });
    }

    /** Numbers of one series must run from {@code first} without holes. */
    private void consecutive(String area, List<Integer> numbers, int first, String series, List<Issue> issues) {
        if (numbers.isEmpty()) {
            return;
        }
        TreeSet<Integer> present = new TreeSet<>(numbers);
        List<String> missing = new ArrayList<>();
        for (int n = first; n < present.last(); n++) {
            if (!present.contains(n)) {
                missing.add(String.format(Locale.ROOT, "%03d", n));
            }
        }
        if (!missing.isEmpty()) {
            issues.add(new Issue(IssueKind.CODE_NOT_CONSECUTIVE, Severity.WARNING, area, List.of(area), 0, null,
                    String.format(Locale.ROOT, "普查区 %s 的%s普查小区编号不连续，缺 %s", area, series, String.join("、", missing)),
                    null));
        }
    }

    private void reference(String scope, List<Unit> streets, List<Unit> areas, List<ReferenceDivision> reference,
            List<Issue> issues) {
        Map<String, ReferenceDivision> published = new TreeMap<>();
        for (ReferenceDivision r : reference) {
            if ((r.code().length() == 9 || r.code().length() == 12) && r.code().startsWith(scope)) {
                published.put(r.code(), r);
            }
        }
        Map<String, Unit> delivered = new TreeMap<>();
        streets.forEach(u -> delivered.put(u.code(), u));
        areas.forEach(u -> delivered.put(u.code(), u));
        delivered.forEach((code, u) -> {
            ReferenceDivision r = published.get(code);
            if (r == null) {
                issues.add(new Issue(IssueKind.NOT_IN_REFERENCE, Severity.ERROR, u.parentCode(), List.of(code), 0,
                        u.geometry(), "交付数据中的 " + code + "（" + u.name() + "）不在统计用区划代码表中", null));
            } else if (!r.name().equals(u.name())) {
                issues.add(new Issue(IssueKind.NAME_MISMATCH, Severity.WARNING, u.parentCode(), List.of(code), 0,
                        u.geometry(), "交付数据中 " + code + " 名为“" + u.name() + "”，统计用区划名为“" + r.name() + "”", null));
            }
        });
        published.forEach((code, r) -> {
            if (!delivered.containsKey(code)) {
                issues.add(new Issue(IssueKind.MISSING_FROM_DELIVERY, Severity.ERROR, code.substring(0, code.length() - 3),
                        List.of(code), 0, null, "统计用区划 " + code + "（" + r.name() + "）在交付数据中没有图形", null));
            }
        });
    }

    private void staffing(List<Unit> areas, List<Unit> subareas, Staffing staffing, List<Issue> issues) {
        for (Unit s : subareas) {
            if (!staffing.subareasWithEnumerator().contains(s.code())) {
                issues.add(new Issue(IssueKind.NO_ENUMERATOR, Severity.ERROR, s.parentCode(), List.of(s.code()), 0,
                        s.geometry(), "普查小区 " + s.code() + " 没有普查员", null));
            }
        }
        for (Unit a : areas) {
            if (!staffing.areasWithSupervisor().contains(a.code())) {
                issues.add(new Issue(IssueKind.NO_SUPERVISOR, Severity.ERROR, a.parentCode(), List.of(a.code()), 0,
                        a.geometry(), "普查区 " + a.code() + "（" + a.name() + "）没有普查指导员", null));
            }
        }
        overloaded(subareas, staffing, issues);
    }

    /**
     * An enumerator above the overload setting, placed on their subareas inside the scope. Their
     * id follows the subarea codes so that two enumerators sharing the same subareas are two
     * issues, not one.
     */
    private static void overloaded(List<Unit> subareas, Staffing staffing, List<Issue> issues) {
        Map<String, Geometry> places = new HashMap<>();
        subareas.stream().filter(s -> s.geometry() != null).forEach(s -> places.put(s.code(), s.geometry()));
        for (Staffing.EnumeratorLoad e : staffing.overloadedEnumerators()) {
            List<Geometry> mapped = e.subareas().stream().map(places::get).filter(Objects::nonNull).toList();
            List<String> codes = new ArrayList<>(e.subareas());
            codes.add(e.personId());
            String area = e.subareas().get(0).substring(0, 12);
            String parent = e.subareas().stream().allMatch(c -> c.startsWith(area)) ? area : area.substring(0, 9);
            String households = e.households() == Math.rint(e.households())
                    ? String.valueOf((long) e.households()) : String.valueOf(e.households());
            issues.add(new Issue(IssueKind.OVERLOADED_ENUMERATOR, Severity.WARNING, parent, codes, 0,
                    mapped.isEmpty() ? null : Polygons.union(mapped),
                    String.format(Locale.ROOT, "普查员 %s（%s）负责 %s 户，超过 %d 户的上限", e.personId(), e.name(),
                            households, staffing.overloadHouseholds()),
                    null));
        }
    }
}
