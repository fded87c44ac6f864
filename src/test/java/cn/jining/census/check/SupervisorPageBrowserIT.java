package cn.jining.census.check;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;

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
import com.microsoft.playwright.options.BoundingBox;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The supervisor page in headless Debian Chromium, as a supervisor uses it: log in, see the
 * issues of a street listed and drawn, click one and have the map zoom to it, go to the next open
 * issue, apply a fix. Screenshots go to {@code target/screenshots/}.
 */
@QuarkusTest
class SupervisorPageBrowserIT {

    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final String STREET = "370872007";

    private static Playwright playwright;
    private static Browser browser;

    @TestHTTPResource("/supervisor.html")
    URL pageUrl;

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
        CoverageFixture.streetWithGapAndHole(dataSource, STREET, 14_000, 1);
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900).setLocale("zh-CN"));
        page = context.newPage();
        // the fix asks for confirmation; a person would press OK
        page.onDialog(dialog -> dialog.accept());
    }

    @AfterEach
    void closePage() throws Exception {
        context.close();
        CoverageFixture.remove(dataSource);
    }

    private void logIn() {
        page.navigate(pageUrl + "?scope=" + STREET);
        assertThat(page.locator("#login")).isVisible();
        page.getByLabel("令牌").fill(CoverageFixture.ADMIN);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
        assertThat(page.locator("body")).hasAttribute("data-coverage-ready", "true");
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)));
    }

    @Test
    void issueIsListedDrawnAndTheMapZoomsToItWhenClicked() {
        logIn();
        assertThat(page).hasTitle("普查区划质量检查 · 不重不漏");
        assertThat(page.locator("#count-issues")).hasText("2");
        Locator items = page.locator(".issue-item");
        assertThat(items).hasCount(2);
        assertThat(page.locator(".group-street[data-street='" + STREET + "'] h3")).containsText("2 个问题");
        assertThat(page.locator(".group-area[data-area='" + STREET + "001']")).isVisible();

        // the hole: 25 m², a speck at the street's scale
        Locator hole = items.filter(new Locator.FilterOptions().setHasText("25.00 m²"));
        assertThat(hole).hasCount(1);
        String id = hole.getAttribute("data-issue-id");
        Locator shape = page.locator("path.issue-shape[data-issue-id='" + id + "']");
        assertThat(shape).hasCount(1);
        // a shape smaller than a pixel may have no box at all
        BoundingBox before = shape.boundingBox();
        double widthBefore = before == null ? 0 : before.width;
        int zoomBefore = Integer.parseInt(page.locator("body").getAttribute("data-zoom"));
        screenshot("supervisor-street.png");

        hole.click();
        assertThat(page.locator("body")).hasAttribute("data-zoomed-to", id);
        assertThat(hole).hasClass(java.util.regex.Pattern.compile(".*selected.*"));
        assertThat(page.locator("#detail")).containsText("缝隙");
        BoundingBox after = shape.boundingBox();
        int zoomAfter = Integer.parseInt(page.locator("body").getAttribute("data-zoom"));
        assertTrue(zoomAfter >= zoomBefore + 3, "zoom " + zoomBefore + " → " + zoomAfter);
        assertTrue(after.width > Math.max(4 * widthBefore, 20), "zoomed from " + widthBefore + " px to " + after.width + " px");
        BoundingBox map = page.locator("#map").boundingBox();
        double centreX = after.x + after.width / 2;
        double centreY = after.y + after.height / 2;
        assertTrue(centreX > map.x && centreX < map.x + map.width && centreY > map.y && centreY < map.y + map.height,
                "the issue is in view");
        screenshot("supervisor-zoomed.png");
    }

    @Test
    void printedReportHasAPagePerStreetWithEveryIssue() {
        logIn();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("打印报告")).click();
        Locator section = page.locator("#report section[data-street='" + STREET + "']");
        assertThat(section).hasCount(1);
        assertThat(section.locator("h1")).containsText("普查区划覆盖检查报告");
        assertThat(section.locator("table").nth(1).locator("tbody tr")).hasCount(2);
        assertThat(section).containsText("合计");
        page.emulateMedia(new Page.EmulateMediaOptions().setMedia(com.microsoft.playwright.options.Media.PRINT));
        assertThat(page.locator("#app")).isHidden();
        assertThat(section).isVisible();
        screenshot("supervisor-report.png");
    }

    @Test
    void nextOpenIssueAndAFixThroughThePage() {
        logIn();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("下一个未处理问题")).click();
        Locator selected = page.locator(".issue-item.selected");
        assertThat(selected).hasCount(1);
        String first = selected.getAttribute("data-issue-id");
        assertThat(page.locator("body")).hasAttribute("data-zoomed-to", first);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("下一个未处理问题")).click();
        assertThat(page.locator(".issue-item.selected")).not().hasAttribute("data-issue-id", first);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("应用修复")).click();
        assertThat(page.locator("#count-issues")).hasText("1");
        assertThat(page.locator("#map-status")).containsText("已修复");
        assertThat(page.locator(".issue-item")).hasCount(1);
    }
}
