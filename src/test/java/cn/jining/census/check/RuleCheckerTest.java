package cn.jining.census.check;

import static cn.jining.census.check.Corpus.box;
import static cn.jining.census.check.Corpus.kinds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleCheckerTest {

    private static final String AREA = "370871001001";
    private static final RuleChecker RULES = new RuleChecker(Corpus.SETTINGS);
    private static final List<Unit> AREAS = List.of(new Unit(AREA, "东闸社区居民委会", box(0, 0, 500, 500), 0, false, null));

    private static Unit subarea(String suffix, int households) {
        return new Unit(AREA + suffix, "", box(0, 0, 10, 10), households, suffix.startsWith("9"), null);
    }

    private static List<Issue> check(List<Unit> subareas) {
        return RULES.check(AREA, List.of(), AREAS, subareas, List.of(), Optional.empty());
    }

    @ParameterizedTest(name = "{0} households: {1}")
    @CsvSource({
        "79, households_out_of_band",
        "80, ''",
        "100, ''",
        "101, households_out_of_band",
        "999, households_out_of_band",
        "1000, households_over_999",
    })
    void householdsOfASubareaAgainstBandAndLimit(int households, String expected) {
        assertEquals(expected, kinds(check(List.of(subarea("001", households)))));
    }

    @Test
    void virtualSubareaIsOutsideTheBandButNotTheLimit() {
        assertEquals("", kinds(check(List.of(subarea("001", 90), subarea("900", 30)))));
        assertEquals("households_over_999", kinds(check(List.of(subarea("001", 90), subarea("900", 1200)))));
    }

    @Test
    void verticalPartsAndTheirBaseAreOutsideTheBand() {
        Unit base = subarea("001", 600);
        Unit part = new Unit(AREA + "002", "", box(0, 0, 10, 10), 600, false, AREA + "001");
        assertEquals("", kinds(check(List.of(base, part))));
    }

    @Test
    void malformedDuplicateAndMissingNumbersAreReported() {
        List<Issue> issues = check(List.of(subarea("001", 90), subarea("001", 90), subarea("004", 90),
                new Unit("37087100100", "", null, 90, false, null), new Unit("370871009001001", "", null, 90, false, null)));
        assertEquals("code_duplicate,code_malformed,code_malformed,code_not_consecutive", kinds(issues));
        assertTrue(issues.get(3).message().contains("缺 002、003"), issues.get(3).message());
    }

    @Test
    void virtualSubareasAreNumberedFrom900() {
        List<Issue> issues = check(List.of(subarea("001", 90), subarea("901", 10)));
        assertEquals("code_not_consecutive", kinds(issues));
        assertTrue(issues.get(0).message().contains("虚拟"), issues.get(0).message());
    }

    @Test
    void deliveryIsComparedWithThePublishedList() {
        List<ReferenceDivision> reference = List.of(new ReferenceDivision("370871001", "洸河街道"),
                new ReferenceDivision(AREA, "东闸社区居民委员会"), new ReferenceDivision("370871001002", "西闸社区居民委会"),
                new ReferenceDivision("370871002001", "outside the scope"));
        List<Unit> streets = List.of(new Unit("370871001", "洸河街道", box(0, 0, 1000, 1000), 0, false, null));
        List<Unit> areas = List.of(AREAS.get(0), new Unit("370871001099", "新村", box(0, 0, 1, 1), 0, false, null));
        List<Issue> issues = RULES.check("370871001", streets, areas, List.of(), reference, Optional.empty());
        assertEquals("not_in_reference,missing_from_delivery,name_mismatch", kinds(issues.stream()
                .sorted(java.util.Comparator.comparing(Issue::severity).thenComparing(Issue::kind)).toList()));
    }

    @Test
    void staffingIsCheckedOnlyOnceAssignmentExists() {
        List<Unit> subareas = List.of(subarea("001", 90), subarea("002", 90));
        assertEquals("", kinds(check(subareas)));
        Staffing staffing = new Staffing(Set.of(AREA + "001"), Set.of(), 300, List.of());
        List<Issue> issues = RULES.check(AREA, List.of(), AREAS, subareas, List.of(), Optional.of(staffing));
        assertEquals("no_enumerator,no_supervisor", kinds(issues));
        assertEquals(List.of(AREA + "002"), issues.get(0).codes());
    }

    @Test
    void eachOverloadedEnumeratorIsAWarningOnTheirSubareasInsideTheScope() {
        List<Unit> subareas = List.of(Unit.of(AREA + "001", box(0, 0, 10, 10)), Unit.of(AREA + "002", box(10, 0, 30, 10)));
        List<String> both = List.of(AREA + "001", AREA + "002");
        // two enumerators sharing the same subareas; their households count subareas outside the scope too
        Staffing staffing = new Staffing(Set.copyOf(both), Set.of(AREA), 300, List.of(
                new Staffing.EnumeratorLoad("E-1", "甲", 412.5, both),
                new Staffing.EnumeratorLoad("E-2", "乙", 301, both)));
        List<Issue> overloaded = RULES.check(AREA, List.of(), AREAS, subareas, List.of(), Optional.of(staffing)).stream()
                .filter(i -> i.kind() == IssueKind.OVERLOADED_ENUMERATOR).toList();
        assertEquals(2, overloaded.size());
        assertNotEquals(overloaded.get(0).id(), overloaded.get(1).id(), "one issue per person");
        Issue first = overloaded.get(0);
        assertEquals(Severity.WARNING, first.severity());
        assertEquals(AREA, first.parentCode());
        assertEquals(List.of(AREA + "001", AREA + "002", "E-1"), first.codes());
        assertEquals(300, first.geometry().getArea(), 1e-9);
        assertEquals("普查员 E-1（甲）负责 412.5 户，超过 300 户的上限", first.message());
        assertEquals("普查员 E-2（乙）负责 301 户，超过 300 户的上限", overloaded.get(1).message());
        assertNull(first.fix());
    }
}
