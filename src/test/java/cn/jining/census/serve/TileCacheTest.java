package cn.jining.census.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The tile cache's bookkeeping: bounded by bytes, emptied by changes, never keeping what a change overtook. */
class TileCacheTest {

    private static final TileSet SET = new TileSet("subareas", "mvt", Set.of("subarea"), 64.0 / 4096);

    private static TileCache cacheOf(long bytes) {
        TileCache cache = new TileCache(new TileSettings() {
            public Duration statementTimeout() {
                return Duration.ofSeconds(5);
            }

            public int maxFeatures() {
                return 1;
            }

            public int maxBytes() {
                return 1;
            }

            public int connectionsPerEventLoop() {
                return 1;
            }

            public int waitingPerEventLoop() {
                return 1;
            }

            public long cacheBytes() {
                return bytes;
            }
        });
        cache.listening(true);
        return cache;
    }

    private static TileAddress tile(int x) {
        return new TileAddress(16, x, 100);
    }

    @Test
    void aTileIsBuiltOnceAndCarriesTheHashOfItsBytesAsEtag() throws Exception {
        TileCache cache = cacheOf(1 << 20);
        int[] builds = { 0 };
        TileCache.Cached first = cache.tile(SET, TileScope.EVERYTHING, tile(1), () -> { builds[0]++; return new byte[] { 1, 2, 3 }; });
        TileCache.Cached second = cache.tile(SET, TileScope.EVERYTHING, tile(1), () -> { builds[0]++; return new byte[] { 9 }; });
        assertEquals(1, builds[0]);
        assertArrayEquals(new byte[] { 1, 2, 3 }, second.bytes());
        assertEquals(first.etag(), TileCache.etag(TileScope.EVERYTHING, new byte[] { 1, 2, 3 }));
        assertNotEquals(first.etag(), TileCache.etag(TileScope.EVERYTHING, new byte[] { 1, 2, 4 }));
        assertTrue(first.etag().startsWith("\"") && first.etag().endsWith("\""));
    }

    @Test
    void eachScopeSetHasItsOwnTileAndEtagAndAChangeDropsEveryVariant() throws Exception {
        TileCache cache = cacheOf(1 << 20);
        TileScope mine = new TileScope(List.of("370999001001001"));
        TileScope theirs = new TileScope(List.of("370999001001002"));
        cache.tile(SET, TileScope.EVERYTHING, tile(1), () -> new byte[] { 1, 2 });
        TileCache.Cached scoped = cache.tile(SET, mine, tile(1), () -> new byte[] { 1 });
        assertArrayEquals(new byte[] { 1 }, scoped.bytes(), "not the tile cached for everything");
        TileCache.Cached same = cache.tile(SET, theirs, tile(1), () -> new byte[] { 1 });
        assertTrue(cache.holds(SET, mine, tile(1)) && cache.holds(SET, theirs, tile(1)));
        assertNotEquals(scoped.etag(), same.etag(), "the same bytes under other scopes carry another ETag");
        assertNotEquals(TileCache.etag(TileScope.EVERYTHING, new byte[] { 1 }), scoped.etag());
        cache.drop(new TileChange("subarea", List.of(tile(1).lonLatBounds(0)), false));
        assertFalse(cache.holds(SET, TileScope.EVERYTHING, tile(1)));
        assertFalse(cache.holds(SET, mine, tile(1)));
        assertFalse(cache.holds(SET, theirs, tile(1)));
    }

    @Test
    void leastRecentlyUsedGoFirstWhenTheBytesRunOut() throws Exception {
        TileCache cache = cacheOf(3 * (1000 + 160));
        for (int x = 1; x <= 3; x++) {
            cache.tile(SET, TileScope.EVERYTHING, tile(x), () -> new byte[1000]);
        }
        cache.tile(SET, TileScope.EVERYTHING, tile(1), () -> new byte[1000]); // used again: now the most recent
        cache.tile(SET, TileScope.EVERYTHING, tile(4), () -> new byte[1000]);
        assertTrue(cache.holds(SET, TileScope.EVERYTHING, tile(1)));
        assertFalse(cache.holds(SET, TileScope.EVERYTHING, tile(2)), "the least recently used went");
        assertTrue(cache.holds(SET, TileScope.EVERYTHING, tile(3)));
        assertTrue(cache.holds(SET, TileScope.EVERYTHING, tile(4)));
    }

    @Test
    void aTileBuiltWhileAChangeArrivedIsAnsweredButNotKept() throws Exception {
        TileCache cache = cacheOf(1 << 20);
        TileChange elsewhere = new TileChange("subarea", List.of(new LonLatBox(0, 0, 1, 1)), false);
        TileCache.Cached answered = cache.tile(SET, TileScope.EVERYTHING, tile(1), () -> {
            cache.drop(elsewhere);
            return new byte[] { 7 };
        });
        assertArrayEquals(new byte[] { 7 }, answered.bytes());
        assertFalse(cache.holds(SET, TileScope.EVERYTHING, tile(1)));
    }

    @Test
    void withoutTheListenerNothingIsKept() throws Exception {
        TileCache cache = cacheOf(1 << 20);
        cache.tile(SET, TileScope.EVERYTHING, tile(1), () -> new byte[] { 1 });
        cache.listening(false);
        assertFalse(cache.holds(SET, TileScope.EVERYTHING, tile(1)), "emptied when the listener is lost");
        cache.tile(SET, TileScope.EVERYTHING, tile(1), () -> new byte[] { 1 });
        assertFalse(cache.holds(SET, TileScope.EVERYTHING, tile(1)), "edits through other instances would go unheard");
    }

    @Test
    void aChangeDropsTheTilesItTouchesAndOnlyThose() throws Exception {
        TileCache cache = cacheOf(1 << 20);
        cache.tile(SET, TileScope.EVERYTHING, tile(1), () -> new byte[] { 1 });
        cache.tile(SET, TileScope.EVERYTHING, tile(500), () -> new byte[] { 2 });
        LonLatBox first = tile(1).lonLatBounds(0);
        int dropped = cache.drop(new TileChange("subarea", List.of(first), false));
        assertEquals(1, dropped);
        assertFalse(cache.holds(SET, TileScope.EVERYTHING, tile(1)));
        assertTrue(cache.holds(SET, TileScope.EVERYTHING, tile(500)));
    }
}
