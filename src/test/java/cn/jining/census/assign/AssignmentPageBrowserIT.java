package cn.jining.census.assign;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;

import cn.jining.census.HeadlessChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The assignment page in headless Debian Chromium, as a planner uses it: log in, see the
 * street's subareas coloured unassigned, drag an enumerator onto one and see it turn assigned,
 * then assign another with the form alone, accept the proposal for the rest, and open the street's
 * progress map. Screenshots go to {@code target/screenshots/}.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssignmentPageBrowserIT {

    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final String STREET = "370871005";
    private static final String PREFIX = "BIT";

    private static Playwright playwright;
    private static Browser browser;

    @TestHTTPResource("/assignment.html")
    URL pageUrl;

    @TestHTTPResource("/progress.html")
    URL progressUrl;

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
    void closeChromiumAndLeaveTheStreetAsLoaded() throws SQLException {
        if (playwright != null) {
            playwright.close();
        }
        RosterFixture.forgetDelineation(dataSource, STREET);
    }

    @BeforeEach
    void openPage() {
        RosterFixture.delineated(STREET);
        assertEquals(200, RosterFixture.importRoster("id,name,role,street\nBIT-E1,拖放普查员,普查员," + STREET + "\nBIT-S1,建议指导员,普查指导员," + STREET + "\n"));
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900).setLocale("zh-CN"));
        page = context.newPage();
    }

    @AfterEach
    void closePage() throws SQLException {
        context.close();
        RosterFixture.remove(dataSource, PREFIX);
    }

    /** The subareas of the street with the largest footprints first: the easiest to hit with a pointer. */
    private List<String> largestSubareas() throws SQLException {
        return RosterFixture.strings(dataSource, """
                SELECT code FROM subarea WHERE street_code = ? AND geom IS NOT NULL AND vertical_of IS NULL
                 ORDER BY ST_Area(geom) DESC LIMIT 2
                """, STREET);
    }

    /** A point inside the drawn polygon (not merely inside its box), relative to its box. */
    private double[] pointInside(Locator shape) {
        @SuppressWarnings("unchecked")
        Map<String, Number> point = (Map<String, Number>) shape.evaluate("""
                path => {
                  const box = path.getBBox();
                  const matrix = path.getScreenCTM();
                  for (let fy = 0.5, step = 0.25; step > 0.01; step /= 2) {
                    for (let fx = 0.05; fx < 1; fx += step / 2) {
                      for (const y of [fy, fy - step, fy + step]) {
                        const p = new DOMPoint(box.x + fx * box.width, box.y + y * box.height);
                        if (path.isPointInFill(p)) {
                          const screen = p.matrixTransform(matrix);
                          const rect = path.getBoundingClientRect();
                          return { x: screen.x - rect.left, y: screen.y - rect.top };
                        }
                      }
                    }
                  }
                  return null;
                }
                """);
        return new double[] { point.get("x").doubleValue(), point.get("y").doubleValue() };
    }

    @Test
    void aPlannerDragsAnEnumeratorOntoASubareaAndItTurnsAssigned() throws SQLException {
        page.navigate(pageUrl + "?street=" + STREET);
        page.getByLabel("令牌").fill(RosterFixture.ADMIN);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
        assertThat(page.locator("body")).hasAttribute("data-assignment-ready", "true");
        assertThat(page).hasTitle(Pattern.compile("普查员与普查指导员分配.*"));

        List<String> codes = largestSubareas();
        Locator target = page.locator("path.subarea-shape[data-code='" + codes.get(0) + "']");
        assertThat(target).hasClass(Pattern.compile(".*\\bunassigned\\b.*"));
        Locator card = page.locator(".person[data-person-id='BIT-E1']");
        assertThat(card).containsText("0 个小区");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("assignment-street.png")));

        double[] inside = pointInside(target);
        card.dragTo(target, new Locator.DragToOptions().setTargetPosition(inside[0], inside[1]));
        assertThat(page.locator("#message")).containsText("拖放普查员");
        assertThat(page.locator("body")).hasAttribute("data-assignment-ready", "true");
        assertThat(target).hasClass(Pattern.compile(".*\\bassigned\\b.*"));
        assertThat(card).containsText("1 个小区");
        assertEquals(List.of("BIT-E1"), RosterFixture.strings(dataSource,
                "SELECT person_id FROM enumerator_assignment WHERE subarea_code = ?", codes.get(0)));
        assertThat(page.locator("#workload-summary")).containsText("名普查员");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("assignment-dropped.png")));

        // without a pointer: the form assigns the same person to a second subarea
        page.getByLabel("人员", new Page.GetByLabelOptions().setExact(true)).selectOption("BIT-E1");
        page.getByLabel("普查小区", new Page.GetByLabelOptions().setExact(true)).selectOption(codes.get(1));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("分配").setExact(true)).click();
        assertThat(card).containsText("2 个小区");
        assertThat(page.locator("path.subarea-shape[data-code='" + codes.get(1) + "']"))
                .hasClass(Pattern.compile(".*\\bassigned\\b.*"));
        BoundingBox box = target.boundingBox();
        assertEquals(true, box != null && box.width > 0, "the assigned subarea stays drawn");

        // the proposal fills every other subarea: previewed first, applied on acceptance
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("生成建议")).click();
        assertThat(page.locator("#proposal")).containsText("建议");
        assertThat(page.locator("path.subarea-shape.unassigned").first()).isVisible();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("接受建议")).click();
        assertThat(page.locator("#message")).containsText("已接受建议");
        assertThat(page.locator("body")).hasAttribute("data-assignment-ready", "true");
        assertThat(page.locator("path.subarea-shape.unassigned")).hasCount(0);
        assertThat(page.locator("path.subarea-shape.assigned").first()).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("assignment-proposal-accepted.png")));

        // then the progress map of the street, in the same tab and so the same session
        page.navigate(progressUrl + "?scope=" + STREET);
        assertThat(page.locator("#summary h2")).containsText(STREET);
        page.waitForFunction("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0");
        assertThat(page.locator("#legend")).containsText("完成率");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("assignment-then-progress.png")));
    }
}
