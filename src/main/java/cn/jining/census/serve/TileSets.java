package cn.jining.census.serve;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import cn.jining.census.render.DrawnLayer;
import cn.jining.census.render.MapPainter;
import cn.jining.census.security.Caller;

/**
 * Every tile set the service serves: the vector tiles of each {@link TileLayer}, and the PNG
 * images of the {@value #BASE_MAP} style ({@link MapPainter#BASE_MAP}) and of each
 * {@link DrawnLayer} alone (transparent, to lay over other tiles). A set shows census work when
 * its layer does ({@link TileLayer#censusWork()}, {@link DrawnLayer#censusWork()}): then what a
 * caller sees of it depends on their scopes ({@link TileScope}).
 */
@ApplicationScoped
public class TileSets {

    /** The style name of the raster base map in URLs. */
    public static final String BASE_MAP = "basemap";
    /** Pixels across a PNG tile. */
    public static final int IMAGE_PIXELS = 256;
    /**
     * How far beyond its edge a PNG tile depends on the map, in tile widths: features are read
     * 48 pixels beyond it and a label reaches up to about 80 pixels from its anchor.
     */
    private static final double IMAGE_MARGIN = 0.5;

    private final Map<TileLayer, TileSet> vector = new EnumMap<>(TileLayer.class);
    private final Map<String, TileSet> images = new LinkedHashMap<>();
    private final Map<TileSet, Set<DrawnLayer>> drawn = new LinkedHashMap<>();
    private final Set<TileSet> censusWork = new HashSet<>();

    public TileSets() {
        for (TileLayer layer : TileLayer.values()) {
            TileSet set = new TileSet(layer.layerName(), "mvt", Set.copyOf(layer.tables()),
                    (double) TileQuery.BUFFER / TileQuery.EXTENT);
            vector.put(layer, set);
            if (layer.censusWork()) {
                censusWork.add(set);
            }
        }
        addImages(BASE_MAP, MapPainter.BASE_MAP);
        for (DrawnLayer layer : DrawnLayer.values()) {
            addImages(layer.layerName(), Set.of(layer));
        }
    }

    private void addImages(String name, Set<DrawnLayer> layers) {
        Set<String> tables = layers.stream().map(DrawnLayer::table).collect(Collectors.toUnmodifiableSet());
        TileSet set = new TileSet(name, "png", tables, IMAGE_MARGIN);
        images.put(name, set);
        drawn.put(set, Collections.unmodifiableSet(layers));
        if (layers.stream().anyMatch(DrawnLayer::censusWork)) {
            censusWork.add(set);
        }
    }

    /** The vector tiles of a layer. */
    public TileSet vector(TileLayer layer) {
        return vector.get(layer);
    }

    /** The PNG tiles of a style or drawn layer name; empty for none. */
    public Optional<TileSet> images(String name) {
        return Optional.ofNullable(images.get(name));
    }

    /** The names PNG tiles are served under, for messages. */
    public String imageNames() {
        return String.join(", ", images.keySet());
    }

    /** The layers a PNG tile set paints. */
    public Set<DrawnLayer> drawnLayers(TileSet images) {
        return drawn.get(images);
    }

    /** What {@code caller} sees of the tiles of {@code set}. */
    public TileScope scope(TileSet set, Caller caller) {
        return TileScope.of(caller, censusWork.contains(set));
    }

    /** Every set. */
    public List<TileSet> all() {
        List<TileSet> sets = new ArrayList<>(vector.values());
        sets.addAll(images.values());
        return sets;
    }

    /** The sets whose tiles a change of {@code table} may change. */
    public List<TileSet> reading(String table) {
        List<TileSet> sets = new ArrayList<>();
        vector.values().stream().filter(s -> s.tables().contains(table)).forEach(sets::add);
        images.values().stream().filter(s -> s.tables().contains(table)).forEach(sets::add);
        return sets;
    }
}
