package cn.jining.census.serve;

import java.util.List;

import cn.jining.census.security.Caller;

/**
 * Which features of a tile a request may see: every feature, or those of the census-work layers
 * whose division code starts with one of {@code prefixes} (the rule of {@link Caller#mayTouch}).
 * It is part of the tile's cache key and of its ETag, so that a tile built for one scope set is
 * never answered to a caller with another. The GeoJSON layers ({@link LayerQuery}) filter their
 * census-work layer by the same scope, so that both ways to the map show a caller the same
 * subareas.
 *
 * @param prefixes distinct and sorted, so that callers with the same scopes share cached tiles;
 *                 null for every feature
 */
public record TileScope(List<String> prefixes) {

    /** Every feature: base geography for anyone, census work for admins. */
    public static final TileScope EVERYTHING = new TileScope(null);

    /**
     * What {@code caller} sees of a set: everything of the base geography (the intranet base map
     * every role finds its way with), of the census-work layers everything when admin, else the
     * features inside the caller's scopes (none without scopes).
     */
    static TileScope of(Caller caller, boolean censusWork) {
        if (!censusWork || caller.isAdmin()) {
            return EVERYTHING;
        }
        return new TileScope(caller.scopes().stream().distinct().sorted().toList());
    }

    /** Whether every feature is seen. */
    public boolean everything() {
        return prefixes == null;
    }

    /** The {@code :scopes} parameter of the tile statements: a {@code text[]}, null for every feature. */
    public String[] sqlArray() {
        return everything() ? null : prefixes.toArray(String[]::new);
    }
}
