package cn.jining.census.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DivisionTest {

    @ParameterizedTest
    @CsvSource({
        "东闸社区居民委会, 社区",
        "菱花居委会, 社区",
        "绿色家园社区居民委员会, 社区",
        "杨村矿类似居委会, 社区",
        "江庄村村委会, 村",
        "苗圃生活区, 村",
        "柳行新村村委会, 村",
    })
    void residentsCommitteesAreCommunitiesAndTheRestVillages(String name, String kind) {
        assertEquals(kind, new Division("area", "370871001001", name, "370871001").areaKind());
    }

    @ParameterizedTest
    @CsvSource({
        "江庄村村委会, false, 江庄村",
        "东闸社区居民委会, true, 东闸社区",
        "菱花居委会, true, 菱花社区",
        "杨村矿类似居委会, true, 杨村矿社区",
        "苗圃生活区, false, 苗圃生活区",
        "和平社区居民委员会, true, 和平社区",
        "安关村村民委员会, false, 安关村",
    })
    void addressesUseTheCommitteesPlaceName(String name, boolean community, String place) {
        assertEquals(place, LandscapePlan.placeName(name, community));
    }
}
