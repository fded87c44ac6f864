package cn.jining.census.print;

import static cn.jining.census.publish.PublishFixture.ADMIN;
import static cn.jining.census.publish.PublishFixture.AREA;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import io.quarkus.test.junit.QuarkusTest;

import cn.jining.census.publish.PublishFixture;

/**
 * Printed subarea maps of one delineated area of the bundled delivery, read back with poppler
 * (pdftotext, pdffonts, pdfinfo, pdftoppm): Chinese title and names in an embedded font, the
 * building list numbered 1…n with every building of the subarea, a map that is drawn, and one
 * page per subarea in a batch.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrintIT {

    @Inject
    DataSource dataSource;

    private boolean delineated;

    private Path folder;
    /** The subarea of the area with the most buildings. */
    private String subarea;

    /** Delineates the area once, before the first test (RestAssured knows the port only from then on). */
    @BeforeEach
    void delineateOneArea() throws Exception {
        if (delineated) {
            return;
        }
        delineated = true;
        folder = Files.createTempDirectory("census-print-test");
        PublishFixture.delineateArea();
        subarea = PublishFixture.column(dataSource, "SELECT subarea_code FROM subarea_building WHERE subarea_code LIKE '"
                + AREA + "%' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").get(0);
    }

    @AfterAll
    void forgetIt() throws Exception {
        PublishFixture.forgetSubareas(dataSource);
        try (var files = Files.walk(folder)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(f -> f.toFile().delete());
        }
    }

    private Path download(String path, String name) throws Exception {
        byte[] pdf = given().auth().oauth2(ADMIN).get(path).then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
        Path file = folder.resolve(name);
        Files.write(file, pdf);
        return file;
    }

    @Test
    void subareaMapHasItsChineseTitleAndEveryBuildingNumberedInTheList() throws Exception {
        assumeTrue(PublishFixture.installed("pdftotext"), "poppler-utils is not installed");
        Path pdf = download("/api/v1/maps/" + subarea + ".pdf", "subarea.pdf");
        String text = PublishFixture.run(Map.of(), "pdftotext", "-layout", pdf.toString(), "-");
        String street = PublishFixture.column(dataSource, "SELECT name FROM street WHERE code = '370871001'").get(0);
        String area = PublishFixture.column(dataSource, "SELECT name FROM area WHERE code = '" + AREA + "'").get(0);
        String title = street + area + "第" + subarea.substring(12) + "普查小区图";
        assertTrue(text.contains(title), "title " + title + " in:\n" + text);
        assertTrue(text.contains(subarea) && text.contains("四至") && text.contains("普查员") && text.contains("建筑物清单"), text);
        assertTrue(text.contains("普查员：________"), "no enumerator assigned yet: a line to fill in by hand\n" + text);

        List<String> bids = PublishFixture.column(dataSource,
                "SELECT bid FROM subarea_building WHERE subarea_code = '" + subarea + "'");
        assertTrue(bids.size() >= 2, "the subarea has buildings");
        Set<String> listed = new HashSet<>();
        for (int number = 1; number <= bids.size(); number++) {
            Matcher row = Pattern.compile("(?m)(^|\\s)" + number + "\\s+(\\S+)").matcher(text);
            boolean found = false;
            while (row.find() && !found) {
                if (bids.contains(row.group(2))) {
                    listed.add(row.group(2));
                    found = true;
                }
            }
            assertTrue(found, "building number " + number + " has a row with a building id:\n" + text);
        }
        assertEquals(new HashSet<>(bids), listed, "every building listed once");

        String fonts = PublishFixture.run(Map.of(), "pdffonts", pdf.toString());
        assertTrue(fonts.contains("NotoSansCJK") && fonts.contains("Identity-H"), fonts);
        assertTrue(fonts.lines().filter(l -> l.contains("NotoSansCJK")).allMatch(l -> l.contains(" yes ")),
                "the Chinese font is embedded:\n" + fonts);
    }

    @Test
    void subareaMapRendersWithAMapAndAQrCodeOfItsCode() throws Exception {
        assumeTrue(PublishFixture.installed("pdftoppm"), "poppler-utils is not installed");
        Path pdf = download("/api/v1/maps/" + subarea + ".pdf", "rendered.pdf");
        PublishFixture.run(Map.of(), "pdftoppm", "-r", "120", "-png", "-f", "1", "-l", "1", "-singlefile", pdf.toString(),
                folder.resolve("page").toString());
        BufferedImage page = ImageIO.read(folder.resolve("page.png").toFile());
        int inked = 0;
        int boundary = 0;
        int titleInk = 0;
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                int rgb = page.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r + g + b < 720) {
                    inked++;
                    if (y < page.getHeight() * 0.06) {
                        titleInk++;
                    }
                }
                if (r > 180 && g < 90 && b > 70 && b < 150) {
                    boundary++;
                }
            }
        }
        int pixels = page.getWidth() * page.getHeight();
        assertTrue(inked > pixels / 10, "the map fills the page: " + inked + " of " + pixels + " pixels inked");
        assertTrue(boundary > 50, "the subarea's red boundary is drawn: " + boundary + " pixels");
        assertTrue(titleInk > 200, "the title is drawn: " + titleInk + " pixels");
        // the QR code right of the text under the map scans as the subarea code
        int left = page.getWidth() * 4 / 5;
        int width = page.getWidth() - left;
        int[] argb = page.getRGB(left, 0, width, page.getHeight(), null, 0, width);
        Result qr = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(width, page.getHeight(), argb))), Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
        assertEquals(subarea, qr.getText());
        // the left binding margin (35 mm) stays blank
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < (int) (page.getWidth() * 30 / 210.0); x++) {
                assertEquals(0xffffff, page.getRGB(x, y) & 0xffffff, "binding margin inked at " + x + "," + y);
            }
        }
    }

    @Test
    void batchOfAnAreaHasEverySubareaInCodeOrder() throws Exception {
        assumeTrue(PublishFixture.installed("pdftotext"), "poppler-utils is not installed");
        Path pdf = download("/api/v1/maps?scope=" + AREA, "area.pdf");
        List<String> codes = PublishFixture.column(dataSource,
                "SELECT code FROM subarea WHERE area_code = '" + AREA + "' AND NOT virtual ORDER BY code");
        String text = PublishFixture.run(Map.of(), "pdftotext", pdf.toString(), "-");
        int at = -1;
        for (String code : codes) {
            int title = text.indexOf("第" + code.substring(12) + "普查小区图");
            assertTrue(title > at, code + " follows the one before");
            at = title;
        }
        String info = PublishFixture.run(Map.of(), "pdfinfo", pdf.toString());
        Matcher pages = Pattern.compile("Pages:\\s+(\\d+)").matcher(info);
        assertTrue(pages.find());
        assertTrue(Integer.parseInt(pages.group(1)) >= codes.size(), info);
    }

    @Test
    void scopesOutsideTheCallersAreRefusedAndBadCodesNamed() {
        String enumerator = PublishFixture.person("enumerator", subarea);
        given().auth().oauth2(enumerator).get("/api/v1/maps/" + subarea + ".pdf").then().statusCode(200);
        given().auth().oauth2(enumerator).get("/api/v1/maps?scope=" + AREA).then().statusCode(403);
        String other = PublishFixture.OTHER_AREA + "001";
        given().auth().oauth2(enumerator).get("/api/v1/maps/" + other + ".pdf").then().statusCode(403)
                .body("message", containsString(other));
        given().auth().oauth2(ADMIN).get("/api/v1/maps/" + AREA + "899.pdf").then().statusCode(404);
        given().auth().oauth2(ADMIN).get("/api/v1/maps?scope=370871002").then().statusCode(404)
                .body("message", containsString("delineate"));
        given().auth().oauth2(ADMIN).get("/api/v1/maps/12345.pdf").then().statusCode(400);
        given().auth().oauth2(ADMIN).get("/api/v1/maps?scope=370871").then().statusCode(400)
                .body("message", startsWith("query parameter 'scope'"));
        given().get("/api/v1/maps/" + subarea + ".pdf").then().statusCode(401);
    }
}
