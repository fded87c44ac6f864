package cn.jining.census.delineate;

import static cn.jining.census.delineate.EditFixture.ADMIN;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The planner page in headless Debian Chromium, used as a planner would: log in, pick the area,
 * accept the automatic delineation, split a subarea by drawing a line on the map, then merge the
 * two halves back by clicking. The area is a small fixture of its own (district 370998), inserted
 * before and removed after, so the test does not depend on the bundled delivery. Screenshots go
 * to {@code target/screenshots/}.
 */
@QuarkusTest
class PlannerBrowserIT {

    private static final String STREET = "370998001";
    private static final String AREA = "370998001001";
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private static Playwright playwright;
    private static Browser browser;

    @TestHTTPResource("/planner.html")
    URL planner;

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
    void insertTheArea() throws Exception {
        removeTheArea();
        try (InputStream in = PlannerBrowserIT.class.getResourceAsStream("/delineate/planner-fixture-370998.sql")) {
            execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900).setLocale("zh-CN"));
        page = context.newPage();
        // what the page logs shows up next to a failure
        page.onConsoleMessage(m -> System.out.println("planner page: " + m.text()));
        page.onPageError(e -> System.out.println("planner page error: " + e));
    }

    @AfterEach
    void removeTheArea() throws SQLException {
        if (context != null) {
            context.close();
        }
        execute("""
                DELETE FROM subarea WHERE area_code LIKE '370998%';
                DELETE FROM area_state WHERE area_code LIKE '370998%';
                DELETE FROM area_delineation WHERE area_code LIKE '370998%';
                DELETE FROM building WHERE street_code LIKE '370998%';
                DELETE FROM road WHERE street_code LIKE '370998%';
                DELETE FROM area WHERE street_code LIKE '370998%';
                DELETE FROM street WHERE district_code = '370998';
                """);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Clicks the map where a lon/lat lies. */
    private void clickMapAt(double lon, double lat) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) page.evaluate(
                "([lon, lat]) => { const p = window.plannerMap.latLngToContainerPoint([lat, lon]); return { x: p.x, y: p.y }; }",
                List.of(lon, lat));
        var box = page.locator("#map").boundingBox();
        page.mouse().click(box.x + ((Number) p.get("x")).doubleValue(), box.y + ((Number) p.get("y")).doubleValue());
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)));
    }

    @Test
    void plannerAcceptsThenSplitsAndMergesWithTheMouseAndSeesTheResult() throws Exception {
        page.navigate(planner.toString());
        page.getByLabel("令牌").fill(ADMIN);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
        assertThat(page.locator("#current-user")).containsText("admin");

        page.getByLabel("街道").selectOption(STREET);
        page.getByLabel("普查区").selectOption(AREA);
        assertThat(page.locator("#area-summary")).containsText("尚未划分");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("自动划分（预览）")).click();
        assertThat(page.locator("#area-summary")).containsText("预览");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("确认方案")).click();
        assertThat(page.locator("#edit-message")).containsText("已确认并保存");
        Locator items = page.locator("#subarea-list li");
        int before = new EditFixture(dataSource).versions(AREA).size();
        assertThat(items).hasCount(before);
        screenshot("planner-accepted.png");

        // split 001 along a lane between two rows of houses
        String code = AREA + "001";
        page.locator("#subarea-list li[data-code='" + code + "']").click();
        assertThat(page.locator("#selected-code")).hasText(code);
        String line = new EditFixture(dataSource).splitLine(code, 10);
        assertNotNull(line, "a lane across " + code);
        JsonNode coordinates = new ObjectMapper().readTree(line).get("coordinates");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("分割")).click();
        for (JsonNode point : coordinates) {
            clickMapAt(point.get(0).asDouble(), point.get(1).asDouble());
        }
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("完成绘制")).click();
        assertThat(page.locator("#edit-message")).containsText("已保存");
        assertThat(items).hasCount(before + 1);
        String added = AREA + String.format("%03d", before + 1);
        assertThat(page.locator("#subarea-list li[data-code='" + added + "']")).isVisible();
        screenshot("planner-split.png");

        // merge the new subarea back into 001 by clicking 001 on the map
        page.locator("#subarea-list li[data-code='" + code + "']").click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("合并")).click();
        double[] inside = interiorPoint(added);
        clickMapAt(inside[0], inside[1]);
        assertThat(page.locator("#edit-message")).containsText("已保存");
        assertThat(items).hasCount(before);
        assertThat(page.locator("#subarea-list li[data-code='" + added + "']")).hasCount(0);
        page.locator("#subarea-list li[data-code='" + code + "']").click();
        assertThat(page.locator("#selected-code")).hasText(code);
        assertThat(page.locator("#history-list")).containsText("合并");
        assertThat(page.locator("#history-list")).containsText("分割");
        screenshot("planner-merged.png");
        assertEquals(List.of(), new EditFixture(dataSource).tilingProblems(AREA));
    }

    private double[] interiorPoint(String code) throws SQLException {
        List<String> row = new EditFixture(dataSource).rows(
                "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4326) AS p FROM subarea WHERE code = ?) x",
                code).get(0);
        return new double[] { Double.parseDouble(row.get(0)), Double.parseDouble(row.get(1)) };
    }
}
