package cn.jining.census.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.imageio.ImageIO;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The painter on the bundled delivery loaded at start, drawn into images and read back pixel by pixel. */
@QuarkusTest
class MapPainterIT {

    @Inject
    MapPainter painter;

    @Inject
    DataSource dataSource;

    /** The first street's bounding box in EPSG:4548: minX, minY, maxX, maxY. */
    private double[] firstStreetBox() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom) "
                        + "FROM (SELECT ST_Envelope(geom) AS geom FROM street ORDER BY code LIMIT 1) s")) {
            assertTrue(rs.next(), "the bundled delivery has streets");
            return new double[] { rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4) };
        }
    }

    private static BufferedImage whitePaper(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static long pixelsOf(BufferedImage image, Color colour) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void paintsAStreetAtTrueScaleWithItsOutlineAndBuildings() throws Exception {
        double[] box = firstStreetBox();
        double scale = 800 / (box[2] - box[0]);
        MapView view = new MapView(4548, box[0], box[1], box[2], box[3], scale);
        BufferedImage image = whitePaper((int) Math.ceil(view.width()), (int) Math.ceil(view.height()));
        Graphics2D g = image.createGraphics();
        painter.paint(g, view, java.util.EnumSet.allOf(DrawnLayer.class));
        g.dispose();
        Files.createDirectories(Path.of("target"));
        ImageIO.write(image, "png", Path.of("target", "map-painter-street.png").toFile());

        long white = pixelsOf(image, Color.WHITE);
        long total = (long) image.getWidth() * image.getHeight();
        assertTrue(white < total / 2, "the street's land use covers most of its box: " + white + " of " + total + " white");
        assertTrue(pixelsOf(image, new Color(0xe3b27f)) > 0, "residential buildings are drawn");
    }

    @Test
    void streetNamesAreWrittenInTheirColourWhenAStreetFitsTheView() throws Exception {
        double[] box = firstStreetBox();
        double scale = 400 / (box[2] - box[0]); // well below 0.2: names of streets are written
        MapView view = new MapView(4548, box[0], box[1], box[2], box[3], scale);
        Color label = DrawnLayer.STREETS.labelColour();
        BufferedImage named = whitePaper((int) Math.ceil(view.width()), (int) Math.ceil(view.height()));
        Graphics2D g = named.createGraphics();
        painter.paint(g, view, java.util.EnumSet.of(DrawnLayer.STREETS));
        g.dispose();
        assertTrue(pixelsOf(named, label) > 20, "the street's name is written in " + painter.labelFont(15).getFamily());

        MapView close = new MapView(4548, box[0], box[1], box[0] + 500, box[1] + 500, 1.0);
        BufferedImage unnamed = whitePaper(500, 500);
        g = unnamed.createGraphics();
        painter.paint(g, close, java.util.EnumSet.of(DrawnLayer.STREETS));
        g.dispose();
        assertEquals(0, pixelsOf(unnamed, label), "at 1:2835 on screen the street's name gives way to the areas'");
    }

    @Test
    void aViewWithNothingInItStaysBlank() throws Exception {
        MapView nowhere = new MapView(4548, 100, 100, 1100, 1100, 0.25);
        BufferedImage image = whitePaper(250, 250);
        Graphics2D g = image.createGraphics();
        painter.paint(g, nowhere);
        g.dispose();
        assertEquals(250L * 250, pixelsOf(image, Color.WHITE));
    }

    @Test
    void labelsAreSetInAFontThatShowsChinese() {
        assertEquals(-1, painter.labelFont(12).canDisplayUpTo("济宁高新区洸河街道"),
                "the label font " + painter.labelFont(12).getFamily() + " shows Chinese");
    }
}
