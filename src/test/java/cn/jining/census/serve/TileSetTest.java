package cn.jining.census.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Which tiles a committed change touches, from the triggers' notification. */
class TileSetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TileSet SUBAREA_TILES = new TileSet("subareas", "mvt", Set.of("subarea"), 64.0 / 4096);

    /** A zoom-16 tile in the east of Shandong. */
    private static final TileAddress TILE = new TileAddress(16, 54039, 25957);

    @Test
    void changeInsideTheTileTouchesIt() {
        LonLatBox tile = TILE.lonLatBounds(0);
        double lon = (tile.west() + tile.east()) / 2;
        double lat = (tile.south() + tile.north()) / 2;
        TileChange change = TileChange.parse(JSON, "{\"table\": \"subarea\", \"boxes\": [[" + lon + ", " + lat + ", " + lon
                + ", " + lat + "]]}");
        assertTrue(SUBAREA_TILES.touchedBy(change, TILE), "a point change is grown to a hair and still touches");
        assertTrue(SUBAREA_TILES.touchedBy(change, new TileAddress(12, 54039 >> 4, 25957 >> 4)), "and the tiles above it");
    }

    @Test
    void changeJustBeyondTheBufferLeavesTheTile() {
        LonLatBox tile = TILE.lonLatBounds(0);
        double width = tile.east() - tile.west();
        double inBuffer = tile.east() + width * 0.01;
        double beyond = tile.east() + width * 0.05;
        String box = "[%s, %s, %s, %s]";
        TileChange nearby = TileChange.parse(JSON, "{\"table\": \"subarea\", \"boxes\": ["
                + box.formatted(inBuffer, tile.south(), inBuffer + width, tile.north()) + "]}");
        TileChange away = TileChange.parse(JSON, "{\"table\": \"subarea\", \"boxes\": ["
                + box.formatted(beyond, tile.south(), beyond + width, tile.north()) + "]}");
        assertTrue(SUBAREA_TILES.touchedBy(nearby, TILE), "the 64/4096 buffer holds features just beyond the edge");
        assertFalse(SUBAREA_TILES.touchedBy(away, TILE));
    }

    @Test
    void changeOfAnotherTableTouchesNothing() {
        TileChange change = TileChange.parse(JSON, "{\"table\": \"building\", \"boxes\": null}");
        assertTrue(change.everywhere());
        assertFalse(SUBAREA_TILES.touchedBy(change, TILE));
        assertTrue(new TileSet("basemap", "png", Set.of("building", "road"), 0.5).touchedBy(change, TILE));
    }

    @Test
    void truncateTouchesEveryTileOfTheTable() {
        TileChange change = TileChange.parse(JSON, "{\"table\": \"subarea\", \"boxes\": null}");
        assertEquals(List.of(), change.boxes());
        assertTrue(SUBAREA_TILES.touchedBy(change, new TileAddress(0, 0, 0)));
    }

    @Test
    void payloadThatIsNotTheTriggersJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TileChange.parse(JSON, "subarea changed"));
        assertThrows(IllegalArgumentException.class, () -> TileChange.parse(JSON, "{\"boxes\": []}"));
    }
}
