package cn.jining.census.serve;

import static cn.jining.census.serve.ServeFixture.ADMIN_TOKEN;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import cn.jining.census.HeadlessChromium;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The web map in headless Debian Chromium, checked as a person would: log in with a token, see
 * the streets listed and drawn, click one and read its code, name and counts. Screenshots go to
 * {@code target/screenshots/}.
 */
@QuarkusTest
class WebMapBrowserIT {

    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private static Playwright playwright;
    private static Browser browser;

    @TestHTTPResource("/")
    URL root;

    @Inject
    DataSource dataSource;

    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void launchChromium() {
        playwright = HeadlessChromium.playwright();
        browser = HeadlessChromium.launch(playwright);
    }

    @AfterAll
    static void closeChromium() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openPage() throws Exception {
        ServeFixture.insert(dataSource);
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900).setLocale("zh-CN"));
        page = context.newPage();
    }

    @AfterEach
    void closePage() throws Exception {
        context.close();
        ServeFixture.remove(dataSource);
    }

    private void logIn() {
        page.navigate(root.toString());
        assertThat(page.locator("#login")).isVisible();
        page.getByLabel("令牌").fill(ADMIN_TOKEN);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
        assertThat(page.locator("#current-user")).containsText("admin");
        assertThat(page.locator("body")).hasAttribute("data-map-ready", "true");
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)));
    }

    @Test
    void streetsAreListedAndDrawnAndAClickShowsCodeNameAndCounts() {
        logIn();
        assertThat(page).hasTitle("济宁高新区第七次全国人口普查 普查区划地图");
        List<String> loaded = given().auth().oauth2(ADMIN_TOKEN).get("/api/v1/streets")
                .then().statusCode(200).extract().jsonPath().getList("code");

        Locator list = page.locator("#street-list li.street-item");
        assertThat(list).hasCount(loaded.size());
        assertThat(list.locator("xpath=self::*[@data-code='370999001']")).containsText("东湖街道");
        assertThat(list.locator("xpath=self::*[@data-code='370999002']")).containsText("西岭街道");
        assertThat(page.locator("path.street")).hasCount(loaded.size());
        for (String code : loaded) {
            assertThat(page.locator("path.street[data-code='" + code + "']")).hasCount(1);
        }
        assertThat(page.locator("path.area[data-code='370999001201']")).hasCount(1);
        screenshot("web-map-district.png");

        page.locator("#street-list li[data-code='370999001']").click();
        Locator eastLake = page.locator("path.street[data-code='370999001']");
        assertThat(eastLake).isVisible();
        // a quarter of the way across the street: inside its community 370999001001
        var box = eastLake.boundingBox();
        eastLake.click(new Locator.ClickOptions().setPosition(box.width * 0.25, box.height * 0.5));

        Locator street = page.locator("#feature-info .info-section[data-kind='street']");
        assertThat(street).containsText("东湖街道");
        assertThat(street).containsText("370999001");
        assertThat(street).containsText("2 个");
        assertThat(street).containsText("5 栋");
        assertThat(street).containsText("73 户");
        Locator area = page.locator("#feature-info .info-section[data-kind='area']");
        assertThat(area).containsText("东湖社区居民委员会");
        assertThat(area).containsText("370999001001");
        assertThat(area).containsText("68 户");
        screenshot("web-map-street-selected.png");
    }

    @Test
    void buildingsAppearFromZoom15AndAClickNamesTheirAreaAndStreet() {
        logIn();
        page.locator("#street-list li[data-code='370999002']").click();
        assertThat(page.locator("path.street[data-code='370999002']")).isVisible();
        Locator building = page.locator("path.building[data-bid='T-0007']");
        assertThat(building).isVisible();
        // zoom in on the building with the mouse wheel, as a person would
        var box = building.boundingBox();
        page.mouse().move(box.x + box.width / 2, box.y + box.height / 2);
        page.mouse().wheel(0, -240);
        page.waitForFunction("() => { const p = document.querySelector(\"path.building[data-bid='T-0007']\");"
                + " return p !== null && p.getBoundingClientRect().width > 20; }");
        assertThat(building).isVisible();
        building.click();
        Locator info = page.locator("#feature-info");
        assertThat(info.locator(".info-section[data-kind='building']")).containsText("T-0007");
        assertThat(info.locator(".info-section[data-kind='building']")).containsText("120 户");
        assertThat(info.locator(".info-section[data-kind='area']")).containsText("西岭社区居民委员会");
        assertThat(info.locator(".info-section[data-kind='street']")).containsText("370999002");
        screenshot("web-map-building.png");
    }

    /** The ETag of every land-use PNG tile on screen, by z/x/y. */
    @SuppressWarnings("unchecked")
    private Map<String, String> landuseTileEtags() {
        return (Map<String, String>) page.evaluate("() => Object.fromEntries([...document.querySelectorAll("
                + "\"img.service-tile[data-set='landuse.png']\")].filter((img) => img.dataset.etag)"
                + ".map((img) => [img.dataset.tile, img.dataset.etag]))");
    }

    @Test
    void anEditedTileIsReloadedLiveWithoutTouchingTheMap() throws Exception {
        logIn();
        page.locator("#street-list li[data-code='370999001']").click();
        assertThat(page.locator("body")).hasAttribute("data-tile-events", "ready");
        page.waitForFunction("() => [...document.querySelectorAll(\"img.service-tile[data-set='landuse.png']\")]"
                + ".some((img) => img.dataset.etag)");
        Map<String, String> before = landuseTileEtags();
        screenshot("web-map-before-edit.png");

        // the residential land of 东湖社区 becomes forest, committed as any edit is
        ServeFixture.execute(dataSource, "UPDATE landuse SET dlbm = '0301', dlmc = '乔木林地' WHERE fid = 9999000001");

        page.waitForFunction("(before) => [...document.querySelectorAll(\"img.service-tile[data-set='landuse.png']\")]"
                + ".some((img) => before[img.dataset.tile] && img.dataset.etag && img.dataset.etag !== before[img.dataset.tile])",
                before);
        Map<String, String> after = landuseTileEtags();
        long changed = before.keySet().stream().filter(t -> after.containsKey(t) && !after.get(t).equals(before.get(t))).count();
        assertTrue(changed > 0, "a land-use tile on screen changed: " + before + " → " + after);
        screenshot("web-map-after-edit.png");
    }

    /** The street offices of 济宁高新区 as the National Bureau of Statistics lists them. */
    private static final Map<String, String> JINING_HITECH_STREETS = Map.of(
            "370871001", "洸河街道", "370871002", "柳行街道", "370871003", "接庄街道",
            "370871004", "王因街道", "370871005", "黄屯街道");

    @Test
    void theFiveStreetsOfTheBundledDeliveryAreDrawn() throws Exception {
        // the start-up load brings map-data/jining-hitech.gpkg into the test database when it is there
        assumeTrue(ServeFixture.number(dataSource, "SELECT count(*) FROM street WHERE district_code = '370871'") == 5,
                "the bundled delivery of 370871 is loaded");
        logIn();
        assertThat(page.locator("#district-name")).hasText("济宁高新技术产业开发区");
        long households = ServeFixture.number(dataSource, "SELECT sum(households) FROM building WHERE street_code LIKE '370871%'");
        assertThat(page.locator("#district-meta")).containsText(String.format(java.util.Locale.ROOT, "%,d 户", households));
        for (var street : JINING_HITECH_STREETS.entrySet()) {
            assertThat(page.locator("#street-list li[data-code='" + street.getKey() + "']")).containsText(street.getValue());
            assertThat(page.locator("path.street[data-code='" + street.getKey() + "']")).isVisible();
            assertThat(page.locator(".street-label span").getByText(street.getValue(), new Locator.GetByTextOptions()
                    .setExact(true))).isVisible();
        }
        screenshot("web-map-jining-hitech.png");

        page.locator("path.street[data-code='370871003']").click();
        Locator street = page.locator("#feature-info .info-section[data-kind='street']");
        assertThat(street).containsText("接庄街道");
        assertThat(street).containsText("370871003");
    }

    @Test
    void wrongTokenIsRefusedAndTheTokenFieldStays() {
        page.navigate(root.toString());
        page.getByLabel("令牌").fill("not-a-token-of-anyone-at-all");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
        assertThat(page.locator("#login-error")).hasText("令牌无效或已过期，请重新输入。");
        assertThat(page.getByLabel("令牌")).isVisible();
        assertThat(page.locator("#account")).isHidden();
        screenshot("web-map-login-refused.png");
    }

    @Test
    void tokenKeptForTheTabAndLogoutAsksAgain() {
        logIn();
        page.reload();
        assertThat(page.locator("body")).hasAttribute("data-map-ready", "true");
        assertThat(page.locator("#login")).isHidden();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("退出")).click();
        assertThat(page.getByLabel("令牌")).isVisible();
        assertThat(page.locator("#account")).isHidden();
        assertThat(page.locator("#street-list li")).hasCount(0);
    }
}
