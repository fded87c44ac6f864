package cn.jining.census.serve;

import java.util.Set;

/**
 * A family of tiles under one URL pattern, {@code /tiles/{name}/{z}/{x}/{y}.{format}}: the
 * vector tiles of a layer, the PNG tiles of a drawn layer or of the base map.
 *
 * @param name   the layer or style in the URL
 * @param format {@code mvt} or {@code png}
 * @param tables the tables its tiles are made from: a change of one of them may change a tile
 * @param margin how far beyond its edge a tile reads features, in tile widths (the vector tile's
 *               buffer; for images also the labels, which reach beyond the feature they name)
 */
public record TileSet(String name, String format, Set<String> tables, double margin) {

    /** {@code subareas.mvt}: how the set is named in change events. */
    public String id() {
        return name + "." + format;
    }

    /** Whether a committed change may have changed {@code tile} of this set. */
    public boolean touchedBy(TileChange change, TileAddress tile) {
        if (!tables.contains(change.table())) {
            return false;
        }
        if (change.everywhere()) {
            return true;
        }
        LonLatBox bounds = tile.lonLatBounds(margin);
        return change.boxes().stream().anyMatch(box -> bounds.intersection(box).isPresent());
    }
}
