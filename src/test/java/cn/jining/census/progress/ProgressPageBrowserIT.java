package cn.jining.census.progress;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Media;

import cn.jining.census.HeadlessChromium;
import cn.jining.census.collect.CollectFixture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The progress map and the daily bulletin in headless Chromium, as the leading group uses them:
 * log in, look at a street whose subarea 370970001001002 has every building visited, see the
 * subareas coloured by completion, open the bulletin and print it.
 */
@QuarkusTest
class ProgressPageBrowserIT {

    private static final String DONE_COLOUR = "#1a9850";

    private static Playwright playwright;
    private static Browser browser;

    @TestHTTPResource("/progress.html")
    URL pageUrl;

    @Inject
    DataSource dataSource;

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

    @Test
    void supervisorAppliesAConflictingReportFromTheProgressPage() throws Exception {
        CollectFixture.load(dataSource);
        String enumerator = CollectFixture.personToken("progress-browser-a", "enumerator", "370970001001001");
        String supervisor = CollectFixture.personToken("progress-browser-s", "supervisor", "370970001001");
        String bid = "370970001001-A-04";
        Map<String, Object> state = CollectFixture.report("370970001001001", bid, "registered", 5, "2020-11-01T12:00:00+08:00");
        Map<String, Object> conflict = CollectFixture.report("370970001001001", bid, "refused", 0, "2020-11-01T11:00:00+08:00");
        for (Map<String, Object> report : List.of(state, conflict)) {
            given().auth().oauth2(enumerator).contentType(ContentType.JSON).body(report)
                    .when().post("/api/v1/app/reports").then().statusCode(200);
        }

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)
                .setLocale("zh-CN"))) {
            Page page = context.newPage();
            page.navigate(pageUrl + "?scope=370970001001&date=2020-11-08");
            page.fill("#token-input", supervisor);
            page.click("#login-form button[type=submit]");
            page.click("#units tr[data-code='370970001001001']");
            var item = page.locator("#conflicts li[data-report='" + conflict.get("id") + "']");
            assertThat(item).containsText(bid);
            assertThat(item).containsText("拒访");
            assertThat(item).containsText("当时的现状：已登记 5 户");
            // a decision needs a reason
            item.locator("button[data-decision=apply]").click();
            assertThat(item.locator(".conflict-error")).containsText("理由");
            item.locator(".reason").fill("电话核实：住户拒绝登记");
            item.locator("button[data-decision=apply]").click();
            // decided, it leaves the list of conflicts waiting (other tests may leave theirs there)
            assertThat(item).hasCount(0);
            assertThat(page.locator("#conflicts h2")).containsText("370970001001001");
        }
        given().auth().oauth2(supervisor).when().get("/api/v1/app/buildings/" + bid + "?subarea=370970001001001")
                .then().statusCode(200).body("progress.status", equalTo("refused"))
                .body("progress.conflicts", equalTo(0));
    }

    @Test
    void progressMapColoursSubareasByCompletionAndTheBulletinPrints() throws Exception {
        CollectFixture.load(dataSource);
        String token = CollectFixture.personToken("progress-browser-b", "enumerator", "370970001001002");
        List<Map<String, Object>> reports = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            reports.add(CollectFixture.report("370970001001002", "370970001001-B-0" + n, n == 4 ? "vacant" : "registered",
                    n == 4 ? 0 : 8, "2020-11-04T1" + n + ":00:00+08:00"));
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reports", reports))
                .when().post("/api/v1/app/reports/batch").then().statusCode(200);

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)
                .setLocale("zh-CN"))) {
            Page page = context.newPage();
            page.navigate(pageUrl + "?scope=370970001&date=2020-11-08");
            page.fill("#token-input", CollectFixture.ADMIN);
            page.click("#login-form button[type=submit]");
            assertThat(page.locator("#summary h2")).containsText("采集东街道");
            assertThat(page.locator("#completion")).isVisible();
            page.waitForFunction("() => document.querySelectorAll('.leaflet-overlay-pane path').length >= 2");
            @SuppressWarnings("unchecked")
            List<String> fills = (List<String>) page.evaluate(
                    "() => [...document.querySelectorAll('.leaflet-overlay-pane path')].map(p => p.getAttribute('fill'))");
            assertEquals(2, fills.size(), "the street's two subareas are drawn: " + fills);
            assertTrue(fills.contains(DONE_COLOUR), "the subarea with every building visited is green: " + fills);
            assertThat(page.locator("#units tr[data-code]")).hasCount(1);
            assertThat(page.locator("#legend")).containsText("完成率");
            page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "progress-map.png")));

            // the bulletin opens in the same tab, which keeps the token of the session
            Page bulletin = page;
            bulletin.click("#bulletin-link");
            bulletin.waitForURL("**/progress-bulletin.html?**");
            assertThat(bulletin.locator("h1")).containsText("采集东街道普查登记进度日报");
            assertThat(bulletin.locator(".bulletin-table tbody tr")).hasCount(1);
            assertThat(bulletin.locator(".bulletin-table")).containsText("东采社区");
            bulletin.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
            assertThat(bulletin.locator("#print-button")).isHidden();
            bulletin.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "progress-bulletin.png")));
        }
    }
}
