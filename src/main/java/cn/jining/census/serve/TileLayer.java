package cn.jining.census.serve;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The layers served as Mapbox Vector Tiles at {@code /tiles/{layer}/{z}/{x}/{y}.mvt}, named as in
 * the URL and inside the tile.
 *
 * <p><b>Adding a layer</b> takes two things: a template {@code src/main/resources/tiles/<name>.sql}
 * (contract in {@link TileQuery}) and one line here: its name, least zoom, Chinese title (the
 * TileJSON description), whether it shows census work and the tables it reads. Edits of those
 * tables reach the tile cache and the open web maps when the table carries the tile-change
 * triggers: a migration adds them with {@code SELECT tiles_watch('<table>')} (see
 * {@code V5__tiles.sql}).
 *
 * <p>Least zooms: below them a feature would cover a few pixels at most while costing a full tile
 * to encode (a zoom-11 tile holding 38 000 of a district's 50 000 buildings took 1 s to build and
 * weighed 2.7 MB). Streets stay visible from zoom 6, where the district is a few pixels wide, so
 * that a viewer zoomed out can find it.
 *
 * <p><b>Census work and base geography.</b> The layers of census work ({@link #censusWork()}:
 * subareas, issues, assignments, progress) show a non-admin caller only the features inside their
 * scopes: their template filters by {@code :scopes} ({@link TileQuery}). The others are the base
 * geography of the intranet map, which every role needs to find its way, and show everything.
 */
public enum TileLayer {
    STREETS("streets", 6, "街道", false, "street"),
    AREAS("areas", 10, "普查区", false, "area"),
    SUBAREAS("subareas", 12, "普查小区", true, "subarea"),
    BUILDINGS("buildings", 14, "建筑物", false, "building"),
    ROADS("roads", 10, "道路", false, "road"),
    WATER("water", 10, "水系", false, "water"),
    LANDUSE("landuse", 12, "土地利用", false, "landuse"),
    ISSUES("issues", 10, "覆盖与规则问题", true, "coverage_issue"),
    ASSIGNMENTS("assignments", 12, "普查员分配", true, "subarea", "enumerator_assignment", "person"),
    PROGRESS("progress", 12, "普查进度", true, "subarea", "building_progress", "subarea_building");

    private final String layerName;
    private final int minZoom;
    private final String title;
    private final boolean censusWork;
    private final List<String> tables;

    TileLayer(String layerName, int minZoom, String title, boolean censusWork, String... tables) {
        this.layerName = layerName;
        this.minZoom = minZoom;
        this.title = title;
        this.censusWork = censusWork;
        this.tables = List.of(tables);
    }

    /** The name in URLs and inside tiles, e.g. {@code subareas}; also the template's file name. */
    public String layerName() {
        return layerName;
    }

    /** The least zoom at which the layer's tiles have content; below it they are empty. */
    public int minZoom() {
        return minZoom;
    }

    /** What the layer shows, in Chinese. */
    public String title() {
        return title;
    }

    /** Whether the layer shows census work, seen by non-admins only inside their scopes. */
    public boolean censusWork() {
        return censusWork;
    }

    /** The tables the layer's template reads. */
    public List<String> tables() {
        return tables;
    }

    /** The layer of a URL path segment (exact, lower case); empty for no layer. */
    public static Optional<TileLayer> named(String name) {
        return Arrays.stream(values()).filter(l -> l.layerName.equals(name)).findFirst();
    }

    /** The layer names separated by commas, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(TileLayer::layerName).collect(Collectors.joining(", "));
    }
}
