package cn.jining.census.progress;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
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
