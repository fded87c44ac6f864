package cn.jining.census.render;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.locationtech.jts.awt.ShapeWriter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

import cn.jining.census.store.NamedStatement;

/**
 * Paints the census map of an extent onto any {@link Graphics2D}: a PNG tile's image, a printed
 * page's PDF graphics. Features come straight from PostGIS (the tables the vector tiles read),
 * clipped to the view, simplified below half a graphics unit and projected to the view's CRS.
 *
 * <p><b>Public API</b> (stable):
 * <ul>
 * <li>{@link #paint(Graphics2D, MapView, Set)} paints the given layers, bottom to top in
 * {@link DrawnLayer} order, then their labels;</li>
 * <li>{@link #paint(Graphics2D, MapView)} paints the {@link #BASE_MAP} layers;</li>
 * <li>{@link MapView#toGraphics()} maps CRS coordinates to the same graphics units, for marks a
 * caller draws on top (building numbers, a highlighted subarea);</li>
 * <li>{@link #labelFont(float)} the CJK font labels are set in, for text the caller adds.</li>
 * </ul>
 * The painter draws into the rectangle {@code (0, 0)–(view.width(), view.height())} of the
 * graphics' current user space and sets its own clip there; it leaves the graphics' transform,
 * clip, paint, stroke, font and composite as it found them. It paints no background: a caller
 * fills the paper first if it wants one. Layers whose {@link DrawnLayer#minScale()} is above the
 * view's scale are skipped. Thread-safe: each call reads with its own connection.
 *
 * <p>Labels (street, area and water names, the last three digits of subarea codes) are set in the
 * CJK font of setting {@code census.render.font} ({@value #DEFAULT_FONT} from Debian's
 * fonts-noto-cjk); when that family is missing, the first installed family that can show 普查区,
 * and an error in the log when there is none (Chinese would show as boxes). Labels are anchored on
 * a point of the whole feature, so neighbouring tiles agree on where a name goes, and a label that
 * would overlap one already placed in the same call is left out.
 */
@ApplicationScoped
public class MapPainter {

    /** The web base map: land use, water, roads, buildings and the outlines of areas and streets. */
    public static final Set<DrawnLayer> BASE_MAP = EnumSet.of(DrawnLayer.LANDUSE, DrawnLayer.WATER, DrawnLayer.ROADS,
            DrawnLayer.BUILDINGS, DrawnLayer.AREAS, DrawnLayer.STREETS);

    static final String DEFAULT_FONT = "Noto Sans CJK SC";
    /** Graphics units beyond the view from which features are still read, so strokes and labels join at edges. */
    private static final double READ_MARGIN = 48;

    private static final Logger LOG = Logger.getLogger(MapPainter.class);

    private final DataSource dataSource;
    private final String fontFamily;

    public MapPainter(DataSource dataSource,
            @ConfigProperty(name = "census.render.font", defaultValue = DEFAULT_FONT) String fontFamily) {
        this.dataSource = dataSource;
        this.fontFamily = cjkFamily(fontFamily);
    }

    /** Paints the {@link #BASE_MAP} layers of {@code view} onto {@code g}. */
    public void paint(Graphics2D g, MapView view) throws SQLException {
        paint(g, view, BASE_MAP);
    }

    /** Paints {@code layers} of {@code view} onto {@code g}, bottom to top, labels last, every feature. */
    public void paint(Graphics2D g, MapView view, Set<DrawnLayer> layers) throws SQLException {
        paint(g, view, layers, null);
    }

    /**
     * Paints {@code layers} of {@code view} onto {@code g}, bottom to top, labels last; of the
     * census-work layers ({@link DrawnLayer#censusWork()}) only the features whose code starts with
     * one of {@code scopes}, or every feature when {@code scopes} is null.
     */
    public void paint(Graphics2D g, MapView view, Set<DrawnLayer> layers, String[] scopes) throws SQLException {
        List<Label> labels = new ArrayList<>();
        Graphics2D canvas = (Graphics2D) g.create();
        try {
            canvas.clip(new Rectangle2D.Double(0, 0, view.width(), view.height()));
            canvas.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            canvas.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            canvas.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            ShapeWriter shapes = new ShapeWriter((source, target) -> target.setLocation((source.x - view.minX()) * view.scale(),
                    (view.maxY() - source.y) * view.scale()));
            try (Connection c = dataSource.getConnection()) {
                for (DrawnLayer layer : DrawnLayer.values()) {
                    if (layers.contains(layer) && view.scale() >= layer.minScale()) {
                        paintLayer(canvas, c, layer, scopes, view, shapes, labels);
                    }
                }
            }
            placeLabels(canvas, labels);
        } finally {
            canvas.dispose();
        }
    }

    /** The label font at {@code size} graphics units. */
    public Font labelFont(float size) {
        return new Font(fontFamily, Font.PLAIN, 12).deriveFont(size);
    }

    private void paintLayer(Graphics2D g, Connection c, DrawnLayer layer, String[] scopes, MapView view, ShapeWriter shapes,
            List<Label> labels) throws SQLException {
        MapView read = view.grownBy(READ_MARGIN);
        WKBReader wkb = new WKBReader();
        Composite opaque = g.getComposite();
        AffineTransform toGraphics = view.toGraphics();
        try (NamedStatement q = NamedStatement.prepare(c, layer.sql())) {
            q.set("minx", read.minX()).set("miny", read.minY()).set("maxx", read.maxX()).set("maxy", read.maxY())
                    .set("srid", read.srid()).set("step", (read.maxX() - read.minX()) / 8)
                    .set("tolerance", 0.5 / read.scale()).set("labelled", layer.labelled(read.scale()));
            if (layer.censusWork()) {
                q.set("scopes", scopes);
            }
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    byte[] geometry = rs.getBytes(1);
                    if (geometry == null) {
                        continue;
                    }
                    String kind = rs.getString(3);
                    Geometry feature = read(wkb, geometry);
                    Shape shape = shapes.toShape(feature);
                    Color fill = layer.fill(kind);
                    if (fill != null && feature instanceof Polygonal) {
                        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, layer.fillOpacity()));
                        g.setColor(fill);
                        g.fill(shape);
                        g.setComposite(opaque);
                    }
                    BasicStroke stroke = layer.stroke(kind, read.scale());
                    Color line = layer.lineColour(kind);
                    if (stroke != null && line != null) {
                        g.setStroke(stroke);
                        g.setColor(line);
                        g.draw(shape);
                    }
                    String text = rs.getString(2);
                    byte[] anchor = rs.getBytes(4);
                    if (text != null && anchor != null) {
                        Point point = (Point) read(wkb, anchor);
                        Point2D at = toGraphics.transform(new Point2D.Double(point.getX(), point.getY()), null);
                        labels.add(new Label(text, at.getX(), at.getY(), layer));
                    }
                }
            }
        }
    }

    /** Labels in the order found (streets before areas before subareas), each where it overlaps none placed. */
    private void placeLabels(Graphics2D g, List<Label> labels) {
        labels.sort((a, b) -> Integer.compare(b.layer().ordinal(), a.layer().ordinal()));
        List<Rectangle2D> placed = new ArrayList<>();
        for (Label label : labels) {
            Font font = labelFont(label.layer().labelSize());
            TextLayout layout = new TextLayout(label.text(), font, g.getFontRenderContext());
            Rectangle2D bounds = layout.getBounds();
            double left = label.x() - bounds.getWidth() / 2 - bounds.getX();
            double baseline = label.y() + bounds.getHeight() / 2;
            Rectangle2D box = new Rectangle2D.Double(left + bounds.getX() - 2, baseline + bounds.getY() - 2,
                    bounds.getWidth() + 4, bounds.getHeight() + 4);
            if (placed.stream().anyMatch(box::intersects)) {
                continue;
            }
            placed.add(box);
            Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(left, baseline));
            g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(new Color(255, 255, 255, 220));
            g.draw(outline);
            g.setColor(label.layer().labelColour());
            g.fill(outline);
        }
    }

    private static Geometry read(WKBReader reader, byte[] wkb) {
        try {
            return reader.read(wkb);
        } catch (ParseException e) {
            throw new IllegalStateException("PostGIS answered geometry that is not WKB: " + e.getMessage(), e);
        }
    }

    /**
     * The configured family when installed, else the first installed one that shows Chinese. The
     * JVM brings no CJK font of its own: without fonts-noto-cjk (or another) labels are boxes.
     */
    private static String cjkFamily(String wanted) {
        List<String> families = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        if (families.contains(wanted)) {
            return wanted;
        }
        for (String family : families) {
            if (new Font(family, Font.PLAIN, 12).canDisplayUpTo("普查区") == -1) {
                LOG.warnf("font '%s' is not installed; map labels use '%s'", wanted, family);
                return family;
            }
        }
        LOG.errorf("no installed font shows Chinese (font '%s' is not installed): map labels will show boxes; "
                + "install fonts-noto-cjk", wanted);
        return Font.SANS_SERIF;
    }

    private record Label(String text, double x, double y, DrawnLayer layer) {
    }
}
