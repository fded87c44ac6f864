package cn.jining.census.print;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.locationtech.jts.awt.ShapeWriter;
import org.locationtech.jts.geom.Envelope;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.DefaultFontMapper;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfGraphics2D;
import com.lowagie.text.pdf.PdfWriter;

import cn.jining.census.render.DrawnLayer;
import cn.jining.census.render.MapPainter;
import cn.jining.census.render.MapView;

/**
 * Prints census subarea maps (普查小区图) as PDF: one A4 portrait page per subarea, north up, with
 * margins of 15 mm at the top, right and bottom and 35 mm on the left for binding.
 *
 * <p>A page holds, top to bottom: the title (full hierarchical name) and the codes of subarea,
 * area and street; the framed map with north arrow, scale bar and legend; the 四至, households,
 * number of buildings, the enumerator's name (a blank line to fill in by hand while none is
 * assigned), who printed it and when, and the QR code of the subarea code; then the building
 * list, numbered as on the map. Buildings that do not fit continue on following pages.
 *
 * <p>The map is vector graphics painted by {@link MapPainter} (land use, water, roads with names,
 * buildings, the neighbouring subareas with their numbers, area outlines); on top, the subarea's
 * own boundary in red and its buildings' numbers. Its scale is the largest of {@link #SCALES}
 * (1:500 to 1:50000) at which the subarea and a tenth around it fit the frame. The frame is 390 pt
 * high and grows to 560 pt when the building list leaves room. Numbers of buildings closer together
 * than a number's disc overlap (a village's sheds at 1:20000); the list beside stays readable. Text is set in the embedded Chinese font of {@link CjkPdfFont}, so it can be
 * searched and copied; map labels are outlines.
 */
@ApplicationScoped
public class SubareaMapPdf {

    static final float MM = 72f / 25.4f;
    static final float PAGE_WIDTH = PageSize.A4.getWidth();
    static final float PAGE_HEIGHT = PageSize.A4.getHeight();
    static final float LEFT = 35 * MM;
    static final float RIGHT = PAGE_WIDTH - 15 * MM;
    static final float TOP = PAGE_HEIGHT - 15 * MM;
    static final float BOTTOM = 15 * MM;
    /** The map's height when the building list fills the rest of the page; it grows into room the list leaves. */
    static final float MIN_MAP_HEIGHT = 390;
    static final float MAX_MAP_HEIGHT = 560;
    /** Title lines above the map, and the 四至, households, enumerator and author lines below it. */
    private static final float TITLE_HEIGHT = 42;
    private static final float INFO_HEIGHT = 112;
    static final int[] SCALES = { 500, 1000, 2000, 2500, 5000, 7500, 10000, 15000, 20000, 25000, 50000 };
    static final Set<DrawnLayer> LAYERS = EnumSet.of(DrawnLayer.LANDUSE, DrawnLayer.WATER, DrawnLayer.ROADS,
            DrawnLayer.BUILDINGS, DrawnLayer.SUBAREAS, DrawnLayer.AREAS);
    static final Color OWN_BOUNDARY = new Color(0xd6336c);
    // as MapPainter draws them, for the legend
    static final Color NEIGHBOUR_BOUNDARY = new Color(0xe8590c);
    static final Color BUILDING = new Color(0xe0d3c3);
    static final Color ROAD_CASING = new Color(0xb5aea4);
    static final Color WATER = new Color(0xa9cbe8);

    private static final float ROW = 11;
    private static final float TEXT = 7.5f;
    /** Building list columns: 编号, 建筑物编号, 层数, 户数, 说明 (widths in points). */
    private static final float[] COLUMNS = { 24, 92, 26, 28, 46 };
    private static final String[] HEADINGS = { "编号", "建筑物编号", "层数", "户数", "说明" };
    private static final float GROUP_GAP = 20;

    private final MapPainter painter;
    private final BaseFont font;

    public SubareaMapPdf(MapPainter painter,
            @ConfigProperty(name = "census.print.font", defaultValue = CjkPdfFont.DEFAULT_FILE) String fontFile) {
        this.painter = painter;
        this.font = CjkPdfFont.load(fontFile);
    }

    /** Writes the sheets as one PDF to {@code out}, in the order given; {@code author} is printed as 制图. */
    public void write(Iterable<SubareaSheet> sheets, String author, OutputStream out) throws Exception {
        Document document = new Document(PageSize.A4, LEFT, PAGE_WIDTH - RIGHT, PAGE_HEIGHT - TOP, BOTTOM);
        PdfWriter writer = PdfWriter.getInstance(document, out);
        writer.setCloseStream(false);
        document.addTitle("普查小区图");
        document.addCreator("济宁高新区人口普查地图服务");
        document.open();
        String date = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        boolean first = true;
        for (SubareaSheet sheet : sheets) {
            if (!first) {
                document.newPage();
            }
            first = false;
            page(writer, document, sheet, author, date);
        }
        if (first) {
            throw new IllegalArgumentException("no subarea to print");
        }
        document.close();
    }

    private void page(PdfWriter writer, Document document, SubareaSheet sheet, String author, String date)
            throws Exception {
        PdfContentByte canvas = writer.getDirectContent();
        text(canvas, sheet.fullName() + "图", (LEFT + RIGHT) / 2, TOP - 16, 15, Element.ALIGN_CENTER);
        text(canvas, "普查小区代码 " + sheet.code() + "　　普查区 " + sheet.areaName() + "（" + sheet.areaCode() + "）　　街道 "
                + sheet.streetName() + "（" + sheet.streetCode() + "）", (LEFT + RIGHT) / 2, TOP - 32, 8.5f,
                Element.ALIGN_CENTER);

        float mapTop = TOP - TITLE_HEIGHT;
        float listHeight = ((sheet.buildings().size() + 1) / 2 + 1) * ROW + 20;
        float mapHeight = Math.max(MIN_MAP_HEIGHT, Math.min(MAX_MAP_HEIGHT, mapTop - BOTTOM - INFO_HEIGHT - listHeight));
        float mapBottom = mapTop - mapHeight;
        int scale = map(canvas, sheet, mapTop, mapHeight);
        canvas.setLineWidth(1.2f);
        canvas.setGrayStroke(0);
        canvas.rectangle(LEFT, mapBottom, RIGHT - LEFT, mapHeight);
        canvas.stroke();
        northArrow(canvas, RIGHT - 22, mapTop - 14);
        scaleBar(canvas, LEFT + 10, mapBottom + 10, scale);
        legend(canvas, RIGHT - 112, mapBottom + 6);

        float qrSize = 64;
        QrCodeMark.draw(canvas, sheet.code(), RIGHT - qrSize, mapBottom - 8 - qrSize, qrSize);
        text(canvas, sheet.code(), RIGHT - qrSize / 2, mapBottom - 16 - qrSize, 6, Element.ALIGN_CENTER);

        float y = mapBottom - 16;
        ColumnText sizhi = new ColumnText(canvas);
        sizhi.setSimpleColumn(new Phrase("四至：" + (sheet.sizhi().isEmpty() ? "（未注明）" : sheet.sizhi()),
                new Font(font, 9, Font.NORMAL, Color.BLACK)),
                LEFT, y - 40, RIGHT - qrSize - 12, y + 9, 12, Element.ALIGN_LEFT);
        sizhi.go();
        y = sizhi.getYLine() - 14;
        text(canvas, "户数：" + sheet.households() + " 户　　建筑物：" + sheet.buildings().size() + " 栋", LEFT, y, 9,
                Element.ALIGN_LEFT);
        y -= 15;
        String enumerators = sheet.enumerators().isEmpty() ? "________________________" : String.join("、", sheet.enumerators());
        text(canvas, "普查员：" + enumerators, LEFT, y, 9, Element.ALIGN_LEFT);
        y -= 15;
        text(canvas, "制图：" + author + "　　制图日期：" + date + "　　比例尺 1:" + scale, LEFT, y, 9, Element.ALIGN_LEFT);
        y = Math.min(y - 18, mapBottom - qrSize - 30);

        text(canvas, "建筑物清单（编号与图中一致）", LEFT, y, 9, Element.ALIGN_LEFT);
        List<SubareaSheet.NumberedBuilding> rest = buildingList(canvas, sheet.buildings(), y - 6);
        while (!rest.isEmpty()) {
            document.newPage();
            text(canvas, sheet.fullName() + " 建筑物清单（续）", (LEFT + RIGHT) / 2, TOP - 16, 12, Element.ALIGN_CENTER);
            rest = buildingList(canvas, rest, TOP - 30);
        }
    }

    /** Paints the map below {@code mapTop} across the frame; answers the scale denominator used. */
    private int map(PdfContentByte canvas, SubareaSheet sheet, float mapTop, float mapHeight) throws Exception {
        float width = RIGHT - LEFT;
        Envelope extent = new Envelope(sheet.outline().getEnvelopeInternal());
        extent.expandBy(Math.max(20, 0.1 * Math.max(extent.getWidth(), extent.getHeight())));
        int denominator = SCALES[SCALES.length - 1];
        for (int candidate : SCALES) {
            double pointsPerMetre = 72 / 0.0254 / candidate;
            if (extent.getWidth() * pointsPerMetre <= width && extent.getHeight() * pointsPerMetre <= mapHeight) {
                denominator = candidate;
                break;
            }
        }
        double scale = 72 / 0.0254 / denominator;
        double halfWidth = width / scale / 2;
        double halfHeight = mapHeight / scale / 2;
        double cx = extent.centre().x;
        double cy = extent.centre().y;
        MapView view = new MapView(4548, cx - halfWidth, cy - halfHeight, cx + halfWidth, cy + halfHeight, scale);

        Graphics2D g = new PdfGraphics2D(canvas, PAGE_WIDTH, PAGE_HEIGHT, new DefaultFontMapper(), true, false, 0);
        try {
            g.translate(LEFT, PAGE_HEIGHT - mapTop);
            painter.paint(g, view, LAYERS);
            g.clipRect(0, 0, (int) Math.ceil(view.width()), (int) Math.ceil(view.height()));
            ShapeWriter shapes = new ShapeWriter((source, target) -> {
                Point2D p = view.toGraphics().transform(new Point2D.Double(source.x, source.y), null);
                target.setLocation(p);
            });
            g.setColor(OWN_BOUNDARY);
            g.setStroke(new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(shapes.toShape(sheet.outline()));
        } finally {
            g.dispose();
        }
        // numbers as text on top, each in a white disc so it reads over any building
        for (SubareaSheet.NumberedBuilding b : sheet.buildings()) {
            Point2D at = view.toGraphics().transform(new Point2D.Double(b.anchor().getX(), b.anchor().getY()), null);
            if (at.getX() < 0 || at.getY() < 0 || at.getX() > view.width() || at.getY() > view.height()) {
                continue;
            }
            float x = LEFT + (float) at.getX();
            float y = mapTop - (float) at.getY();
            String number = Integer.toString(b.number());
            float radius = Math.max(4.2f, font.getWidthPoint(number, 6.5f) / 2 + 1.6f);
            canvas.saveState();
            canvas.setGrayFill(1);
            canvas.setColorStroke(OWN_BOUNDARY);
            canvas.setLineWidth(0.5f);
            canvas.circle(x, y, radius);
            canvas.fillStroke();
            canvas.restoreState();
            text(canvas, number, x, y - 2.3f, 6.5f, Element.ALIGN_CENTER);
        }
        return denominator;
    }

    private void northArrow(PdfContentByte canvas, float x, float top) {
        canvas.saveState();
        canvas.setGrayFill(0);
        canvas.moveTo(x, top);
        canvas.lineTo(x - 6, top - 20);
        canvas.lineTo(x, top - 15);
        canvas.closePath();
        canvas.fill();
        canvas.setGrayStroke(0);
        canvas.setLineWidth(0.6f);
        canvas.moveTo(x, top);
        canvas.lineTo(x + 6, top - 20);
        canvas.lineTo(x, top - 15);
        canvas.closePath();
        canvas.stroke();
        canvas.restoreState();
        text(canvas, "北", x, top - 31, 9, Element.ALIGN_CENTER);
    }

    /** A bar of about a fifth of the frame, in a round number of metres, halves alternating black and white. */
    private void scaleBar(PdfContentByte canvas, float x, float y, int denominator) {
        double metresPerPoint = denominator * 0.0254 / 72;
        double target = (RIGHT - LEFT) / 5 * metresPerPoint;
        double metres = 1;
        for (double step : new double[] { 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000 }) {
            if (step <= target) {
                metres = step;
            }
        }
        float length = (float) (metres / metresPerPoint);
        canvas.saveState();
        canvas.setGrayFill(1);
        canvas.rectangle(x - 4, y - 4, length + 36, 20);
        canvas.fill();
        canvas.setLineWidth(0.5f);
        canvas.setGrayStroke(0);
        for (int half = 0; half < 2; half++) {
            canvas.setGrayFill(half == 0 ? 0 : 1);
            canvas.rectangle(x + half * length / 2, y, length / 2, 3);
            canvas.fillStroke();
        }
        canvas.restoreState();
        text(canvas, "0", x, y + 5, 6.5f, Element.ALIGN_CENTER);
        text(canvas, (long) metres + " 米", x + length, y + 5, 6.5f, Element.ALIGN_CENTER);
    }

    private void legend(PdfContentByte canvas, float x, float y) {
        float width = 106;
        float height = 70;
        canvas.saveState();
        canvas.setGrayFill(1);
        canvas.setGrayStroke(0.3f);
        canvas.setLineWidth(0.5f);
        canvas.rectangle(x, y, width, height);
        canvas.fillStroke();
        float row = y + height - 12;
        text(canvas, "图例", x + width / 2, row, 7.5f, Element.ALIGN_CENTER);
        row -= 11;
        line(canvas, x + 6, row + 2.5f, OWN_BOUNDARY, 2.4f);
        text(canvas, "本普查小区界线", x + 30, row, 6.5f, Element.ALIGN_LEFT);
        row -= 10;
        line(canvas, x + 6, row + 2.5f, NEIGHBOUR_BOUNDARY, 1.2f);
        text(canvas, "相邻普查小区（编号）", x + 30, row, 6.5f, Element.ALIGN_LEFT);
        row -= 10;
        canvas.setColorFill(BUILDING);
        canvas.setGrayStroke(0.4f);
        canvas.rectangle(x + 8, row - 1, 14, 7);
        canvas.fillStroke();
        canvas.setGrayFill(1);
        canvas.setColorStroke(OWN_BOUNDARY);
        canvas.circle(x + 15, row + 2.5f, 3.5f);
        canvas.fillStroke();
        text(canvas, "建筑物及编号", x + 30, row, 6.5f, Element.ALIGN_LEFT);
        row -= 10;
        line(canvas, x + 6, row + 2.5f, ROAD_CASING, 3);
        line(canvas, x + 6, row + 2.5f, Color.WHITE, 1.8f);
        text(canvas, "道路（名称）", x + 30, row, 6.5f, Element.ALIGN_LEFT);
        row -= 10;
        canvas.setColorFill(WATER);
        canvas.rectangle(x + 6, row - 1, 18, 7);
        canvas.fill();
        text(canvas, "水系（名称）", x + 30, row, 6.5f, Element.ALIGN_LEFT);
        canvas.restoreState();
    }

    private static void line(PdfContentByte canvas, float x, float y, Color colour, float width) {
        canvas.setColorStroke(colour);
        canvas.setLineWidth(width);
        canvas.moveTo(x, y);
        canvas.lineTo(x + 18, y);
        canvas.stroke();
    }

    /**
     * Draws as many rows of the list as fit between {@code top} and the bottom margin, in two
     * groups side by side; answers the buildings left over.
     */
    private List<SubareaSheet.NumberedBuilding> buildingList(PdfContentByte canvas,
            List<SubareaSheet.NumberedBuilding> buildings, float top) {
        int rowsPerGroup = (int) ((top - BOTTOM) / ROW) - 1;
        float groupWidth = 0;
        for (float w : COLUMNS) {
            groupWidth += w;
        }
        int index = 0;
        for (int group = 0; group < 2 && index < buildings.size(); group++) {
            float x = LEFT + group * (groupWidth + GROUP_GAP);
            row(canvas, x, top, HEADINGS, true);
            for (int r = 0; r < rowsPerGroup && index < buildings.size(); r++, index++) {
                SubareaSheet.NumberedBuilding b = buildings.get(index);
                row(canvas, x, top - (r + 1) * ROW, new String[] { Integer.toString(b.number()), b.bid(),
                        b.floors() == null ? "" : b.floors().toString(), Integer.toString(b.households()),
                        b.part() == null ? "" : b.part() }, false);
            }
        }
        return buildings.subList(index, buildings.size());
    }

    private void row(PdfContentByte canvas, float x, float top, String[] cells, boolean heading) {
        canvas.saveState();
        canvas.setGrayStroke(0.55f);
        canvas.setLineWidth(heading ? 0.8f : 0.3f);
        float cellX = x;
        for (int i = 0; i < cells.length; i++) {
            canvas.rectangle(cellX, top - ROW, COLUMNS[i], ROW);
            canvas.stroke();
            text(canvas, cells[i], cellX + COLUMNS[i] / 2, top - ROW + 3, TEXT, Element.ALIGN_CENTER);
            cellX += COLUMNS[i];
        }
        canvas.restoreState();
    }

    private void text(PdfContentByte canvas, String text, float x, float y, float size, int alignment) {
        // black whatever fill colour the canvas was left with by the drawing before
        ColumnText.showTextAligned(canvas, alignment, new Phrase(text, new Font(font, size, Font.NORMAL, Color.BLACK)), x, y, 0);
    }
}
