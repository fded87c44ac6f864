package cn.jining.census.serve;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;

import javax.imageio.ImageIO;

import jakarta.enterprise.context.ApplicationScoped;

import cn.jining.census.render.MapPainter;
import cn.jining.census.render.MapView;

/**
 * PNG tiles ({@value TileSets#IMAGE_PIXELS} pixels, Web Mercator, XYZ) painted by
 * {@link MapPainter} from the same tables as the vector tiles: the base map on the paper colour of
 * the intranet map, single layers on a transparent ground to lay over it.
 */
@ApplicationScoped
public class TileImages {

    /** The ground of the base map, where no land use is recorded. */
    private static final Color PAPER = new Color(0xf4f1ea);

    private final MapPainter painter;
    private final TileSets sets;

    public TileImages(MapPainter painter, TileSets sets) {
        this.painter = painter;
        this.sets = sets;
    }

    /** The PNG bytes of {@code tile} of an image set, its census work as far as {@code scope} sees. */
    public byte[] png(TileSet images, TileAddress tile, TileScope scope) throws SQLException {
        int pixels = TileSets.IMAGE_PIXELS;
        boolean baseMap = TileSets.BASE_MAP.equals(images.name());
        BufferedImage image = new BufferedImage(pixels, pixels, baseMap ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            if (baseMap) {
                g.setColor(PAPER);
                g.fillRect(0, 0, pixels, pixels);
            }
            painter.paint(g, MapView.ofTile(tile.z(), tile.x(), tile.y(), pixels), sets.drawnLayers(images),
                    scope.sqlArray());
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(16 * 1024);
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding into memory failed", e);
        }
        return png.toByteArray();
    }
}
